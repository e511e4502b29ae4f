"""The expiry sweep: set-based, idempotent, tells each student once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from magang import answers, expiry, services
from magang.models import EVENT_KEY_SOURCE, Pendaftaran, Peristiwa
from magang.tasks import expire_overdue_applications
from notifikasi.models import Notifikasi
from notifikasi.services import event_key
from tests.factories import MahasiswaFactory, PerusahaanFactory

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def submit(mahasiswa):
    return services.submit_application(
        mahasiswa=mahasiswa,
        by=mahasiswa.user,
        perusahaan=PerusahaanFactory(),
        posisi="Teknisi",
        mulai=dt.date(2027, 2, 1),
        selesai=dt.date(2027, 5, 31),
        kontak_nama="Bapak HRD",
    )


@pytest.fixture
def submitted(prodi_x):
    students = MahasiswaFactory.create_batch(5, prodi=prodi_x)
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, 0, tzinfo=WIB), tick=False):
        return [submit(m) for m in students]


def test_nothing_expires_before_the_block_lifts(submitted):
    with time_machine.travel(dt.datetime(2026, 11, 16, 23, 59, tzinfo=WIB), tick=False):
        assert expire_overdue_applications() == 0
    assert Pendaftaran.objects.filter(status="diajukan").count() == 5


def test_it_expires_every_overdue_application_in_one_statement(
    submitted, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(dt.datetime(2026, 11, 17, 0, 0, tzinfo=WIB), tick=False),
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert expire_overdue_applications() == 5
    sweeping = [q for q in queries.captured_queries if "UPDATE magang_pendaftaran" in q["sql"]]
    assert len(sweeping) == 1
    assert Pendaftaran.objects.filter(status="kedaluwarsa").count() == 5
    assert Peristiwa.objects.filter(jenis="kedaluwarsa").count() == 5
    expired_notes = Notifikasi.objects.filter(judul__contains=submitted[0].perusahaan.nama)
    assert expired_notes.filter(tautan=f"/magang/{submitted[0].pk}/").exists()
    assert len(mailoutbox) == 5


def test_running_the_sweep_twice_changes_nothing_the_second_time(
    submitted, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(dt.datetime(2026, 11, 18, 8, 0, tzinfo=WIB), tick=False):
        assert expire_overdue_applications() == 5
        with django_capture_on_commit_callbacks(execute=True):
            assert expire_overdue_applications() == 0
    assert Peristiwa.objects.filter(jenis="kedaluwarsa").count() == 5
    assert mailoutbox == []


def test_a_late_answer_after_expiry_is_still_recorded(submitted, staff):
    with time_machine.travel(dt.datetime(2026, 11, 20, 8, 0, tzinfo=WIB), tick=False):
        expire_overdue_applications()
        answers.record_answer(pendaftaran=submitted[0], hasil="diterima", by=staff)
    submitted[0].refresh_from_db()
    assert submitted[0].status == "diterima"
    assert list(
        Peristiwa.objects.filter(pendaftaran=submitted[0]).values_list("jenis", flat=True)
    ) == ["diajukan", "kedaluwarsa", "diterima"]


def test_run_timers_includes_the_sweep(submitted, capsys):
    with time_machine.travel(dt.datetime(2026, 11, 17, 1, 0, tzinfo=WIB), tick=False):
        call_command("run_timers")
    assert "magang.expire: ok" in capsys.readouterr().out
    assert Pendaftaran.objects.filter(status="kedaluwarsa").count() == 5


def test_the_sweep_keys_each_notification_by_its_event(submitted):
    with time_machine.travel(dt.datetime(2026, 11, 17, 0, 0, tzinfo=WIB), tick=False):
        expire_overdue_applications()
    event = Peristiwa.objects.get(pendaftaran=submitted[0], jenis="kedaluwarsa")
    told = Notifikasi.objects.get(penerima=submitted[0].mahasiswa.user, jenis="blokir_dibuka")
    assert told.kunci == event_key(services.EVENT_KEY_SOURCE, event.pk)


def test_the_sweep_states_the_rules_number_of_working_days(submitted, monkeypatch):
    # The message takes its number from the rule's constant, not from a copy.
    monkeypatch.setattr(expiry, "WORKING_DAYS_TO_ANSWER", 12)
    with time_machine.travel(dt.datetime(2026, 11, 17, 0, 0, tzinfo=WIB), tick=False):
        expire_overdue_applications()
    told = Notifikasi.objects.filter(jenis="blokir_dibuka").first()
    assert "dalam 12 hari kerja" in told.isi


@pytest.mark.django_db(transaction=True)
def test_the_workers_sweep_runs_its_chunks_side_by_side_each_once(
    submitted, monkeypatch, mailoutbox
):
    # Five applications in chunks of two: three transactions on two
    # connections of their own, every row moved, told and logged once.
    monkeypatch.setattr(expiry, "CHUNK", 2)
    mailoutbox.clear()  # the submissions' own
    with time_machine.travel(dt.datetime(2026, 11, 17, 0, 0, tzinfo=WIB), tick=False):
        assert expire_overdue_applications() == 5
        assert expire_overdue_applications() == 0
    assert Pendaftaran.objects.filter(status="kedaluwarsa").count() == 5
    events = Peristiwa.objects.filter(jenis="kedaluwarsa")
    assert events.count() == 5
    keys = [event_key(EVENT_KEY_SOURCE, e.pk) for e in events]
    told = Notifikasi.objects.filter(kunci__in=keys)
    assert sorted(told.values_list("kunci", flat=True)) == sorted(keys)
    moved = LogEntry.objects.filter(changes__status=["diajukan", "kedaluwarsa"])
    assert sorted(int(pk) for pk in moved.values_list("object_pk", flat=True)) == sorted(
        p.pk for p in submitted
    )
    assert len(mailoutbox) == 5
