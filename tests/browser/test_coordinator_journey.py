"""A coordinator checks who is not placed yet and downloads the registration
recap as an Excel workbook. Phone and desktop."""

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.rekap.conftest import recap_data  # noqa: F401  (the shared data set)

from .conftest import fits
from .test_sign_in_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def prodi_z(jurusan):
    from tests.factories import ProgramStudiFactory

    return ProgramStudiFactory(jurusan=jurusan, kode="RKS", nama="Rekayasa", ikut_magang=False)


def test_a_coordinator_finds_unplaced_students_and_downloads_the_recap(
    page,
    live_server,
    viewport,
    shot,
    recap_data,  # noqa: F811
    coordinator_x,
    password,
    tmp_path,  # noqa: F811
):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, "koor.if@example.test", password)
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("rekap:recaps"))
    shot(page, "1-index")
    assert fits(page, viewport)

    page.locator(f"a[href='{reverse('rekap:recap_belum_magang')}']").click()
    page.wait_for_url("**/rekap/belum-magang/")
    page.locator("#id_tahun").select_option("2024")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**tahun=2024**")
    shot(page, "2-not-placed")
    body = page.locator("main").inner_text()
    assert "3312501004" in body  # Eka Putri, never applied
    assert "4312501006" not in body  # AK's student: another coordinator's
    assert fits(page, viewport)

    page.goto(live_server.url + reverse("rekap:recap_pendaftaran") + "?tahun=2024")
    shot(page, "3-registrations")
    with page.expect_download() as info:
        page.locator("a[href*='/rekap/unduh/pendaftaran.xlsx']").click()
    path = tmp_path / "rekap.xlsx"
    info.value.save_as(path)
    *rows, totals = load_workbook(path).active.iter_rows(min_row=9, values_only=True)
    assert len(rows) == 5 and totals[0] == "Jumlah (5 baris)"
    assert {r[4] for r in rows} == {"D3 Teknik Informatika"}
