# Two commands on a fresh machine:  `make run` (install, migrate, demo data, serve)  and  `make test`.
VENV ?= .venv
BIN = $(VENV)/bin
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP = portal

.PHONY: install run test test-fast test-browser chromium lint translations clean

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	@echo 'Serving on http://$(HOST):$(PORT)/ (staff: /staf/masuk); Ctrl-C stops it.'
	GUNICORN_WORKERS=2 PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/gunicorn -c deploy/gunicorn.conf.py --bind $(HOST):$(PORT)

# Debian's Chromium for the browser tests (never a browser downloaded by a test tool), and poppler's pdftoppm,
# which renders the posters and reports to PNG so the tests can decode and look at them.
chromium:
	@{ command -v chromium && command -v pdftoppm; } >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-dejavu-core; }

test: install chromium
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m 'not browser'

test-browser: install chromium
	$(BIN)/pytest -m browser

lint: install
	$(BIN)/ruff check .

translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_pgettext:1c,2 -w 120 -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching -w 120
	$(BIN)/pybabel compile -d translations

clean:
	rm -rf $(VENV) test-output *.egg-info
