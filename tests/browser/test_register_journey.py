"""Staff read the outgoing-letter register on a phone and at a desk: every
number of the year as a card or a row, the voided one with its reason and
its replacement, and the downloads next to the filter."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from pkpk.models import Institusi
from surat import services
from surat.models import Jenis
from tests.factories import LowonganFactory, MahasiswaFactory, PerusahaanFactory
from tests.magang.conftest import submit
from tests.surat.conftest import accept, issue

from .conftest import fits
from .test_sign_in_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_read_the_register_of_the_year(
    page, live_server, viewport, shot, prodi_x, staff, password
):
    profile = Institusi.load()
    profile.pola_nomor_surat = "{nomor:04d}/PL29/KM/{tahun}"
    profile.save()
    perusahaan = PerusahaanFactory(nama="PT Nongsa Digital Kreasi", kota="Batam")
    made = []
    for i in range(4):
        student = MahasiswaFactory(nim=f"33125040{i:02d}", prodi=prodi_x)
        lowongan = LowonganFactory(prodi=[prodi_x], perusahaan=perusahaan)
        made.append(submit(student, lowongan=lowongan))
    letters = [issue([p], staff) for p in made]
    accept(made[0], staff)
    issue([made[0]], staff, jenis=Jenis.PENGANTAR)
    replacement = services.reissue_letter(
        surat=letters[1], by=staff, alasan="Jabatan penerima salah"
    )
    page.set_viewport_size(viewport)

    sign_in(page, live_server, staff.username, password)
    page.goto(live_server.url + reverse("pkpk:staff_home"))
    toggler = page.get_by_role("button", name=_("Open the menu"))
    if toggler.is_visible():  # the phone's collapsed navigation
        toggler.click()
    page.get_by_role("button", name=_("Reports")).click()
    page.get_by_role("link", name=_("Outgoing-letter register")).click()
    page.wait_for_url("**" + reverse("rekap:agenda_surat"))

    rows = page.locator("tbody tr")
    assert rows.count() == 6
    assert page.get_by_text("0006/PL29/KM/").first.is_visible()
    assert page.get_by_text("Jabatan penerima salah").is_visible()
    assert page.get_by_role("link", name=replacement.nomor).first.is_visible()
    assert fits(page, viewport)
    shot(page, "1-register")
