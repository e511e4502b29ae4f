"""Browser tests: Playwright drives Debian's Chromium against a live server.
Screenshots of every step land in var/test-artifacts/ (kept, not committed),
and every screenshotted page is checked by axe-core (WCAG 2.1 A and AA)."""

import pytest

from demo.seed import seed
from tests.support.browser import ARTIFACTS, CHROMIUM, DESKTOP, PHONE, Demo, assert_accessible


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Bootstrap turns its transitions off for reduced motion: screenshots and
    # axe then see each state settled, not a button halfway through its
    # hover fade (a contrast failure that came and went).
    return {**browser_context_args, "reduced_motion": "reduce"}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads and letters of a browser test land in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def viewport(request):
    return request.param


@pytest.fixture
def shot(request, viewport):
    """shot(page, "step-name") saves a full-page screenshot of this step and
    fails the test if axe-core finds a WCAG 2.1 A/AA violation on it."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = request.node.name.replace("[", "-").replace("]", "")

    def take(page, step, *, accessible=True):
        page.screenshot(path=str(ARTIFACTS / f"{prefix}-{step}.png"), full_page=True)
        if accessible:
            assert_accessible(page, f"{prefix}-{step} ({page.url})")

    return take


@pytest.fixture
def page(page):
    """The page of pytest-playwright, failing the test when the browser
    refused anything under the Content Security Policy."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    assert not refused, refused


@pytest.fixture
def seeded(transactional_db, settings):
    """seed_demo, run for real in the live server's database (about 2 s)."""
    seed()
    return Demo()
