"""A company answers through the signed link printed on its letters, without
an account: per student on the application letter (one accepted, one not),
then the cover letter's confirmation and the feedback form. A tampered link
gets a plain "not found" page. Phone and desktop."""

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from magang.models import Pendaftaran
from surat import company_links, services
from surat.models import Jam, Jenis, UmpanBalik
from tests.factories import LowonganFactory, MahasiswaFactory
from tests.magang.conftest import submit

from .conftest import fits

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def _links_to_live_server(settings, live_server):
    # The letter, its QR and the e-mail print SITE_URL + the path.
    settings.SITE_URL = live_server.url


def issue(applications, staff, jenis=Jenis.PERMOHONAN):
    return services.issue_letter(
        jenis=jenis,
        pendaftaran_list=applications,
        by=staff,
        penerima_jabatan="Manajer HRD",
        penerima_nama="Ibu Ratna",
    )


def test_a_company_answers_confirms_and_gives_feedback(
    page, live_server, viewport, shot, _links_to_live_server, staff, student_a, prodi_x
):
    lowongan = LowonganFactory(
        posisi="Teknisi Jaringan Magang",
        perusahaan__nama="PT Nongsa Digital Kreasi",
        perusahaan__kota="Batam",
        prodi=[prodi_x],
    )
    citra = MahasiswaFactory(nim="3312501077", prodi=prodi_x, user__nama="Citra Dewi")
    ani_app, citra_app = submit(student_a, lowongan=lowongan), submit(citra, lowongan=lowongan)
    letter = issue([ani_app, citra_app], staff)
    page.set_viewport_size(viewport)

    # The link on the application letter: one form per student.
    page.goto(company_links.make_link(letter))
    assert page.get_by_role("heading", name="Ani Lestari").is_visible()
    assert page.get_by_role("heading", name="Citra Dewi").is_visible()
    shot(page, "1-answer-form")
    assert fits(page, viewport)

    # Sent without a name or a choice: nothing is saved, each error sits by its field.
    page.get_by_role("button", name=_("Send the answer")).click()
    nothing_saved = _(
        "Nothing has been saved yet. Please correct the fields marked below and send again."
    )
    expect(page.get_by_text(nothing_saved)).to_be_visible()
    assert page.locator("#id_pengisi-nama").get_attribute("aria-invalid") == "true"
    shot(page, "2-answer-errors")

    ani = page.locator("section", has=page.get_by_role("heading", name="Ani Lestari"))
    ani.get_by_text(_("Accepted"), exact=True).click()
    ani.get_by_label(_("Placement (division or unit)")).fill("Divisi Jaringan")
    citra_card = page.locator("section", has=page.get_by_role("heading", name="Citra Dewi"))
    citra_card.get_by_text(_("Not accepted"), exact=True).click()
    page.get_by_label(_("Your name")).fill("Ibu Ratna")
    page.get_by_label(_("Your position")).fill("Manajer HRD")
    page.get_by_role("button", name=_("Send the answer")).click()
    expect(page.get_by_text(_("Thank you: your answer has been recorded."))).to_be_visible()
    shot(page, "3-answers-recorded")
    ani_app.refresh_from_db()
    citra_app.refresh_from_db()
    assert ani_app.status == Pendaftaran.Status.DITERIMA
    assert ani_app.penempatan == "Divisi Jaringan"
    assert citra_app.status == Pendaftaran.Status.DITOLAK

    # The cover letter for the accepted student: confirm, then the feedback form.
    cover = issue([ani_app], staff, jenis=Jenis.PENGANTAR)
    page.goto(company_links.make_link(cover))
    shot(page, "4-cover-confirmation")
    page.get_by_text(_("Taken"), exact=True).click()
    page.get_by_label(_("Your name")).fill("Ibu Ratna")
    page.get_by_role("button", name=_("Send the answer")).click()
    expect(page.get_by_text(_("Thank you: your answer has been recorded."))).to_be_visible()
    assert Jam.objects.get(surat=cover, jenis=Jam.Jenis.KONFIRMASI).berhenti_pada is not None
    shot(page, "5-cover-confirmed")

    page.get_by_role("link", name=_("Give feedback")).click()
    page.wait_for_url("**/umpan-balik/")
    shot(page, "6-feedback-form")
    assert fits(page, viewport)
    for fieldset in page.locator("form fieldset").all():
        fieldset.get_by_text(_("4 · very good"), exact=True).click()
    page.get_by_label(_("Comments and suggestions")).fill("Mahasiswa sangat membantu tim kami.")
    page.get_by_label(_("Filled in by")).fill("Ibu Ratna")
    page.get_by_role("button", name=_("Send the feedback")).click()
    expect(page.get_by_role("status")).to_be_visible()
    feedback = UmpanBalik.objects.get(surat=cover)
    day = date_filter(timezone.localtime(feedback.diisi_pada), "j F Y")
    # Thanked once: no flash message on top of the page's own thanks.
    expect(page.get_by_role("status")).to_have_text(
        _("Thank you: your feedback for this letter was received on %(day)s.") % {"day": day}
    )
    expect(page.get_by_role("alert")).to_have_count(0)
    assert {n.nilai for n in feedback.nilai.all()} == {4}
    shot(page, "7-feedback-thanks")

    # A link cut short or altered opens nothing, and says whom to ask.
    response = page.goto(company_links.make_link(cover)[:-3] + "xyz")
    assert response.status == 404
    assert page.get_by_role("heading", name=_("This link is not valid")).is_visible()
    shot(page, "8-tampered-link")
