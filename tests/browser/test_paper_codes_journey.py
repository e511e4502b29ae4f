"""A reader holding only the paper letter: types the verification code
printed under the QR code (lower case, without the dash) into the form at
/verifikasi/ and sees the letter; a wrong code gets the neutral answer; the
company types the short link printed on the letter and lands on its answer
page. Phone and desktop, in the demo as it is seeded."""

import re

import pytest
from django.utils.translation import gettext as _

from demo import people
from surat.letters import codes
from surat.models import Surat
from tests.support.browser import fits
from tests.support.letters import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


# The demo's cover letter to PT Hang Nadim Aero Services (student 14 of
# pkpk/demo_letters.py), still valid and not yet confirmed by the company.
HOLDER = 14


@pytest.fixture
def letter(request, live_server, settings):
    settings.SITE_URL = live_server.url  # what the demo's letters print
    seeded = request.getfixturevalue("seeded")
    return Surat.objects.get(mahasiswa__nim=seeded.student(HOLDER).nim, dibatalkan_pada=None)


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
    assert people.students()[HOLDER].nama in page.locator("main").inner_text()
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
