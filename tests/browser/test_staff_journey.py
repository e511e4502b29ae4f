"""A staff member's morning in the demo as `seed_demo` writes it: staf1
opens the queue and reads both clocks of each request where the demo's
stories put them (demo/stories.py), claims the overdue request and issues
its letter, reads the PDF back, copies the company's short link, issues the
rest in one batch, voids one letter and replaces it, records a company's
confirmation of the cover letter whose 14 working days nearly ran out, and
opens the KPI dashboard. Phone and desktop.

The clock stands still at 10:00 WIB on the latest working day (time-machine,
from before the seed): the unit is open, the demo's requests are exactly so
many service minutes old, and nothing ticks while the test runs, whatever
the hour or the day it runs at."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from playwright.sync_api import expect
from pypdf import PdfReader

from demo import people
from pkpk import kalender
from surat.models import Jam, Permintaan, Surat
from tests.support.browser import fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
WIB = ZoneInfo("Asia/Jakarta")

# The stories of demo/stories.py behind the queue, by student index.
FRESH = 0  # a letter request of 2 service minutes ago
CLAIMED = 4  # claimed by staf1 3 minutes after it came, 41 of its 60 minutes used
QUESTION = 19  # a question, 11 of its 15 minutes used
BREACHED = 23  # a letter request of 75 service minutes ago: past both clocks
CONFIRMING = 14  # a cover letter of 12 working days ago, not yet confirmed


@pytest.fixture
def morning(request, time_machine):
    """The demo, seeded at 10:00 WIB on the latest working day up to today,
    with the clock stopped there (demo service hours: 08:00-16:00)."""
    day = timezone.localdate()
    while not kalender.is_working_day(day):
        day -= dt.timedelta(days=1)
    time_machine.move_to(dt.datetime.combine(day, dt.time(10), tzinfo=WIB), tick=False)
    return request.getfixturevalue("seeded")


def left(n):
    return ngettext("%(n)s service minute left", "%(n)s service minutes left", n) % {"n": n}


def over(n):
    return ngettext("%(n)s minute over", "%(n)s minutes over", n) % {"n": n}


def done_in(n):
    return ngettext("done in %(n)s service minute", "done in %(n)s service minutes", n) % {"n": n}


def row(page, permintaan):
    link = page.locator(f"a[href='{reverse('surat:request_staff', args=[permintaan.pk])}']")
    return page.locator("#queue-rows tbody tr", has=link)


def test_a_staff_member_works_the_queue(page, live_server, viewport, shot, morning):
    requests = {
        i: Permintaan.objects.get(pemohon__nim=morning.student(i).nim)
        for i in (FRESH, CLAIMED, QUESTION, BREACHED)
    }
    letters_before = Surat.objects.count()
    page.set_viewport_size(viewport)
    sign_in(page, live_server, morning.logins["staf"], morning.password)
    page.wait_for_url("**/staf/")

    # The queue: both clocks per request, the most urgent first, the state in words.
    page.goto(live_server.url + reverse("surat:queue"))
    shot(page, "1-queue")
    order = [BREACHED, QUESTION, FRESH, CLAIMED]  # by the nearest running deadline
    links = page.locator("#queue-rows tbody tr td:nth-child(2) a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert links == [reverse("surat:request_staff", args=[requests[i].pk]) for i in order]
    breached = row(page, requests[BREACHED]).inner_text()
    assert _("Overdue") in breached
    assert over(60) in breached and over(15) in breached  # 75 minutes: 15 and 60 allowed
    question = row(page, requests[QUESTION]).inner_text()
    assert _("Nearly due") in question and left(4) in question
    claimed = row(page, requests[CLAIMED]).inner_text()
    assert _("Nearly due") in claimed
    assert done_in(3) in claimed and left(19) in claimed
    assert people.STAF[0][1] in claimed  # staf1 handles it
    fresh = row(page, requests[FRESH]).inner_text()
    assert _("On time") in fresh and left(13) in fresh and left(58) in fresh
    assert fits(page, viewport)

    # Claim the overdue request (its first response, late) and issue its letter.
    breached = requests[BREACHED]
    row(page, breached).get_by_role("link", name=f"#{breached.pk}").click()
    page.wait_for_url(f"**{reverse('surat:request_staff', args=[breached.pk])}")
    shot(page, "2-request")
    to_actions = page.get_by_role("link", name=_("To the staff actions"))
    if viewport["width"] < 992:  # the actions sit below the request on a phone
        to_actions.click()
        expect(page.get_by_role("button", name=_("Handle this request"))).to_be_in_viewport()
        shot(page, "2-request-actions")
    else:
        expect(to_actions).to_be_hidden()
    page.get_by_role("button", name=_("Handle this request")).click()
    handling = _("You are handling request #%(pk)s.") % {"pk": breached.pk}
    expect(page.get_by_text(handling)).to_be_visible()
    shot(page, "3-claimed")
    page.get_by_role("button", name=_("Issue the letter")).click()
    page.wait_for_url("**/surat/*/")
    student = morning.student(BREACHED)
    surat = Surat.objects.get(mahasiswa__nim=student.nim)
    assert page.get_by_role("heading", name=surat.nomor, exact=True).is_visible()
    # The company's link, for a chat message: copied with one button.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name=_("Copy")).click()
    page.get_by_role("status").filter(has_text=_("Link copied.")).wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "/p/" in copied  # the short link printed on the letter too
    shot(page, "4-issued-letter")
    assert fits(page, viewport)
    # The PDF as the company will read it.
    with page.expect_download() as download:
        page.get_by_role("link", name=_("Download the PDF")).click()
    with open(download.value.path(), "rb") as handle:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert surat.nomor in text and student.nim in text and student.nama in text
    assert "PT Sekupang Logistik Nusantara" in text and "/p/" in text

    # The company phoned about the cover letter whose 14 working days nearly
    # ran out: record it. A date in the future is refused next to the field.
    cover = Surat.objects.get(mahasiswa__nim=morning.student(CONFIRMING).nim)
    page.goto(live_server.url + reverse("surat:detail", args=[cover.pk]))
    clock = page.locator("section[aria-labelledby=confirmation-heading]")
    used = _("%(used)s of %(budget)s working days used") % {"used": 12, "budget": 14}
    assert _("Reminded") in clock.inner_text()  # running, and the company reminded at 07:00
    assert used in clock.inner_text()
    form = page.locator(f"form[action='{reverse('surat:confirm', args=[cover.pk])}']")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    form.get_by_label(_("Date of the confirmation")).fill(tomorrow.isoformat())
    form.get_by_role("button", name=_("Record")).click()
    page.wait_for_url(f"**{reverse('surat:confirm', args=[cover.pk])}")
    date_field = page.locator("#id_tanggal")
    assert date_field.get_attribute("aria-invalid") == "true"
    error = page.locator("#" + date_field.get_attribute("aria-describedby"))
    assert error.inner_text().strip() == _("The date cannot be in the future.")
    # Far down on a phone: the summary on top links to the field.
    summary = page.locator(".alert-danger")
    assert summary.get_by_role("link", name=_("Date of the confirmation")).is_visible()
    shot(page, "5-confirmation-error")
    form = page.locator(f"form[action='{reverse('surat:confirm', args=[cover.pk])}']")
    form.get_by_label(_("Date of the confirmation")).fill(timezone.localdate().isoformat())
    form.get_by_label(_("Note")).fill("Pak Rizal Hakim menerima mahasiswa lewat telepon.")
    form.get_by_role("button", name=_("Record")).click()
    page.wait_for_url(f"**{reverse('surat:detail', args=[cover.pk])}")
    assert page.get_by_text(_("The confirmation has been recorded.")).is_visible()
    assert page.get_by_text(_("Confirmed"), exact=True).is_visible()
    jam = Jam.objects.get(surat=cover, jenis=Jam.Jenis.KONFIRMASI)
    assert jam.berhenti_pada is not None  # the 14-working-day clock stopped
    shot(page, "6-confirmed")

    # The two letter requests left go out in one batch (the question is no letter).
    page.goto(live_server.url + reverse("surat:queue"))
    assert page.locator(f"#pick-{requests[QUESTION].pk}").count() == 0
    for i in (FRESH, CLAIMED):
        page.locator(f"#pick-{requests[i].pk}").check()
    page.get_by_role("button", name=_("Issue the selected letters")).click()
    page.wait_for_url("**/surat/batch/*/")
    assert page.get_by_text(_("Issued %(n)s of %(m)s.") % {"n": 2, "m": 2}).is_visible()
    shot(page, "7-batch-finished")
    assert fits(page, viewport)
    assert Surat.objects.count() == letters_before + 3

    # One of them named the wrong recipient: void it and issue a replacement.
    wrong = Surat.objects.get(mahasiswa__nim=morning.student(FRESH).nim)
    page.get_by_role("link", name=wrong.nomor).click()
    page.wait_for_url(f"**{reverse('surat:detail', args=[wrong.pk])}")
    shot(page, "8-letter")
    page.get_by_role("button", name=_("Void the letter")).click()  # no reason given
    page.wait_for_url(f"**{reverse('surat:void', args=[wrong.pk])}")
    summary = page.locator(".alert-danger")
    assert summary.get_by_role("link", name=_("Reason")).get_attribute("href") == "#void-alasan"
    reason = page.locator("#void-alasan")
    assert reason.get_attribute("aria-invalid") == "true"
    # The reason is described by its length hint and by its error.
    described = reason.get_attribute("aria-describedby").split()
    error = page.locator("#" + next(i for i in described if i.endswith("_error")))
    assert error.inner_text().strip() == _("Give the reason for voiding the letter.")
    wrong.refresh_from_db()
    assert wrong.sah
    shot(page, "9-void-needs-a-reason")
    page.locator("#ganti-alasan").fill("Nama penerima salah")
    page.get_by_role("button", name=_("Void and replace")).click()
    page.wait_for_url(lambda url: not url.endswith(("/batalkan/", "/ganti/")))
    wrong.refresh_from_db()
    assert not wrong.sah and wrong.pengganti is not None
    page.wait_for_url(f"**{reverse('surat:detail', args=[wrong.pengganti.pk])}")
    assert page.get_by_role("heading", name=wrong.pengganti.nomor, exact=True).is_visible()
    shot(page, "10-replacement")
    page.goto(live_server.url + reverse("surat:detail", args=[wrong.pk]))
    assert page.get_by_text(_("Voided"), exact=True).first.is_visible()
    assert page.get_by_role("link", name=wrong.pengganti.nomor).is_visible()
    shot(page, "11-voided-original")

    # The KPI dashboard: this year's clocks, the charts with their tables.
    page.goto(live_server.url + reverse("rekap:kpi_dashboard"))
    assert page.get_by_role("heading", name=_("KPI dashboard")).is_visible()
    assert page.get_by_role("img").count() >= 1
    shot(page, "12-kpi-dashboard")
    assert fits(page, viewport)
