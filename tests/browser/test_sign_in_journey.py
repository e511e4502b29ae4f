"""Each role signs in on a phone and on a desktop and lands on its own page."""

import pytest
from django.utils.translation import gettext as _

from tests.support.browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_student_signs_in_with_the_nim(page, live_server, viewport, shot, seeded):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/masuk/")
    shot(page, "1-sign-in")
    sign_in(page, live_server, seeded.logins["mahasiswa"], seeded.password)
    page.wait_for_url("**/mahasiswa/")
    assert page.locator("main").get_by_text(seeded.student(0).nama).first.is_visible()
    shot(page, "2-student-home")
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_staff_sign_in_and_see_their_dashboard(page, live_server, viewport, shot, seeded):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["staf"], seeded.password)
    page.wait_for_url("**/staf/")
    shot(page, "staff-home")
    assert page.get_by_role("heading", name=_("Staff dashboard")).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_a_wrong_password_is_explained(page, live_server, viewport, shot, seeded):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["mahasiswa"], "salah-sekali")
    shot(page, "wrong-password")
    assert page.get_by_text(
        _("The NIM/e-mail or the password is wrong. Mind capital letters in the password.")
    ).is_visible()


def test_asking_for_too_many_reset_links_is_explained(page, live_server, viewport, shot, seeded):
    from pkpk.password_reset import LIMIT_PER_EMAIL

    page.set_viewport_size(viewport)
    for _attempt in range(LIMIT_PER_EMAIL + 1):
        page.goto(f"{live_server.url}/sandi/lupa/")
        page.locator("input[name=email]").fill(seeded.student(0).email)
        page.get_by_role("button", name=_("Send the link")).click()
        page.wait_for_load_state()
    shot(page, "reset-throttled")
    assert page.get_by_text("Terlalu banyak permintaan tautan").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
