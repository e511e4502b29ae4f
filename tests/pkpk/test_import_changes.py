"""Re-importing registered students: each change is shown from old to new and
applied only with its own confirmation; a student held in their study
programme (open application, open letter request, valid letter) is not moved
unless staff choose to move them anyway, with a reason the audit trail keeps."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils.translation import gettext as _

from pkpk import students
from pkpk.models import ImporMahasiswa, Mahasiswa
from tests.support.pages import messages_of, page_text
from tests.support.workbooks import confirm, last_message, student, upload_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def row_of(mahasiswa, **changes):
    """A workbook row repeating what `mahasiswa` has now, with `changes`."""
    row = {
        "NIM": mahasiswa.nim,
        "Nama": mahasiswa.user.nama,
        "Kode Prodi": mahasiswa.prodi.kode,
        "Angkatan": mahasiswa.angkatan,
        "Email": mahasiswa.user.email,
        "Telepon": mahasiswa.telepon,
    }
    row.update(changes)
    return row


def detail(client, impor):
    return page_text(client.get(reverse("pkpk:import_detail", args=[impor.pk])))


def held_message(student_a):
    reasons = students.prodi_holds(student_ids=[student_a.pk])[student_a.pk]
    return students.refused_move_message([f"{student_a.nim} ({'; '.join(reasons)})"])


def test_the_check_shows_each_change_from_old_to_new(client, staff, student_a, prodi_y):
    client.force_login(staff)
    impor = upload_rows(client, [row_of(student_a, Nama="Ani L.", **{"Kode Prodi": "AK"})])
    text = detail(client, impor)
    assert _("Changes to students already registered") in text
    assert "Nama Ani Lestari → Ani L." in text  # the name: now → in the file
    # The prodi, with the jurusan it moves to.
    old = "IF (D3 Teknik Informatika) · Teknik Informatika"
    new = "AK (D3 Akuntansi) · Manajemen Bisnis"
    assert f"Kode Prodi {old} → {new}" in text


def test_changes_are_not_applied_without_their_own_confirmation(client, staff, student_a, prodi_y):
    client.force_login(staff)
    impor = upload_rows(client, [row_of(student_a, Nama="Ani L."), student(7)])
    trail = LogEntry.objects.get_for_object(student_a.user).count()
    response = confirm(client, impor)
    assert Mahasiswa.objects.filter(nim=student(7)["NIM"]).exists()  # the new one is in
    student_a.user.refresh_from_db()
    assert student_a.user.nama == "Ani Lestari"
    impor.refresh_from_db()
    assert (impor.jumlah_baru, impor.jumlah_diubah, impor.jumlah_dilewati) == (1, 0, 1)
    assert "1 perubahan" in " ".join(messages_of(response))
    assert LogEntry.objects.get_for_object(student_a.user).count() == trail


def test_confirmed_changes_are_applied_and_recorded(client, staff, student_a, prodi_y):
    client.force_login(staff)
    impor = upload_rows(client, [row_of(student_a, **{"Kode Prodi": "AK"})])
    confirm(client, impor, terapkan_perubahan="on")
    student_a.refresh_from_db()
    assert student_a.prodi == prodi_y
    entry = LogEntry.objects.get_for_object(student_a).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == staff
    assert entry.changes["prodi"][1] == str(prodi_y.pk)
    assert entry.additional_data["impor"]["id"] == impor.pk


def test_a_student_with_an_open_application_is_not_moved(
    client, staff, student_a, prodi_y, pendaftaran_a
):
    client.force_login(staff)
    impor = upload_rows(client, [row_of(student_a, **{"Kode Prodi": "AK"}), student(7)])
    text = detail(client, impor)
    assert _("Held in their study programme") in text
    assert pendaftaran_a.perusahaan.nama in text

    response = confirm(client, impor, terapkan_perubahan="on")

    assert last_message(response) == held_message(student_a)
    assert "Program studi tidak dapat diubah" in last_message(response)
    student_a.refresh_from_db()
    assert student_a.prodi.kode == "IF"
    assert not Mahasiswa.objects.filter(nim=student(7)["NIM"]).exists()  # nothing half-saved
    impor.refresh_from_db()
    assert impor.status == ImporMahasiswa.Status.PRATINJAU


def test_moving_a_held_student_anyway_needs_a_reason(
    client, staff, student_a, prodi_y, pendaftaran_a
):
    client.force_login(staff)
    impor = upload_rows(client, [row_of(student_a, **{"Kode Prodi": "AK"})])
    response = confirm(client, impor, terapkan_perubahan="on", pindahkan="on", alasan="  ")
    assert last_message(response) == _(
        "Say why the student is moved to another study programme anyway."
    )
    student_a.refresh_from_db()
    assert student_a.prodi.kode == "IF"


def test_staff_may_move_a_held_student_anyway_and_the_trail_keeps_why(
    client, staff, student_a, prodi_y, pendaftaran_a
):
    client.force_login(staff)
    impor = upload_rows(client, [row_of(student_a, **{"Kode Prodi": "AK"})])
    reason = "Pindah prodi sesuai SK Direktur 12/2026"
    confirm(client, impor, terapkan_perubahan="on", pindahkan="on", alasan=reason)

    student_a.refresh_from_db()
    assert student_a.prodi == prodi_y
    entry = LogEntry.objects.get_for_object(student_a).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == staff
    assert entry.changes["prodi"][1] == str(prodi_y.pk)
    assert entry.additional_data["alasan"] == reason
    assert pendaftaran_a.perusahaan.nama in entry.additional_data["pindah_paksa"][0]
    text = page_text(client.get(reverse("audit:record", args=["pkpk.mahasiswa", student_a.pk])))
    assert reason in text
    assert "D3 Akuntansi" in text
    assert staff.nama in text
