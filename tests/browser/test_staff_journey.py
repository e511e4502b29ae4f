"""A staff member's morning: the queue with both clocks, one request claimed
and issued, several issued in a batch, a letter voided and replaced, a
company's confirmation recorded, and the KPI dashboard. Phone and desktop.

The live server runs on the real clock, so the data fits whatever the time
is: service hours are the whole day and today is a working day, and each
request reached the unit a set number of minutes ago."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from playwright.sync_api import expect

from magang import answers as magang_answers
from pkpk.models import HariKalender, Institusi, JamLayanan
from surat.desk import requesting
from surat.models import Jam, Jenis, Surat
from tests.factories import MahasiswaFactory, PerusahaanFactory
from tests.magang.conftest import submit

from .conftest import fits
from .test_sign_in_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_all_day():
    """Service hours round the clock, and the days around today working days
    (a Sunday or a holiday included), so the clocks run while the test does."""
    institusi = Institusi.load()
    for hari in range(7):
        JamLayanan.objects.update_or_create(
            institusi=institusi,
            hari=hari,
            defaults={
                "buka": dt.time(0, 0),
                "tutup": dt.time(23, 59),
                "istirahat_mulai": None,
                "istirahat_selesai": None,
            },
        )
    today = timezone.localdate()
    for offset in (-1, 0, 1):
        HariKalender.objects.update_or_create(
            tanggal=today + dt.timedelta(days=offset),
            defaults={"jenis": HariKalender.Jenis.MASUK, "keterangan": "Uji peramban"},
        )


def ask(mahasiswa, *, minutes_ago, jenis=Jenis.PERMOHONAN, accepted_by=None):
    """A letter request of `mahasiswa` for a new company that reached the
    unit `minutes_ago` minutes ago."""
    pendaftaran = submit(mahasiswa, perusahaan=PerusahaanFactory())
    if accepted_by:
        pendaftaran = magang_answers.record_answer(
            pendaftaran=pendaftaran, hasil="diterima", by=accepted_by
        )
    return requesting.submit_letter_request(
        pemohon=mahasiswa,
        jenis=jenis,
        pendaftaran=pendaftaran,
        penerima_jabatan="Manajer HRD",
        penerima_nama="Ibu Ratna",
        mulai=dt.date(2027, 2, 1),
        selesai=dt.date(2027, 5, 31),
        data_benar=True,
        now=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


def left(n):
    return ngettext("%(n)s service minute left", "%(n)s service minutes left", n) % {"n": n}


def over(n):
    return ngettext("%(n)s minute over", "%(n)s minutes over", n) % {"n": n}


def row(page, permintaan):
    return page.locator("#queue-rows tr", has=page.locator(f"#pick-{permintaan.pk}"))


def test_a_staff_member_works_the_queue(
    page, live_server, viewport, shot, open_all_day, staff, student_a, prodi_x, password
):
    cover = ask(student_a, minutes_ago=12, jenis=Jenis.PENGANTAR, accepted_by=staff)
    others = [
        ask(MahasiswaFactory(prodi=prodi_x, nim=f"331250200{i}"), minutes_ago=minutes)
        for i, minutes in enumerate([2, 20, 5], start=1)
    ]
    page.set_viewport_size(viewport)
    sign_in(page, live_server, "staf@example.test", password)
    page.wait_for_url("**/staf/")

    # The queue: both clocks per request, the most urgent first, the state in words.
    page.goto(live_server.url + reverse("surat:queue"))
    shot(page, "1-queue")
    overdue = row(page, others[1]).inner_text()
    assert _("Overdue") in overdue  # 20 minutes after arriving: 15 were allowed
    assert over(5) in overdue or over(6) in overdue
    nearly = row(page, cover).inner_text()
    assert _("Nearly due") in nearly
    assert left(3) in nearly or left(2) in nearly
    assert left(48) in nearly or left(47) in nearly
    fresh = row(page, others[0]).inner_text()
    assert left(13) in fresh or left(12) in fresh
    assert fits(page, viewport)

    # Claim the cover-letter request (the first response) and issue it.
    row(page, cover).get_by_role("link", name=f"#{cover.pk}").click()
    page.wait_for_url(f"**{reverse('surat:request_staff', args=[cover.pk])}")
    shot(page, "2-request")
    to_actions = page.get_by_role("link", name=_("To the staff actions"))
    if viewport["width"] < 992:  # the actions sit below the request on a phone
        to_actions.click()
        expect(page.get_by_role("button", name=_("Handle this request"))).to_be_in_viewport()
        shot(page, "2-request-actions")
    else:
        expect(to_actions).to_be_hidden()
    page.get_by_role("button", name=_("Handle this request")).click()
    handling = _("You are handling request #%(pk)s.") % {"pk": cover.pk}
    expect(page.get_by_text(handling)).to_be_visible()
    shot(page, "3-claimed")
    page.get_by_role("button", name=_("Issue the letter")).click()
    page.wait_for_url("**/surat/*/")
    surat = Surat.objects.get()
    assert page.get_by_role("heading", name=surat.nomor, exact=True).is_visible()
    assert page.get_by_text(_("Running"), exact=True).is_visible()
    # The company's link, for a chat message: copied with one button.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name=_("Copy")).click()
    page.get_by_role("status").filter(has_text=_("Link copied.")).wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "/p/" in copied  # the short link printed on the letter too
    shot(page, "4-issued-cover-letter")
    assert fits(page, viewport)

    # The company phoned: record it. A date in the future is refused next to the field.
    form = page.locator(f"form[action='{reverse('surat:confirm', args=[surat.pk])}']")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    form.get_by_label(_("Date of the confirmation")).fill(tomorrow.isoformat())
    form.get_by_role("button", name=_("Record")).click()
    page.wait_for_url(f"**{reverse('surat:confirm', args=[surat.pk])}")
    date_field = page.locator("#id_tanggal")
    assert date_field.get_attribute("aria-invalid") == "true"
    error = page.locator("#" + date_field.get_attribute("aria-describedby"))
    assert error.inner_text().strip() == _("The date cannot be in the future.")
    # Far down on a phone: the summary on top links to the field.
    summary = page.locator(".alert-danger")
    assert summary.get_by_role("link", name=_("Date of the confirmation")).is_visible()
    shot(page, "5-confirmation-error")
    form = page.locator(f"form[action='{reverse('surat:confirm', args=[surat.pk])}']")
    form.get_by_label(_("Date of the confirmation")).fill(timezone.localdate().isoformat())
    form.get_by_label(_("Note")).fill("Ibu Ratna menerima mahasiswa lewat telepon.")
    form.get_by_role("button", name=_("Record")).click()
    page.wait_for_url(f"**{reverse('surat:detail', args=[surat.pk])}")
    assert page.get_by_text(_("The confirmation has been recorded.")).is_visible()
    assert page.get_by_text(_("Confirmed"), exact=True).is_visible()
    jam = Jam.objects.get(surat=surat, jenis=Jam.Jenis.KONFIRMASI)
    assert jam.berhenti_pada is not None  # the 14-working-day clock stopped
    shot(page, "6-confirmed")

    # The three letter requests left go out in one batch.
    page.goto(live_server.url + reverse("surat:queue"))
    for permintaan in others:
        page.locator(f"#pick-{permintaan.pk}").check()
    page.get_by_role("button", name=_("Issue the selected letters")).click()
    page.wait_for_url("**/surat/batch/*/")
    assert page.get_by_text(_("Issued %(n)s of %(m)s.") % {"n": 3, "m": 3}).is_visible()
    shot(page, "7-batch-finished")
    assert fits(page, viewport)
    assert Surat.objects.count() == 4

    # One of them named the wrong recipient: void it and issue a replacement.
    wrong = Surat.objects.exclude(pk=surat.pk).order_by("urutan").first()
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
