"""One rule for moving a student to another study programme
(pkpk.students.change_student_prodi), whoever asks: a student with an open
application, an open letter request or a valid letter stays unless staff
choose to move them anyway with a reason; the admin's student form obeys it."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from pkpk import students
from tests.support.letters import accept, ask_for_letter, issue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def reasons_of(mahasiswa):
    return students.prodi_holds(student_ids=[mahasiswa.pk]).get(mahasiswa.pk, [])


def test_a_free_student_moves(student_a, prodi_y, staff):
    students.change_student_prodi(mahasiswa=student_a, prodi=prodi_y, by=staff)
    student_a.refresh_from_db()
    assert student_a.prodi == prodi_y


def test_an_open_application_holds_the_student(student_a, prodi_y, staff, pendaftaran_a):
    [reason] = reasons_of(student_a)
    assert pendaftaran_a.perusahaan.nama in reason
    with pytest.raises(ValidationError) as refused:
        students.change_student_prodi(mahasiswa=student_a, prodi=prodi_y, by=staff)
    assert refused.value.code == "held"
    student_a.refresh_from_db()
    assert student_a.prodi.kode == "IF"


def test_an_open_letter_request_holds_the_student(student_a, prodi_y, staff, pendaftaran_a):
    permintaan = ask_for_letter(pendaftaran_a)
    assert [r for r in reasons_of(student_a) if f"#{permintaan.pk}" in r]


def test_a_valid_letter_holds_the_student_and_a_void_one_does_not(
    student_a, prodi_y, staff, pendaftaran_a
):
    letter = issue([pendaftaran_a], staff)
    accept(pendaftaran_a, staff)  # no open application any more
    assert [r for r in reasons_of(student_a) if letter.nomor in r]
    letter.dibatalkan_pada = letter.diterbitkan_pada
    letter.alasan_pembatalan = "Salah alamat"
    letter.save()
    assert reasons_of(student_a) == []


def test_a_forced_move_needs_a_reason_and_records_it(student_a, prodi_y, staff, pendaftaran_a):
    with pytest.raises(ValidationError) as refused:
        students.change_student_prodi(
            mahasiswa=student_a, prodi=prodi_y, by=staff, paksa=True, alasan=" "
        )
    assert refused.value.code == "reason_needed"
    students.change_student_prodi(
        mahasiswa=student_a, prodi=prodi_y, by=staff, paksa=True, alasan="SK Direktur"
    )
    entry = LogEntry.objects.get_for_object(student_a).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes["prodi"][1] == str(prodi_y.pk)
    assert entry.additional_data["alasan"] == "SK Direktur"
    assert entry.additional_data["oleh"]["id"] == staff.pk
    assert entry.additional_data["pindah_paksa"] == reasons_of(student_a)


# The admin's student form ------------------------------------------------------


@pytest.fixture
def admin_client(client, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


def change(admin_client, mahasiswa, prodi, **extra):
    data = {
        "user": mahasiswa.user_id,
        "nim": mahasiswa.nim,
        "prodi": prodi.pk,
        "angkatan": mahasiswa.angkatan,
        "telepon": mahasiswa.telepon,
        **extra,
    }
    url = reverse("admin:pkpk_mahasiswa_change", args=[mahasiswa.pk])
    return admin_client.post(url, data)


def test_the_admin_refuses_to_move_a_held_student(admin_client, student_a, prodi_y, pendaftaran_a):
    response = change(admin_client, student_a, prodi_y)
    assert response.status_code == 200
    assert "Program studi tidak dapat diubah" in response.content.decode()
    assert pendaftaran_a.perusahaan.nama in response.content.decode()
    student_a.refresh_from_db()
    assert student_a.prodi.kode == "IF"


def test_the_admin_moves_a_held_student_by_explicit_choice(
    admin_client, staff, student_a, prodi_y, pendaftaran_a
):
    response = change(
        admin_client, student_a, prodi_y, pindahkan="on", alasan_pindah="Alih prodi resmi"
    )
    assert response.status_code == 302
    student_a.refresh_from_db()
    assert student_a.prodi == prodi_y
    entry = LogEntry.objects.get_for_object(student_a).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == staff
    assert entry.additional_data["alasan"] == "Alih prodi resmi"


def test_the_admin_moves_a_free_student_without_a_choice(admin_client, student_a, prodi_y):
    assert change(admin_client, student_a, prodi_y).status_code == 302
    student_a.refresh_from_db()
    assert student_a.prodi == prodi_y
