"""Staff change a sentence of the application letter in the browser, see it in
the preview, save it; the next letter issued carries the new sentence and
records the new version. Phone and desktop, in the demo as it is seeded."""

import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from pypdf import PdfReader

from magang.models import Pendaftaran
from pkpk.models import JenisTemplat
from surat.models import Surat
from tests.support.browser import fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

OLD = "guna menerapkan ilmu yang diperoleh di kampus dan memperoleh pengalaman kerja nyata"
NEW = "guna menerapkan ilmu dari kampus di tempat kerja yang sesungguhnya"


def test_staff_change_the_application_letter_and_the_next_letter_says_it(
    page, live_server, viewport, shot, seeded
):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["staf"], seeded.password)
    page.wait_for_url("**/staf/**")
    page.goto(live_server.url + reverse("surat:wording_list"))
    page.get_by_role("link", name=JenisTemplat.SURAT_PERMOHONAN.label).click()
    page.wait_for_url("**/templat/surat_permohonan/")
    editor = page.get_by_label(_("Text"))
    assert OLD in editor.input_value()

    # A broken placeholder is refused by name, and nothing is saved.
    editor.fill(editor.input_value().replace(OLD, "{{ settings.SECRET_KEY }}"))
    page.get_by_role("button", name=_("Save as a new version")).click()
    assert page.get_by_text("{{ settings.SECRET_KEY }}").first.is_visible()
    shot(page, "1-refused")

    # The new sentence, previewed on the sample letter, then saved.
    editor = page.get_by_label(_("Text"))
    editor.fill(editor.input_value().replace("{{ settings.SECRET_KEY }}", NEW))
    page.get_by_role("button", name=_("Preview")).click()
    preview = page.locator("#pratinjau img").first
    preview.wait_for()
    shot(page, "2-preview")
    assert fits(page, viewport)
    page.get_by_role("button", name=_("Save as a new version")).click()
    page.get_by_text(_("Version %(n)s is in force.") % {"n": 2}).wait_for()
    shot(page, "3-saved")

    # The next letter is written with version 2, and says so.
    # The demo's printed student login, waiting at PT Nongsa Digital Kreasi.
    pendaftaran = Pendaftaran.objects.get(
        mahasiswa__nim=seeded.logins["mahasiswa"], status=Pendaftaran.Status.DIAJUKAN
    )
    page.goto(live_server.url + reverse("surat:issue") + f"?pendaftaran={pendaftaran.pk}")
    page.locator("#id_penerima_jabatan").fill("Manajer HRD")
    page.get_by_role("button", name=_("Issue the letter")).click()
    page.wait_for_url("**/surat/*/")
    surat = Surat.objects.get(mahasiswa__pendaftaran=pendaftaran)
    assert surat.templat.versi == 2
    response = page.request.get(live_server.url + reverse("surat:download", args=[surat.pk]))
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert NEW in text
    assert OLD not in text


EMAIL_OLD = "(terlampir dalam berkas PDF)"
EMAIL_NEW = "(berkas PDF terlampir pada surel ini)"


def test_staff_change_the_letter_email_and_preview_it_as_email_text(
    page, live_server, viewport, shot, seeded
):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["staf"], seeded.password)
    page.wait_for_url("**/staf/**")
    page.goto(live_server.url + reverse("surat:wording_list"))
    page.get_by_role("link", name=JenisTemplat.EMAIL_PERMOHONAN.label).click()
    page.wait_for_url("**/templat/email_permohonan/")
    editor = page.get_by_label(_("Text"))
    editor.fill(editor.input_value().replace(EMAIL_OLD, EMAIL_NEW))
    page.get_by_role("button", name=_("Preview")).click()
    preview = page.locator("#pratinjau pre")
    preview.wait_for()
    assert EMAIL_NEW in preview.inner_text()
    assert "1. Contoh Mahasiswa Satu" in preview.inner_text()
    assert page.locator("#pratinjau img").count() == 0
    shot(page, "1-email-preview")
    assert fits(page, viewport)
    page.get_by_role("button", name=_("Save as a new version")).click()
    page.get_by_text(_("Version %(n)s is in force.") % {"n": 2}).wait_for()
    assert EMAIL_NEW in page.get_by_label(_("Text")).input_value()
