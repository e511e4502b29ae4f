"""A letter from request to verification: a student asks for a surat
permohonan, staff claim and issue it, the student downloads it, and anyone
holding it checks it on the public page, valid and then voided. Phone and
desktop. In the demo as it is seeded: a D3 Teknik Informatika student who
registered at the demo's web vacancy yesterday and has asked for nothing
yet, and staf1, who works the demo's queue."""

import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from pypdf import PdfReader

from magang.models import Pendaftaran
from surat.models import Permintaan, Surat
from tests.support.browser import fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.context.clear_cookies()


# demo/stories.py STORIES[24]: waiting at the web vacancy, no request.
WAITING = 24


def test_a_letter_from_request_to_verification(page, live_server, viewport, shot, seeded):
    nim = seeded.student(WAITING).nim
    pendaftaran = Pendaftaran.objects.get(mahasiswa__nim=nim)
    requests = Permintaan.objects.filter(pemohon__nim=nim)
    assert not requests.exists()
    page.set_viewport_size(viewport)

    # The student asks for the application letter from the application page.
    sign_in(page, live_server, nim, seeded.password)
    page.wait_for_url("**/mahasiswa/")
    page.goto(live_server.url + reverse("magang:detail", args=[pendaftaran.pk]))
    page.get_by_role("link", name=_("Request a letter")).click()
    page.wait_for_url("**/surat/permintaan/baru/**")
    shot(page, "1-request-form")
    assert fits(page, viewport)
    page.locator("#id_penerima_jabatan").fill("Manajer HRD")
    page.locator("#id_penerima_nama").fill("Ibu Ratna")
    page.get_by_role("button", name=_("Send the request")).click()
    # Not confirmed yet: the form says so next to the box and nothing is queued.
    assert page.get_by_text(_("Confirm that the data on the letter is right.")).first.is_visible()
    assert not requests.exists()
    shot(page, "2-request-needs-confirmation")
    page.locator("#id_data_benar").check()
    page.get_by_role("button", name=_("Send the request")).click()
    permintaan = requests.get()
    page.wait_for_url(f"**{reverse('surat:request_detail', args=[permintaan.pk])}")
    shot(page, "3-request-sent")
    assert fits(page, viewport)

    # Staff see it in the queue with its clocks, claim it and issue the letter.
    sign_out(page)
    sign_in(page, live_server, seeded.logins["staf"], seeded.password)
    page.wait_for_url("**/staf/")
    page.goto(live_server.url + reverse("surat:queue"))
    shot(page, "4-queue")
    assert fits(page, viewport)
    page.locator(f"a[href='{reverse('surat:request_staff', args=[permintaan.pk])}']").first.click()
    page.wait_for_url(f"**{reverse('surat:request_staff', args=[permintaan.pk])}")
    page.get_by_role("button", name=_("Handle this request")).click()
    page.wait_for_load_state()
    shot(page, "5-claimed")
    page.get_by_role("button", name=_("Issue the letter")).click()
    page.wait_for_url("**/surat/*/")
    surat = Surat.objects.get(mahasiswa__nim=nim)
    assert page.get_by_role("heading", name=surat.nomor).is_visible()
    shot(page, "6-issued")
    assert fits(page, viewport)

    # The student downloads the PDF from the request page.
    sign_out(page)
    sign_in(page, live_server, nim, seeded.password)
    page.wait_for_url("**/mahasiswa/")
    page.goto(live_server.url + reverse("surat:request_detail", args=[permintaan.pk]))
    shot(page, "7-student-sees-letter")
    with page.expect_download() as download:
        page.locator(f"a[href='{reverse('surat:download', args=[surat.pk])}']").first.click()
    with open(download.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert surat.nomor in text and nim in text

    # Anyone with the letter checks it: valid.
    sign_out(page)
    page.goto(live_server.url + reverse("verify", args=[surat.token]))
    assert page.get_by_text(_("VALID"), exact=True).is_visible()
    assert nim not in page.content()  # the NIM is partly masked
    shot(page, "8-verify-valid")
    assert fits(page, viewport)

    # Staff void it with a reason; the same page now says so.
    sign_in(page, live_server, seeded.logins["staf"], seeded.password)
    page.wait_for_url("**/staf/")
    page.goto(live_server.url + reverse("surat:detail", args=[surat.pk]))
    page.locator("#void-alasan").fill("Nama penerima salah")
    page.get_by_role("button", name=_("Void the letter")).click()
    page.wait_for_load_state()
    sign_out(page)
    page.goto(live_server.url + reverse("verify", args=[surat.token]))
    assert page.get_by_text(_("VOIDED"), exact=True).is_visible()
    shot(page, "9-verify-voided")
