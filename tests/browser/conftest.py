"""Browser tests: Playwright drives Debian's Chromium against a live server.
Screenshots of every step land in var/test-artifacts/ (kept, not committed),
and every screenshotted page is checked by axe-core (WCAG 2.1 A and AA)."""

import json
from pathlib import Path

import pytest

from demo import people, stories
from demo.seed import seed

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


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


def fits(page, viewport):
    """Nothing sticks out sideways at this width."""
    return page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def viewport(request):
    return request.param


def axe_violations(page):
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now. The
    script is evaluated over the DevTools protocol, which the page's Content
    Security Policy does not govern, so the page itself stays unchanged."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in result["violations"]
    ]


def assert_accessible(page, step=""):
    violations = axe_violations(page)
    assert not violations, f"axe at {step or page.url}:\n" + json.dumps(violations, indent=1)


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


class Demo:
    """The demo as `seed_demo` writes it (what `make run` shows), seeded into
    the live server's database. Journeys sign in with its logins and find its
    objects by their demo keys (a student's index in people.students(), a
    vacancy's position, a letter's student), never by a pk."""

    password = people.PASSWORD

    def __init__(self):
        self.logins = {role: username for role, username, _note in people.logins()}

    def student(self, index):
        """The demo student at `index` of people.students() (see the stories in
        demo/stories.py): DemoStudent with nim, nama, prodi."""
        return people.students()[index]

    def free_student(self, prodi):
        """A demo student of programme `prodi` with no story: free to register."""
        return next(
            s
            for i, s in enumerate(people.students())
            if s.prodi == prodi and i not in stories.STORIES
        )


@pytest.fixture
def seeded(transactional_db, settings):
    """seed_demo, run for real in the live server's database (about 2 s)."""
    seed()
    return Demo()
