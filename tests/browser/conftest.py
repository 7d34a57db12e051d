"""Browser fixtures: the app served over real HTTP in a thread, and Debian's Chromium driven by Playwright."""
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get('CHROMIUM_PATH', '/usr/bin/chromium')
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--disable-quic', '--no-first-run']
PHONE = {'width': 360, 'height': 740}
DESKTOP = {'width': 1280, 'height': 800}


def pytest_collection_modifyitems(items):
    for item in items:
        if '/browser/' in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope='session')
def live_server(app):
    """The test app on a real HTTP port; yields its base URL."""
    server = make_server('127.0.0.1', 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f'http://127.0.0.1:{server.server_port}'
    server.shutdown()


@pytest.fixture(scope='session')
def browser():
    """Headless Debian Chromium (never a downloaded browser)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f'Chromium not found at {CHROMIUM}: apt-get install -y chromium')
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A fresh 360x740 page with a touch screen."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale='id-ID')
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    """A fresh 1280x800 page."""
    context = browser.new_context(viewport=DESKTOP, locale='id-ID')
    yield context.new_page()
    context.close()


def no_horizontal_scroll(page):
    """True when the page is no wider than its viewport."""
    return page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')


def untappable(page):
    """The page's visible disclosures (summary) and check boxes' labels that are not 44 px targets, and the
    disclosures that draw no triangle: [(text, height, triangle)]; empty when all are fine."""
    return page.evaluate("""[...document.querySelectorAll('main summary, main label.check')]
      .filter(e => e.getClientRects().length)
      .map(e => [e.textContent.trim().slice(0, 40), e.getBoundingClientRect().height,
                 e.tagName !== 'SUMMARY' || getComputedStyle(e, '::before').content.includes('\u25b8')
                   || getComputedStyle(e, '::before').content.includes('\u25be')])
      .filter(([, height, triangle]) => height < 44 || !triangle)""")


def wait_until(page, expression, timeout=5.0):
    """Poll `expression` in the page until it is true (an AssertionError after `timeout` seconds). Playwright's own
    wait_for_function polls through eval, which the app's Content-Security-Policy (script-src 'self') refuses
    whenever the first look finds it false; page.evaluate goes through the DevTools protocol, which the CSP allows."""
    for _ in range(int(timeout / 0.05)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f'still false after {timeout} s: {expression}')
