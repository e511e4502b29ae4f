"""Every event people must act on or want to know of: the right kind to the
right person, once, and (where the kind is e-mailed) an e-mail with a plain
text and an HTML part, sent by the worker after commit."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation

from magang import answers as magang_answers
from magang import expiry as magang_expiry
from magang import services as magang_services
from notifikasi.models import JenisNotifikasi, Notifikasi, PreferensiNotifikasi
from notifikasi.tasks import send_notification_emails
from surat.company import services as company_services
from surat.desk import clocks, handling, requesting
from surat.models import Jam
from tests.factories import PerusahaanFactory
from tests.support.applications import classmate_of, submit
from tests.support.clock import D, at, wib
from tests.support.files import pdf
from tests.support.letters import ask_for_letter, cover_letter, issue

pytestmark = pytest.mark.django_db
J = JenisNotifikasi


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def perusahaan(db):
    return PerusahaanFactory(nama="PT Batam Presisi Elektronik", kota="Batam")


def told(user, jenis, *, emailed=True):
    """The notifications of `jenis` to `user`; checks each one's e-mail."""
    rows = list(Notifikasi.objects.filter(penerima=user, jenis=jenis).order_by("pk"))
    assert rows, f"{user} got no {jenis}"
    for row in rows:
        mails = [m for m in mail.outbox if m.to == [user.email] and m.subject == row.judul]
        if not emailed:
            assert mails == [] and row.email_terkirim_pada is None
            continue
        assert len(mails) == sum(r.judul == row.judul for r in rows), row.judul
        assert any(row.isi in m.body for m in mails)
        for message in mails:
            [(html, mimetype)] = message.alternatives
            assert mimetype == "text/html" and row.tautan in html and row.tautan in message.body
        assert row.email_terkirim_pada is not None
    return rows


def kinds_of(user):
    return sorted(Notifikasi.objects.filter(penerima=user).values_list("jenis", flat=True))


# --- applications ------------------------------------------------------------------


