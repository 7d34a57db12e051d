"""WBS test settings: the lowest Argon2id cost (libsodium's minimum) and no failure delay, so the suite stays fast."""
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
