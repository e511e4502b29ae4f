"""A reader holding only the paper letter: types the verification code
printed under the QR code (lower case, without the dash) into the form at
/verifikasi/ and sees the letter; a wrong code gets the neutral answer; the
company types the short link printed on the letter and lands on its answer
page. Phone and desktop."""

import re

import pytest
from django.utils.translation import gettext as _

from surat import codes, services
from surat.models import Jenis
from tests.factories import LowonganFactory
from tests.magang.conftest import submit
from tests.surat.conftest import pdf_text

from .conftest import fits

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def letter(live_server, settings, staff, student_a, prodi_x):
    settings.SITE_URL = live_server.url  # what the letter prints
    lowongan = LowonganFactory(perusahaan__nama="PT Nongsa Digital Kreasi", prodi=[prodi_x])
    return services.issue_letter(
        jenis=Jenis.PERMOHONAN,
        pendaftaran_list=[submit(student_a, lowongan=lowongan)],
        by=staff,
        penerima_jabatan="Manajer HRD",
    )


def test_a_reader_types_the_printed_code(page, live_server, viewport, shot, letter):
    printed = re.search(r"Kode verifikasi: (\S+)", pdf_text(letter)[0]).group(1)
    page.set_viewport_size(viewport)

    page.goto(live_server.url + "/verifikasi/")
    shot(page, "1-form")
    assert fits(page, viewport)
    page.get_by_label(_("Verification code")).fill(printed.lower().replace("-", ""))
    page.get_by_role("button", name=_("Check the letter")).click()
    assert page.get_by_text(_("VALID"), exact=True).is_visible()
    assert page.get_by_text(letter.nomor).is_visible()
    assert "Ani Lestari" in page.locator("main").inner_text()
    shot(page, "2-found")

    page.get_by_role("link", name=_("Check another letter")).click()
    page.get_by_label(_("Verification code")).fill(
        printed[:-1] + ("2" if printed[-1] != "2" else "3")
    )
    page.get_by_role("button", name=_("Check the letter")).click()
    assert page.get_by_text(_("No letter was found with this code.")).is_visible()
    assert letter.nomor not in page.content()
    shot(page, "3-not-found")
    assert fits(page, viewport)


def test_the_printed_short_addresses_open_the_pages(page, live_server, viewport, shot, letter):
    text = re.sub(r"\s+", " ", pdf_text(letter)[0])
    host = live_server.url.split("//", 1)[1]
    verification = re.search(re.escape(host) + r"/v/\S+", text).group(0)
    company = re.search(r"dapat disampaikan melalui: (\S+)", text).group(1)
    assert verification.endswith(codes.grouped(letter.kode))
    page.set_viewport_size(viewport)

    page.goto("http://" + verification)
    assert page.get_by_text(_("VALID"), exact=True).is_visible()

    page.goto("http://" + company.lower())  # typed as it came
    assert "/perusahaan/" in page.url
    assert letter.nomor in page.locator("main").inner_text()
    assert page.get_by_role("heading", name=_("Answered by")).is_visible()
    shot(page, "4-company-answer")
    assert fits(page, viewport)
