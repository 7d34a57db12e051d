"""Security suite settings: the cheapest WBS Argon2id cost and no failure delay (as tests/wbs), so it stays fast."""
import pytest


@pytest.fixture(autouse=True)
def _fast_wbs(request):
    if 'app' in request.fixturenames:
        request.getfixturevalue('fast_wbs')
