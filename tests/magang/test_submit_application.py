"""The 10-working-day rule through magang.services.submit_application."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from magang import answers, services
from magang.models import Pendaftaran, Peristiwa
from notifikasi.models import Notifikasi
from pkpk.models import HariKalender
from tests.factories import PerusahaanFactory

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def at(*args):
    return time_machine.travel(dt.datetime(*args, tzinfo=WIB), tick=False)


def submit(mahasiswa, perusahaan=None, **extra):
    return services.submit_application(
        mahasiswa=mahasiswa,
        by=mahasiswa.user,
        perusahaan=perusahaan or PerusahaanFactory(),
        posisi="Pengembang web",
        mulai=dt.date(2027, 2, 1),
        selesai=dt.date(2027, 5, 31),
        kontak_nama="Ibu HRD",
        **extra,
    )


def test_the_worked_example_blocks_through_the_tenth_working_day(student_a):
    with at(2026, 11, 2, 10, 0):  # Monday 2 November 2026, no holiday that month
        first = submit(student_a)
    assert first.status == Pendaftaran.Status.DIAJUKAN
    assert first.batas_jawaban == dt.datetime(2026, 11, 17, 0, 0, tzinfo=WIB)

    with at(2026, 11, 16, 23, 59), pytest.raises(services.StillWaiting) as exc:
        submit(student_a)
    assert "17 November 2026" in exc.value.messages[0]

    with at(2026, 11, 17, 0, 0):
        second = submit(student_a)
    first.refresh_from_db()
    assert first.status == Pendaftaran.Status.KEDALUWARSA
    assert second.status == Pendaftaran.Status.DIAJUKAN


def test_idul_fitri_and_its_cuti_bersama_do_not_count(student_a):
    # Monday 16 March 2026: 18-24 March are Nyepi, Idul Fitri and cuti bersama.
    with at(2026, 3, 16, 9, 0):
        pendaftaran = submit(student_a)
    # Working days after: 17, 25, 26, 27, 30, 31 Mar, 1, 2 (3 Apr is Good Friday), 6, 7 Apr.
    assert pendaftaran.batas_jawaban == dt.datetime(2026, 4, 8, 0, 0, tzinfo=WIB)


def test_a_staff_added_closure_moves_the_deadline_of_new_applications(student_a):
    HariKalender.objects.create(
        tanggal=dt.date(2026, 11, 10), jenis=HariKalender.Jenis.LIBUR, keterangan="Dies natalis"
    )
    with at(2026, 11, 2, 10, 0):
        pendaftaran = submit(student_a)
    assert pendaftaran.batas_jawaban == dt.datetime(2026, 11, 18, 0, 0, tzinfo=WIB)


def test_an_answer_lifts_the_block_at_once(student_a, staff):
    with at(2026, 11, 2, 10, 0):
        first = submit(student_a)
    with at(2026, 11, 4, 10, 0):
        answers.record_answer(pendaftaran=first, hasil="ditolak", by=staff)
        second = submit(student_a)
    assert second.status == Pendaftaran.Status.DIAJUKAN


def test_after_an_acceptance_a_new_registration_waits_for_staff(student_a, staff):
    with at(2026, 11, 2, 10, 0):
        first = submit(student_a)
        answers.record_answer(pendaftaran=first, hasil="diterima", by=staff)
        second = submit(student_a)
        assert second.status == Pendaftaran.Status.MENUNGGU
        assert second.batas_jawaban is None
        with pytest.raises(services.StillWaiting):
            submit(student_a)
    with at(2026, 11, 3, 9, 0):
        services.approve_registration(pendaftaran=second, by=staff)
    second.refresh_from_db()
    assert second.status == Pendaftaran.Status.DIAJUKAN
    assert second.batas_jawaban == dt.datetime(2026, 11, 18, 0, 0, tzinfo=WIB)


def test_nobody_submits_for_another_student(student_a, student_b):
    with pytest.raises(PermissionDenied):
        services.submit_application(
            mahasiswa=student_a,
            by=student_b.user,
            perusahaan=PerusahaanFactory(),
            posisi="x",
            mulai=dt.date(2027, 1, 1),
            selesai=dt.date(2027, 2, 1),
            kontak_nama="x",
        )


def test_a_period_that_ends_before_it_starts_saves_nothing(student_a):
    with pytest.raises(ValidationError):
        services.submit_application(
            mahasiswa=student_a,
            by=student_a.user,
            perusahaan=PerusahaanFactory(),
            posisi="x",
            mulai=dt.date(2027, 3, 1),
            selesai=dt.date(2027, 2, 1),
            kontak_nama="x",
        )
    assert not Pendaftaran.objects.exists()
    assert not Peristiwa.objects.exists()


def test_submitting_writes_the_event_and_tells_the_student(
    student_a, mailoutbox, django_capture_on_commit_callbacks
):
    with at(2026, 11, 2, 10, 0), django_capture_on_commit_callbacks(execute=True):
        pendaftaran = submit(student_a)
    event = Peristiwa.objects.get(pendaftaran=pendaftaran)
    assert (event.jenis, event.dari, event.ke, event.aktor) == (
        "diajukan",
        "",
        "diajukan",
        student_a.user,
    )
    assert Notifikasi.objects.filter(penerima=student_a.user).count() == 1
    assert len(mailoutbox) == 1
    assert "17 November 2026" in mailoutbox[0].body


def test_staff_cancel_with_a_reason_and_students_cannot(student_a, staff):
    with at(2026, 11, 2, 10, 0):
        pendaftaran = submit(student_a)
    with pytest.raises(PermissionDenied):
        services.cancel_application(pendaftaran=pendaftaran, by=student_a.user, alasan="x")
    with pytest.raises(ValidationError):
        services.cancel_application(pendaftaran=pendaftaran, by=staff, alasan="  ")
    services.cancel_application(pendaftaran=pendaftaran, by=staff, alasan="Salah perusahaan")
    pendaftaran.refresh_from_db()
    assert pendaftaran.status == Pendaftaran.Status.DIBATALKAN
    assert pendaftaran.alasan == "Salah perusahaan"
