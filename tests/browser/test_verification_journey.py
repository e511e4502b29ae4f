"""Anyone holding a letter scans its QR code and lands on the public
verification page: valid, then voided once staff replace it; a code that names
no letter is a plain "not found". Phone and desktop."""

import pytest
from django.utils.translation import gettext as _

from surat import services
from surat.models import Jenis
from tests.factories import LowonganFactory
from tests.magang.conftest import submit

from .conftest import fits

pytestmark = pytest.mark.django_db(transaction=True)


def test_anyone_checks_a_letter_by_its_code(
    page, live_server, viewport, shot, settings, staff, student_a, prodi_x
):
    settings.SITE_URL = live_server.url  # what the QR code on the letter encodes
    lowongan = LowonganFactory(perusahaan__nama="PT Nongsa Digital Kreasi", prodi=[prodi_x])
    surat = services.issue_letter(
        jenis=Jenis.PERMOHONAN,
        pendaftaran_list=[submit(student_a, lowongan=lowongan)],
        by=staff,
        penerima_jabatan="Manajer HRD",
    )
    url = services.verification_url(surat)
    assert services.qr_svg(url) in services.letter_html(surat)  # the QR code carries it
    page.set_viewport_size(viewport)

    page.goto(url)
    assert page.get_by_text(_("VALID"), exact=True).is_visible()
    assert page.get_by_text(surat.nomor).is_visible()
    assert page.get_by_text(surat.kode_verifikasi).is_visible()  # as printed under the QR
    assert "Ani Lestari" in page.locator("main").inner_text()
    assert "3312501001" not in page.content()  # the NIM is partly masked
    shot(page, "1-valid")
    assert fits(page, viewport)

    replacement = services.reissue_letter(surat=surat, by=staff, alasan="Nama penerima salah")
    page.reload()
    assert page.get_by_text(_("VOIDED"), exact=True).is_visible()
    assert replacement.nomor in page.locator("main").inner_text()
    shot(page, "2-voided")

    response = page.goto(url.rstrip("/")[:-4] + "zzzz/")
    assert response.status == 404
    shot(page, "3-unknown-code")