def test_a_submitted_application_tells_the_student(
    student_a, perusahaan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pendaftaran = submit(student_a, perusahaan=perusahaan)

    [row] = told(student_a.user, J.PENDAFTARAN)
    assert row.tautan == f"/magang/{pendaftaran.pk}/"
    assert row.kunci == f"magang.peristiwa:{pendaftaran.peristiwa.get().pk}"


def test_a_registration_waiting_for_approval_and_its_approval_tell_the_student(
    student_a, staff, django_capture_on_commit_callbacks
):
    first = submit(student_a)
    magang_answers.record_answer(pendaftaran=first, hasil="diterima", by=staff)
    Notifikasi.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        second = submit(student_a)
    with django_capture_on_commit_callbacks(execute=True):
        magang_services.approve_registration(pendaftaran=second, by=staff)

    waiting, approved = told(student_a.user, J.PENDAFTARAN)
    assert second.perusahaan.nama in waiting.judul and second.perusahaan.nama in approved.judul
    assert waiting.kunci != approved.kunci


def test_a_recorded_answer_tells_the_student(
    student_a, staff, perusahaan, django_capture_on_commit_callbacks
):
    pendaftaran = submit(student_a, perusahaan=perusahaan)
    with django_capture_on_commit_callbacks(execute=True):
        magang_answers.record_answer(pendaftaran=pendaftaran, hasil="ditolak", by=staff)

    [row] = told(student_a.user, J.JAWABAN)
    assert perusahaan.nama in row.judul


def test_a_notification_is_written_in_indonesian_whatever_language_its_cause_used(
    student_a, staff, perusahaan, django_capture_on_commit_callbacks
):
    # Staff reading the site in English record the answer; the student reads
    # the stored text later, in the system's language.
    pendaftaran = submit(student_a, perusahaan=perusahaan)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        magang_answers.record_answer(pendaftaran=pendaftaran, hasil="diterima", by=staff)

    [row] = told(student_a.user, J.JAWABAN)
    with translation.override("id"):
        assert row.judul == translation.gettext("%(company)s accepted you") % {
            "company": perusahaan.nama
        }
    assert "accepted" not in row.judul


def test_a_refused_reply_and_a_cancellation_tell_the_student(
    student_a, staff, django_capture_on_commit_callbacks
):
    pendaftaran = submit(student_a)
    balasan = magang_answers.upload_reply(
        pendaftaran=pendaftaran, by=student_a.user, hasil="diterima", berkas=pdf()
    )
    Notifikasi.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        magang_answers.verify_reply(balasan=balasan, by=staff, sah=False, alasan="Tidak terbaca")
    with django_capture_on_commit_callbacks(execute=True):
        magang_services.cancel_application(pendaftaran=pendaftaran, by=staff, alasan="Dobel")

    refused, cancelled = told(student_a.user, J.PENDAFTARAN)
    assert "Tidak terbaca" in refused.isi and "Dobel" in cancelled.isi


def test_the_lifted_block_tells_the_student_once(student_a, django_capture_on_commit_callbacks):
    with at(2026, 11, 2, 10, 0):
        pendaftaran = submit(student_a)
    with at(2026, 11, 17, 0, 0), django_capture_on_commit_callbacks(execute=True):
        assert magang_expiry.expire_overdue() == 1
    with at(2026, 11, 18, 0, 0), django_capture_on_commit_callbacks(execute=True):
        assert magang_expiry.expire_overdue() == 0

    [row] = told(student_a.user, J.BLOKIR_DIBUKA)
    assert row.tautan == f"/magang/{pendaftaran.pk}/"
    assert row.kunci == f"magang.peristiwa:{pendaftaran.peristiwa.latest('pk').pk}"
    send_notification_emails([row.pk])  # the task retried
    assert len(mail.outbox) == 1


def test_the_lifted_block_is_not_emailed_to_a_student_who_turned_it_off(
    student_a, django_capture_on_commit_callbacks
):
    PreferensiNotifikasi.objects.create(pengguna=student_a.user, jenis=J.BLOKIR_DIBUKA, email=False)
    with at(2026, 11, 2, 10, 0):
        submit(student_a)
    mail.outbox.clear()
    with at(2026, 11, 17, 0, 0), django_capture_on_commit_callbacks(execute=True):
        magang_expiry.expire_overdue()

    assert kinds_of(student_a.user) == ["blokir_dibuka", "pendaftaran"]
    assert mail.outbox == []


# --- letter requests (Monday 7 December 2026, inside service hours) -----------------


def test_a_letter_request_tells_the_classmates_named_and_staff_in_the_app(
    student_a, staff, perusahaan, django_capture_on_commit_callbacks
):
    with at(2026, 12, 7, 9, 0):
        pendaftaran = submit(student_a, perusahaan=perusahaan)
        classmate = classmate_of(pendaftaran, "3312501099")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            permintaan = ask_for_letter(pendaftaran, anggota_nim=["3312501099"])

    [named] = told(classmate.mahasiswa.user, J.DISEBUT)
    assert student_a.user.nama in named.judul
    [new] = told(staff, J.PERMINTAAN_BARU, emailed=False)
    assert f"#{permintaan.pk}" in new.judul
    assert kinds_of(student_a.user) == ["pendaftaran"]  # the requester is not told


def test_a_returned_request_and_the_issued_letter_tell_the_student(
    student_a, staff, perusahaan, django_capture_on_commit_callbacks
):
    with at(2026, 12, 7, 9, 0):
        pendaftaran = submit(student_a, perusahaan=perusahaan)
        permintaan = ask_for_letter(pendaftaran)
        with django_capture_on_commit_callbacks(execute=True):
            handling.return_request(permintaan=permintaan, by=staff, alasan="Jabatan?")
        requesting.resubmit(
            permintaan=permintaan,
            by=student_a.user,
            penerima_jabatan="Manajer HRD",
            mulai=dt.date(2027, 2, 1),
            selesai=dt.date(2027, 5, 31),
            data_benar=True,
        )
        with django_capture_on_commit_callbacks(execute=True):
            surat = handling.issue_from_request(permintaan=permintaan, by=staff)

    [returned] = told(student_a.user, J.PERMINTAAN)
    assert "Jabatan?" in returned.isi
    [ready] = told(student_a.user, J.SURAT_SIAP)
    assert surat.nomor in ready.judul and ready.kunci == f"surat.surat:{surat.pk}:siap"


def test_an_answered_question_tells_the_student(
    student_a, staff, django_capture_on_commit_callbacks
):
    with at(2026, 12, 7, 9, 0):
        question = requesting.ask_question(pemohon=student_a, isi="Kapan?")
        with django_capture_on_commit_callbacks(execute=True):
            handling.answer_question(permintaan=question, by=staff, jawaban="Besok")

    [row] = told(student_a.user, J.PERMINTAAN)
    assert row.isi == "Besok"


# --- staff: service clocks, confirmations, company answers ---------------------------


def test_a_clock_alert_and_its_breach_tell_staff_once_each(
    student_a, staff, django_capture_on_commit_callbacks
):
    with at(2026, 12, 7, 9, 0):
        question = requesting.ask_question(pemohon=student_a, isi="Kapan?")
    jam = question.jam.get(jenis=Jam.Jenis.TANGGAPAN)  # alert 09:10, deadline 09:15
    with django_capture_on_commit_callbacks(execute=True):
        clocks.sweep(wib(2026, 12, 7, 9, 10))
        # A sweep that ran again as if it had not alerted yet tells nobody twice.
        Jam.objects.filter(pk=jam.pk).update(diingatkan_pada=None)
        assert clocks.sweep(wib(2026, 12, 7, 9, 11)) == {"alerted": 1, "breached": 0}
        assert clocks.sweep(wib(2026, 12, 7, 9, 16)) == {"alerted": 0, "breached": 1}

    alert, breach = told(staff, J.JAM_LAYANAN)
    assert (alert.kunci, breach.kunci) == (
        f"surat.jam:{jam.pk}:peringatan",
        f"surat.jam:{jam.pk}:lewat",
    )


def test_a_confirmation_due_reminds_staff_once_a_day(
    staff, perusahaan, django_capture_on_commit_callbacks
):
    surat, jam = cover_letter(staff, perusahaan, D(2026, 8, 12))
    with django_capture_on_commit_callbacks(execute=True):
        clocks.sweep(wib(2026, 8, 28, 7, 0))  # the 10th working day
        Jam.objects.filter(pk=jam.pk).update(diingatkan_pada=None)
        clocks.sweep(wib(2026, 8, 28, 9, 0))  # the same day again
        clocks.sweep(wib(2026, 8, 31, 7, 0))

    first, second = told(staff, J.KONFIRMASI)
    assert first.kunci == f"surat.jam:{jam.pk}:peringatan:2026-08-28"
    assert second.kunci == f"surat.jam:{jam.pk}:peringatan:2026-08-31"
    assert surat.nomor in first.judul


def test_a_company_answer_through_its_link_tells_staff_in_the_app_and_the_student(
    student_a, staff, perusahaan, django_capture_on_commit_callbacks
):
    pendaftaran = submit(student_a, perusahaan=perusahaan)
    surat = issue([pendaftaran], staff)
    answer = {"hasil": "diterima", "mulai": dt.date(2027, 2, 1), "selesai": dt.date(2027, 5, 31)}
    with django_capture_on_commit_callbacks(execute=True):
        company_services.record_company_answer(
            surat=surat, answers={pendaftaran.pk: answer}, nama="Ibu Ratna"
        )

    [row] = told(staff, J.JAWABAN_PERUSAHAAN, emailed=False)
    assert perusahaan.nama in row.judul
    told(student_a.user, J.JAWABAN)
