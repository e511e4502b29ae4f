"""The browser journeys' helpers: where Chromium and axe-core are, the two
screen sizes, signing in, the accessibility check, and the demo as the live
server's database holds it. Screenshots land in var/test-artifacts/."""

import json
from pathlib import Path

from django.utils.translation import gettext as _

from demo import people, stories

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def fits(page, viewport):
    """Nothing sticks out sideways at this width."""
    return page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


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


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label(_("NIM or e-mail")).fill(username)
    page.get_by_label(_("Password")).fill(password)
    page.get_by_role("button", name=_("Sign in")).click()
