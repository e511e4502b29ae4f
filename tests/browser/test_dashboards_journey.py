"""The two home pages with the demo's morning, as `seed_demo` writes it:
staff see what to do now and open the lists behind the counts; a
coordinator (Teknik Informatika) sees where each of their students stands,
opens a timeline, their department's KPIs and partner register. Phone and
desktop, screenshots and axe on every page.

The demo places its requests by service minutes before now and its letters
by working days before today (demo/stories.py), so the counts hold at
any hour the test runs."""

import pytest
from django.urls import reverse

from tests.support.browser import fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# What the demo's stories leave on the staff home (demo/stories.py).
STAFF_COUNTS = {
    "requests": "4",  # stories 0 (fresh), 4 (claimed, past 2/3), 19 (a question), 23
    "overdue-requests": "1",  # 23: past both clocks
    "replies": "1",  # 28 uploaded the company's reply
    "confirmations": "1",  # 14's cover letter: 2 working days left
    "partnerships": "1",  # demo/partners.py: one ending within 90 days
    "overdue-confirmations": "0",
}


def test_staff_see_what_to_do_now(page, live_server, viewport, shot, seeded):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["staf"], seeded.password)
    page.wait_for_url("**/staf/")
    shot(page, "1-staff-home")
    assert fits(page, viewport)
    counts = {
        key: page.locator(f"[data-count={key}] .h3").inner_text().strip() for key in [*STAFF_COUNTS]
    }
    assert counts == STAFF_COUNTS

    page.locator("[data-count=overdue-requests]").click()
    page.wait_for_url("**tenggat=lewat**")
    shot(page, "2-queue-past-deadline")
    assert page.locator("#queue-rows tbody tr").count() == int(STAFF_COUNTS["overdue-requests"])

    page.goto(live_server.url + reverse("pkpk:staff_home"))
    page.locator("[data-count=confirmations]").click()
    page.wait_for_url("**tenggat=segera**")
    shot(page, "3-confirmations-due")
    assert fits(page, viewport)


def test_a_coordinator_sees_where_each_student_stands(page, live_server, viewport, shot, seeded):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["koordinator"], seeded.password)
    page.wait_for_url("**/koordinator/")
    shot(page, "1-coordinator-home")
    assert fits(page, viewport)
    body = page.locator("main").inner_text()
    assert "Teknologi Rekayasa Perangkat Lunak" in body

    page.locator("#id_keadaan").select_option("menunggu")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**keadaan=menunggu**")
    shot(page, "2-waiting")
    first = page.locator("tbody tr[data-student] a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/linimasa/")
    assert name in page.locator("h1").inner_text()
    shot(page, "3-timeline")

    page.goto(live_server.url + reverse("rekap:kpi_dashboard"))
    shot(page, "4-kpi")
    assert fits(page, viewport)
    page.goto(live_server.url + reverse("rekap:kerjasama_list"))
    shot(page, "5-partners")
    assert page.locator(f"a[href='{reverse('rekap:kerjasama_create')}']").count() == 0
    assert fits(page, viewport)
