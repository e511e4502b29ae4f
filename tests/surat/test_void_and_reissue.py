"""Voiding needs a reason and happens once; a replacement gets a new number."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from surat.letters import services

pytestmark = pytest.mark.django_db


def test_voiding_needs_a_reason(letter_a, staff):
    with pytest.raises(ValidationError):
        services.void_letter(surat=letter_a, by=staff, alasan="  ")
    letter_a.refresh_from_db()
    assert letter_a.sah


def test_voiding_records_who_when_and_why(letter_a, staff):
    services.void_letter(surat=letter_a, by=staff, alasan="Nama perusahaan salah")
    letter_a.refresh_from_db()
    assert not letter_a.sah
    assert letter_a.dibatalkan_oleh == staff
    assert letter_a.alasan_pembatalan == "Nama perusahaan salah"


def test_a_letter_cannot_be_voided_twice(letter_a, staff):
    services.void_letter(surat=letter_a, by=staff, alasan="Salah")
    with pytest.raises(ValidationError):
        services.void_letter(surat=letter_a, by=staff, alasan="Lagi")


def test_only_staff_void_letters(letter_a, student_a):
    with pytest.raises(PermissionDenied):
        services.void_letter(surat=letter_a, by=student_a.user, alasan="Salah")


def test_a_replacement_gets_a_new_number_and_is_linked(letter_a, staff):
    pdf_before = letter_a.berkas.name

    new = services.reissue_letter(
        surat=letter_a, by=staff, alasan="Jabatan penerima salah", penerima_jabatan="Direktur"
    )

    letter_a.refresh_from_db()
    assert letter_a.pengganti == new
    assert not letter_a.sah
    assert new.sah and new.urutan == letter_a.urutan + 1 and new.nomor != letter_a.nomor
    assert new.penerima_jabatan == "Direktur"
    assert [m.pendaftaran_id for m in new.mahasiswa.all()] == [
        m.pendaftaran_id for m in letter_a.mahasiswa.all()
    ]
    assert letter_a.berkas.name == pdf_before  # the old PDF is never re-rendered


def test_a_replaced_letter_cannot_be_replaced_again(letter_a, staff):
    services.reissue_letter(surat=letter_a, by=staff, alasan="Salah")
    with pytest.raises(ValidationError):
        services.reissue_letter(surat=letter_a, by=staff, alasan="Salah lagi")
