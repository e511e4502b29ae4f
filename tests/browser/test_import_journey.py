"""Staff re-import students: the check lists each change from old to new,
marks the student held by an open application, and moves them only when
staff tick both choices and give the reason. In the demo as it is seeded:
staf1 moves the printed student login (D3 Teknik Informatika, waiting for
PT Nongsa Digital Kreasi's answer) to Akuntansi."""

import pytest
from django.utils.translation import gettext as _

from pkpk.models import Mahasiswa
from tests.support.browser import sign_in
from tests.support.workbooks import student, xlsx_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_move_a_held_student_only_by_choice(
    page, live_server, viewport, shot, tmp_path, seeded
):
    student_a = Mahasiswa.objects.get(nim=seeded.logins["mahasiswa"])
    assert student_a.pendaftaran.filter(status="diajukan").exists()
    moved = {
        "NIM": student_a.nim,
        "Nama": student_a.user.nama,
        "Kode Prodi": "AK",
        "Angkatan": student_a.angkatan,
        "Email": student_a.user.email,
        "Telepon": student_a.telepon,
    }
    workbook = tmp_path / "mahasiswa.xlsx"
    workbook.write_bytes(xlsx_bytes([moved, student(7)]))
    page.set_viewport_size(viewport)
    sign_in(page, live_server, seeded.logins["staf"], seeded.password)
    page.wait_for_url("**/staf/")
    page.goto(f"{live_server.url}/staf/impor/")
    page.locator("input[type=file]").set_input_files(str(workbook))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url("**/staf/impor/*/")
    shot(page, "1-check")
    assert _("Held in their study programme") in page.inner_text("main")

    page.get_by_label(
        _("Also apply the changes to students already registered (old → new, listed below)"),
        exact=False,
    ).check()
    page.locator("form[action$='/impor/'] button[type=submit]").click()
    page.wait_for_load_state()
    shot(page, "2-refused")
    student_a.refresh_from_db()
    assert student_a.prodi.kode == "IF"

    page.get_by_label(
        _("Also apply the changes to students already registered (old → new, listed below)"),
        exact=False,
    ).check()
    page.get_by_label(
        _("Move the students marked as held to their new study programme anyway"), exact=False
    ).check()
    page.get_by_label(_("Why they are moved anyway")).fill("Alih prodi sesuai SK Direktur")
    page.locator("form[action$='/impor/'] button[type=submit]").click()
    page.wait_for_load_state()
    shot(page, "3-imported")
    student_a.refresh_from_db()
    assert student_a.prodi.kode == "AK"
