"""A coordinator checks who is not placed yet and downloads the registration
recap as an Excel workbook, in the demo as it is seeded (the coordinator of
Teknik Informatika). Phone and desktop."""

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from demo import institution
from tests.support.browser import fits, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# The programmes of the TI coordinator that take part, as recaps name them.
TI_PRODI = {
    f"{p.jenjang} {p.nama}" for p in institution.PRODI if p.jurusan == "TI" and p.ikut_magang
}


def test_a_coordinator_finds_unplaced_students_and_downloads_the_recap(
    page, live_server, viewport, shot, seeded, tmp_path
):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["koordinator"], seeded.password)
    page.wait_for_url("**/koordinator/")
    page.goto(live_server.url + reverse("rekap:recaps"))
    shot(page, "1-index")
    assert fits(page, viewport)

    page.locator(f"a[href='{reverse('rekap:recap_belum_magang')}']").click()
    page.wait_for_url("**/rekap/belum-magang/")
    shot(page, "2-not-placed")
    body = page.locator("main").inner_text()
    assert seeded.free_student("IF").nim in body  # never applied
    assert seeded.free_student("EM").nim not in body  # Teknik Elektro: another coordinator's
    assert fits(page, viewport)

    page.goto(live_server.url + reverse("rekap:recap_pendaftaran"))
    shot(page, "3-registrations")
    with page.expect_download() as info:
        page.locator("a[href*='/rekap/unduh/pendaftaran.xlsx']").click()
    path = tmp_path / "rekap.xlsx"
    info.value.save_as(path)
    *rows, totals = load_workbook(path).active.iter_rows(min_row=9, values_only=True)
    assert rows and totals[0] == f"Jumlah ({len(rows)} baris)"
    assert {r[4] for r in rows} <= TI_PRODI
    # The demo's waiting application of the printed student login is there.
    assert any(seeded.student(0).nim in map(str, r) for r in rows)
