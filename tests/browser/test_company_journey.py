"""A company answers through the signed link printed on its letters, without
an account: per student on the application letter (one accepted, one not),
then the cover letter's confirmation and the feedback form. A tampered link
gets a plain "not found" page. Phone and desktop. In the demo as it is
seeded: the two demo students waiting at PT Nongsa Digital Kreasi's web
vacancy (staf1 issues their application letter, as the queue would), and
the demo's cover letter to PT Hang Nadim Aero Services whose 14-working-day
confirmation nearly ran out."""

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from magang.models import Pendaftaran
from pkpk.models import User
from surat.company import links as company_links
from surat.letters import services
from surat.models import Jam, Jenis, Surat, UmpanBalik
from tests.support.browser import fits

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def _links_to_live_server(settings, live_server):
    # The letter, its QR and the e-mail print SITE_URL + the path.
    settings.SITE_URL = live_server.url


def issue(applications, staff):
    """The application letter to the demo company's contact person."""
    return services.issue_letter(
        jenis=Jenis.PERMOHONAN,
        pendaftaran_list=applications,
        by=staff,
        penerima_jabatan="Head of Studio",
        penerima_nama="Kevin Pratama",
    )


# demo/stories.py STORIES: 0 and 24 wait at the web vacancy; 14's
# cover letter has 2 working days left to be confirmed.
ANI, CITRA, NEARLY_DUE = 0, 24, 14


def test_a_company_answers_confirms_and_gives_feedback(
    page, live_server, viewport, shot, _links_to_live_server, seeded
):
    staff = User.objects.get(username=seeded.logins["staf"])
    ani, citra = seeded.student(ANI).nama, seeded.student(CITRA).nama
    ani_app, citra_app = (
        Pendaftaran.objects.get(
            mahasiswa__nim=seeded.student(i).nim, status=Pendaftaran.Status.DIAJUKAN
        )
        for i in (ANI, CITRA)
    )
    assert ani_app.perusahaan == citra_app.perusahaan
    letter = issue([ani_app, citra_app], staff)
    page.set_viewport_size(viewport)

    # The link on the application letter: one form per student.
    page.goto(company_links.make_link(letter))
    assert page.get_by_role("heading", name=ani).is_visible()
    assert page.get_by_role("heading", name=citra).is_visible()
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

    ani_card = page.locator("section", has=page.get_by_role("heading", name=ani))
    ani_card.get_by_text(_("Accepted"), exact=True).click()
    ani_card.get_by_label(_("Placement (division or unit)")).fill("Tim aplikasi web")
    citra_card = page.locator("section", has=page.get_by_role("heading", name=citra))
    citra_card.get_by_text(_("Not accepted"), exact=True).click()
    page.get_by_label(_("Your name")).fill("Kevin Pratama")
    page.get_by_label(_("Your position")).fill("Head of Studio")
    page.get_by_role("button", name=_("Send the answer")).click()
    expect(page.get_by_text(_("Thank you: your answer has been recorded."))).to_be_visible()
    shot(page, "3-answers-recorded")
    ani_app.refresh_from_db()
    citra_app.refresh_from_db()
    assert ani_app.status == Pendaftaran.Status.DITERIMA
    assert ani_app.penempatan == "Tim aplikasi web"
    assert citra_app.status == Pendaftaran.Status.DITOLAK

    # The demo's cover letter nearly due: the company confirms, then gives feedback.
    cover = Surat.objects.get(mahasiswa__nim=seeded.student(NEARLY_DUE).nim, jenis=Jenis.PENGANTAR)
    assert Jam.objects.get(surat=cover, jenis=Jam.Jenis.KONFIRMASI).berhenti_pada is None
    page.goto(company_links.make_link(cover))
    shot(page, "4-cover-confirmation")
    page.get_by_text(_("Taken"), exact=True).click()
    page.get_by_label(_("Your name")).fill("Rizal Hakim")
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
    page.get_by_label(_("Filled in by")).fill("Rizal Hakim")
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
