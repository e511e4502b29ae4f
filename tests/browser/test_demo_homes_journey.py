"""Each role's first page in the demo as `make run` seeds it: signed in with
the logins `seed_demo --print-logins` prints, every home shows work to do,
on a phone and on a desktop."""

import pytest
from django.utils.translation import gettext as _

from tests.support.browser import fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_student_home_has_a_countdown_and_a_request(
    page, live_server, viewport, shot, seeded
):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["mahasiswa"], seeded.password)
    page.wait_for_url("**/mahasiswa/")
    main = page.locator("main")
    assert main.get_by_text(seeded.student(0).nama).first.is_visible()
    assert main.get_by_text("PT Nongsa Digital Kreasi").first.is_visible()
    # Registered 3 working days ago, whatever today is.
    assert main.get_by_text("7 hari kerja lagi").is_visible()
    shot(page, "student-home")
    assert fits(page, viewport)


def test_the_demo_staff_home_has_work(page, live_server, viewport, shot, seeded):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["staf"], seeded.password)
    page.wait_for_url("**/staf/")
    assert page.get_by_role("heading", name=_("Staff dashboard")).is_visible()
    main = page.locator("main")
    # The breached request, the fresh one and the claimed one are listed;
    # the cover letter of 12 working days ago is about to be due.
    for index in (23, 0, 4):
        assert main.get_by_text(seeded.student(index).nama).first.is_visible()
    assert main.get_by_text("2 hari kerja lagi").first.is_visible()
    assert main.get_by_text("PT Nongsa Digital Kreasi").first.is_visible()  # partnership ending
    shot(page, "staff-home")
    assert fits(page, viewport)


def test_the_demo_coordinator_home_has_work(page, live_server, viewport, shot, seeded):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["koordinator"], seeded.password)
    page.wait_for_url("**/koordinator/")
    main = page.locator("main")
    for prodi in ("D3 Teknik Informatika", "D4 Animasi", "D4 Rekayasa Keamanan Siber"):
        assert main.get_by_text(prodi).first.is_visible()
    shot(page, "coordinator-home")
    assert fits(page, viewport)
