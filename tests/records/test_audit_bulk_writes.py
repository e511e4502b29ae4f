"""Writes that bypass save() reach the audit trail: the expiry sweep (one SQL
statement for every overdue application), the student import (bulk inserts
and one UPDATE of arrays), a recorded answer closing a waiting upload, and
the rows written after migrate."""

import datetime as dt

import pytest
import time_machine
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from magang import answers as magang_answers
from magang import services as magang_services
from magang.models import SuratBalasan
from magang.tasks import expire_overdue_applications
from pkpk import audit
from pkpk.models import JamLayanan, Mahasiswa, User
from surat.models import PertanyaanUmpanBalik
from tests.factories import MahasiswaFactory, PerusahaanFactory
from tests.support.applications import uploaded_reply
from tests.support.clock import WIB
from tests.support.pages import page_text
from tests.support.workbooks import confirm, students, upload_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def updates_of(obj):
    return LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.UPDATE)


@pytest.fixture
def submitted(prodi_x):
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, 0, tzinfo=WIB), tick=False):
        return [
            magang_services.submit_application(
                mahasiswa=m,
                by=m.user,
                perusahaan=PerusahaanFactory(),
                posisi="Teknisi",
                mulai=dt.date(2027, 2, 1),
                selesai=dt.date(2027, 5, 31),
                kontak_nama="Bapak HRD",
            )
            for m in MahasiswaFactory.create_batch(3, prodi=prodi_x)
        ]


def test_the_sweep_records_each_expired_application_as_the_system(submitted):
    with (
        time_machine.travel(dt.datetime(2026, 11, 17, 0, 0, tzinfo=WIB), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert expire_overdue_applications() == 3
    # Still one statement: the entries are written by the sweep's own SQL.
    assert len([q for q in queries.captured_queries if "auditlog_logentry" in q["sql"]]) == 1
    for pendaftaran in submitted:
        pendaftaran.refresh_from_db()
        entry = updates_of(pendaftaran).get(changes__has_key="status")
        assert entry.changes == {"status": ["diajukan", "kedaluwarsa"]}
        assert entry.actor is None
        assert entry.additional_data["by"] == {"kind": audit.SYSTEM}
        assert entry.object_repr == str(pendaftaran)
        assert entry.timestamp == dt.datetime(2026, 11, 17, 0, 0, tzinfo=WIB)


def test_the_trail_page_shows_the_expiry_by_the_system(client, staff, submitted):
    with time_machine.travel(dt.datetime(2026, 11, 17, 0, 0, tzinfo=WIB), tick=False):
        expire_overdue_applications()
    client.force_login(staff)
    url = reverse("audit:record", args=["magang.pendaftaran", submitted[0].pk])
    text = page_text(client.get(url))
    assert "Sistem" in text
    assert "Oleh Sistem" in text
    assert "Alasan Tidak ada jawaban dalam 10 hari kerja" in text
    assert "Status diajukan → kedaluwarsa" in text


def test_a_second_sweep_records_nothing_more(submitted):
    with time_machine.travel(dt.datetime(2026, 11, 17, 0, 0, tzinfo=WIB), tick=False):
        expire_overdue_applications()
        before = LogEntry.objects.count()
        assert expire_overdue_applications() == 0
    assert LogEntry.objects.count() == before


def test_the_import_records_every_new_student_and_account(client, staff, prodi_x):
    client.force_login(staff)
    impor = upload_rows(client, students(3))
    client.post(reverse("pkpk:import_confirm", args=[impor.pk]), REMOTE_ADDR="10.4.4.4")
    for mahasiswa in Mahasiswa.objects.select_related("user"):
        [made] = LogEntry.objects.get_for_object(mahasiswa)
        assert made.action == LogEntry.Action.CREATE
        assert (made.actor, made.remote_addr) == (staff, "10.4.4.4")
        assert made.changes["prodi"] == ["None", str(prodi_x.pk)]
        assert made.additional_data["impor"]["id"] == impor.pk
        [account] = LogEntry.objects.get_for_object(mahasiswa.user)
        assert account.changes["groups"]["objects"] == ["Mahasiswa"]
        assert "password" not in account.changes


def test_the_import_records_each_change_with_before_and_after(client, staff, prodi_x):
    client.force_login(staff)
    confirm(client, upload_rows(client, students(2)))
    edited = [{**students(2)[0], "Nama": "Nama Baru", "Telepon": "0811"}, students(2)[1]]
    confirm(client, upload_rows(client, edited), terapkan_perubahan="on")
    user = User.objects.get(username=edited[0]["NIM"])
    assert updates_of(user).get().changes == {"nama": ["Mahasiswa Uji 1", "Nama Baru"]}
    assert updates_of(user.mahasiswa).get().changes == {"telepon": ["08123000001", "0811"]}
    assert not updates_of(User.objects.get(username=edited[1]["NIM"]))


def test_the_import_writes_its_entries_in_the_same_few_queries_for_any_size(client, staff, prodi_x):
    client.force_login(staff)

    def log_queries(rows):
        impor = upload_rows(client, rows)
        with CaptureQueriesContext(connection) as ctx:
            confirm(client, impor)
        return len([q for q in ctx.captured_queries if "auditlog_logentry" in q["sql"]])

    assert log_queries(students(5)) == log_queries(
        [{**r, "NIM": f"44{r['NIM'][2:]}", "Email": f"x{r['Email']}"} for r in students(300)]
    )


def test_an_answer_closing_a_waiting_upload_records_the_upload(staff, pendaftaran_a):
    balasan = uploaded_reply(pendaftaran_a)
    magang_answers.record_answer(pendaftaran=pendaftaran_a, hasil="diterima", by=staff)
    balasan.refresh_from_db()
    assert balasan.verifikasi == SuratBalasan.Verifikasi.DITOLAK
    entry = updates_of(balasan).get()
    assert entry.changes["verifikasi"] == ["menunggu", "ditolak"]


def test_rows_written_after_migrate_are_in_the_trail():
    from pkpk.initial_data import ensure_institution_profile
    from pkpk.models import Institusi
    from surat.initial_data import ensure_feedback_questions

    JamLayanan.objects.all().delete()
    Institusi.objects.all().delete()
    PertanyaanUmpanBalik.objects.all().delete()
    ensure_institution_profile()
    ensure_feedback_questions()
    for model in (JamLayanan, PertanyaanUmpanBalik):
        assert model.objects.exists()
        for obj in model.objects.all():
            made = LogEntry.objects.get_for_object(obj).get(action=LogEntry.Action.CREATE)
            assert made.additional_data["by"] == {"kind": audit.SYSTEM}
