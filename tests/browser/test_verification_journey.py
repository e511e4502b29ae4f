"""Anyone holding a letter scans its QR code and lands on the public
verification page: a valid demo letter, then the demo letter staff voided and
replaced; a code that names no letter is a plain "not found". Phone and
desktop, in the demo as it is seeded."""

import pytest
from django.utils.translation import gettext as _

from surat.letters import render
from surat.models import Surat
from tests.support.browser import fits

pytestmark = pytest.mark.django_db(transaction=True)


def test_anyone_checks_a_letter_by_its_code(page, live_server, viewport, shot, settings, seeded):
    settings.SITE_URL = live_server.url  # what the QR code on the letter encodes
    # The cover letter to PT Hang Nadim Aero Services, still valid.
    holder = seeded.student(14)
    surat = Surat.objects.get(mahasiswa__nim=holder.nim)
    url = render.verification_url(surat)
    assert render.qr_svg(url) in render.letter_html(surat)  # the QR code carries it
    page.set_viewport_size(viewport)

    page.goto(url)
    assert page.get_by_text(_("VALID"), exact=True).is_visible()
    assert page.get_by_text(surat.nomor).is_visible()
    assert page.get_by_text(surat.kode_verifikasi).is_visible()  # as printed under the QR
    assert holder.nama in page.locator("main").inner_text()
    assert holder.nim not in page.content()  # the NIM is partly masked
    shot(page, "1-valid")
    assert fits(page, viewport)

    # The cover letter that went to the wrong person: voided, replaced today.
    voided = Surat.objects.get(mahasiswa__nim=seeded.student(2).nim, dibatalkan_pada__isnull=False)
    page.goto(render.verification_url(voided))
    assert page.get_by_text(_("VOIDED"), exact=True).is_visible()
    assert voided.pengganti.nomor in page.locator("main").inner_text()
    shot(page, "2-voided")

    response = page.goto(url.rstrip("/")[:-4] + "zzzz/")
    assert response.status == 404
    shot(page, "3-unknown-code")
