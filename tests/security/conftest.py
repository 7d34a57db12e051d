"""Security suite settings: the cheapest WBS Argon2id cost and no failure delay (as tests/wbs), so it stays fast."""
import pytest

FAST = {'WBS_ARGON2_OPS': 1, 'WBS_ARGON2_MEM': 8192, 'WBS_FAIL_DELAY': 0}


@pytest.fixture(autouse=True)
def _fast_wbs(request):
    if 'app' not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue('app')
    saved = {k: app.config.get(k) for k in FAST}
    app.config.update(FAST)
    yield
    app.config.update(saved)
