"""Staff read the outgoing-letter register on a phone and at a desk: every
number of the year as a card or a row, the voided one with its reason and
its replacement, and the downloads next to the filter. In the demo as it is
seeded: five letters, one voided and replaced."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from surat.models import Surat
from tests.support.browser import fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_read_the_register_of_the_year(page, live_server, viewport, shot, seeded):
    voided = Surat.objects.get(mahasiswa__nim=seeded.student(2).nim, dibatalkan_pada__isnull=False)
    # The register of the voided letter's year (in the first days of January
    # the demo's earlier letters are last year's).
    of_year = Surat.objects.filter(tahun=voided.tahun)
    page.set_viewport_size(viewport)

    sign_in(page, live_server, seeded.logins["staf"], seeded.password)
    page.goto(live_server.url + reverse("pkpk:staff_home"))
    toggler = page.get_by_role("button", name=_("Open the menu"))
    if toggler.is_visible():  # the phone's collapsed navigation
        toggler.click()
    page.get_by_role("button", name=_("Reports")).click()
    page.get_by_role("link", name=_("Outgoing-letter register")).click()
    page.wait_for_url("**" + reverse("rekap:agenda_surat"))
    page.goto(live_server.url + reverse("rekap:agenda_surat") + f"?tahun={voided.tahun}")

    rows = page.locator("tbody tr")
    assert rows.count() == of_year.count() >= 2
    last = of_year.order_by("-urutan").first()
    assert page.get_by_text(last.nomor).first.is_visible()
    assert page.get_by_text(voided.alasan_pembatalan).is_visible()
    assert page.get_by_role("link", name=voided.pengganti.nomor).first.is_visible()
    assert fits(page, viewport)
    shot(page, "1-register")
