"""WBS test settings: the lowest Argon2id cost (libsodium's minimum) and no failure delay, so the suite stays fast."""
import pytest


@pytest.fixture(autouse=True)
def _fast_wbs(request):
    if 'app' in request.fixturenames:
        request.getfixturevalue('fast_wbs')
