"""The worker's sweep of the KPI clocks (surat.desk.clocks.sweep, every minute):
alerts at 2/3 of a request clock's budget, daily reminders of a cover
letter's confirmation, breaches recorded once, and the KPI rebuilt from the
clock events alone. Times are WIB; service hours Mon-Fri 08:00-16:00 (see
test_clocks.py). The sweep is given the moment it runs at."""

import threading
from collections import defaultdict
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_q.models import Schedule

from notifikasi.models import Notifikasi
from pkpk import kalender, roles
from pkpk.schedules import SCHEDULES
from surat import tasks
from surat.desk import clocks, handling, requesting
from surat.models import Jam, PeristiwaLayanan
from tests.factories import UserFactory
from tests.support.clock import D, at, wib
from tests.support.letters import cover_letter, letter_request, question, started

pytestmark = pytest.mark.django_db
TANGGAPAN, TERBIT = Jam.Jenis.TANGGAPAN, Jam.Jenis.TERBIT
Event = PeristiwaLayanan.Jenis


@pytest.fixture
def staff_team(staff):
    """Two active staff members, and one who left (never told anything)."""
    other = UserFactory(username="staf2@example.test", nama="Staf Dua", group=roles.STAF)
    UserFactory(
        username="staf.lama@example.test", nama="Staf Lama", group=roles.STAF, is_active=False
    )
    return [staff, other]


def sweep_at(*moment):
    return clocks.sweep(wib(*moment))


def told():
    """(staff username, title) of every notification to staff, sorted."""
    rows = Notifikasi.objects.filter(penerima__groups__name=roles.STAF)
    return sorted(rows.values_list("penerima__username", "judul"))


def request_title(permintaan):
    return _("Request #%(pk)s (%(kind)s)") % {
        "pk": permintaan.pk,
        "kind": permintaan.get_jenis_display(),
    }


def breach_title(subject):
    return _("Breached: %(subject)s") % {"subject": subject}


def minutes_left(jam, minutes):
    return _("%(clock)s: %(minutes)s service minute(s) left of %(budget)s.") % {
        "clock": capfirst(jam.get_jenis_display()),
        "minutes": minutes,
        "budget": clocks.budget(jam),
    }


def kinds(jam):
    return list(jam.peristiwa.values_list("jenis", flat=True))


# --- request clocks --------------------------------------------------------------------


def test_it_alerts_every_active_staff_member_once_at_two_thirds(
    student_a, staff_team, django_capture_on_commit_callbacks
):
    permintaan = question(student_a)
    jam = started(permintaan, 2026, 11, 2, 9, 0)[TANGGAPAN]  # alert 09:10, deadline 09:15

    assert sweep_at(2026, 11, 2, 9, 9, 59) == {"alerted": 0, "breached": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_at(2026, 11, 2, 9, 10) == {"alerted": 1, "breached": 0}
    assert sweep_at(2026, 11, 2, 9, 11) == {"alerted": 0, "breached": 0}

    alert = jam.peristiwa.get(jenis=Event.PERINGATAN)
    assert (alert.waktu, alert.terpakai) == (wib(2026, 11, 2, 9, 10), 10)
    subject = request_title(permintaan)
    assert told() == [("staf2@example.test", subject), ("staf@example.test", subject)]
    row = Notifikasi.objects.filter(penerima=staff_team[0]).get()
    assert row.isi == minutes_left(jam, 5)
    assert row.tautan == reverse("surat:request_staff", args=[permintaan.pk])
    assert sorted(m.to[0] for m in mail.outbox) == ["staf2@example.test", "staf@example.test"]
    assert mail.outbox[0].subject == subject
    assert row.tautan in mail.outbox[0].body


def test_a_claimed_request_alerts_only_its_handler(
    student_a, pendaftaran_a, staff_team, django_capture_on_commit_callbacks
):
    other = staff_team[1]
    permintaan = letter_request(student_a, pendaftaran_a.perusahaan)
    jam = started(permintaan, 2026, 11, 2, 9, 0)  # letter: alert 09:40, deadline 10:00
    with at(2026, 11, 2, 9, 5):
        handling.claim(permintaan=permintaan, by=other)

    assert sweep_at(2026, 11, 2, 9, 20) == {"alerted": 0, "breached": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_at(2026, 11, 2, 9, 40) == {"alerted": 1, "breached": 0}

    assert kinds(jam[TANGGAPAN]) == [Event.MULAI, Event.BERHENTI]
    assert kinds(jam[TERBIT]) == [Event.MULAI, Event.PERINGATAN]
    assert told() == [("staf2@example.test", request_title(permintaan))]
    assert Notifikasi.objects.get(penerima=other).isi == minutes_left(jam[TERBIT], 20)
    assert [m.to for m in mail.outbox] == [["staf2@example.test"]]


def test_a_handler_who_left_is_replaced_by_the_whole_team(student_a, pendaftaran_a, staff_team):
    other = staff_team[1]
    permintaan = letter_request(student_a, pendaftaran_a.perusahaan)
    started(permintaan, 2026, 11, 2, 9, 0)
    with at(2026, 11, 2, 9, 5):
        handling.claim(permintaan=permintaan, by=other)
    other.is_active = False
    other.save()

    sweep_at(2026, 11, 2, 9, 40)

    # Every active staff member (the vacancy's author is one too), not the
    # handler who left.
    told_names = {name for name, _title in told()}
    assert "staf@example.test" in told_names
    assert told_names.isdisjoint({"staf2@example.test", "staf.lama@example.test"})


def test_it_records_the_breach_once(student_a, staff_team, django_capture_on_commit_callbacks):
    permintaan = question(student_a)
    jam = started(permintaan, 2026, 11, 2, 9, 0)[TANGGAPAN]
    sweep_at(2026, 11, 2, 9, 10)

    # At 09:15 sharp the 15 minutes are used, not exceeded.
    assert sweep_at(2026, 11, 2, 9, 15) == {"alerted": 0, "breached": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_at(2026, 11, 2, 9, 16) == {"alerted": 0, "breached": 1}
    assert sweep_at(2026, 11, 2, 9, 17) == {"alerted": 0, "breached": 0}
    assert sweep_at(2026, 11, 3, 9, 0) == {"alerted": 0, "breached": 0}
    with at(2026, 11, 2, 9, 30):
        handling.claim(permintaan=permintaan, by=staff_team[0])

    jam.refresh_from_db()
    assert jam.lewat_pada == wib(2026, 11, 2, 9, 16)
    assert kinds(jam) == [Event.MULAI, Event.PERINGATAN, Event.LEWAT, Event.BERHENTI]
    assert jam.peristiwa.get(jenis=Event.LEWAT).terpakai == 15
    assert jam.peristiwa.get(jenis=Event.BERHENTI).terpakai == 30
    breach = breach_title(request_title(permintaan))
    assert Notifikasi.objects.filter(judul=breach).count() == 2
    assert Notifikasi.objects.get(judul=breach, penerima=staff_team[0]).isi == (
        _("%(clock)s: the %(budget)s service minutes have run out.")
        % {"clock": capfirst(jam.get_jenis_display()), "budget": 15}
    )
    assert sorted(m.subject for m in mail.outbox) == [breach, breach]


def test_a_worker_back_after_the_deadline_records_the_breach_without_a_stale_alert(student_a):
    jam = started(question(student_a), 2026, 11, 2, 9, 0)[TANGGAPAN]

    assert sweep_at(2026, 11, 2, 9, 40) == {"alerted": 0, "breached": 1}

    assert kinds(jam) == [Event.MULAI, Event.LEWAT]


def test_stopped_clocks_never_alert_or_breach(student_a, pendaftaran_a, staff_team):
    permintaan = letter_request(student_a, pendaftaran_a.perusahaan)
    jam = started(permintaan, 2026, 11, 2, 9, 0)
    with at(2026, 11, 2, 9, 5):
        handling.return_request(
            permintaan=permintaan, by=staff_team[0], alasan="Jabatan penerima belum diisi benar."
        )

    for minute in (10, 16, 40):
        assert sweep_at(2026, 11, 2, 9, minute) == {"alerted": 0, "breached": 0}
    assert sweep_at(2026, 11, 2, 10, 1) == {"alerted": 0, "breached": 0}

    assert kinds(jam[TANGGAPAN]) == [Event.MULAI, Event.BERHENTI]
    assert kinds(jam[TERBIT]) == [Event.MULAI, Event.BATAL]
    assert not Notifikasi.objects.filter(penerima__groups__name=roles.STAF).exists()


def test_a_deadline_at_closing_is_not_breached_before_the_next_opening(student_a, staff):
    # Friday 6 Nov 15:45: alert 15:55, the 15 minutes end at 16:00 sharp.
    jam = started(question(student_a), 2026, 11, 6, 15, 45)[TANGGAPAN]

    assert sweep_at(2026, 11, 6, 15, 55) == {"alerted": 1, "breached": 0}
    for moment in [(2026, 11, 6, 16, 1), (2026, 11, 7, 10, 0), (2026, 11, 9, 8, 0)]:
        assert sweep_at(*moment) == {"alerted": 0, "breached": 0}
    assert sweep_at(2026, 11, 9, 8, 1) == {"alerted": 0, "breached": 1}

    assert kinds(jam) == [Event.MULAI, Event.PERINGATAN, Event.LEWAT]


def test_a_stop_between_two_sweeps_records_the_breach_and_the_sweep_adds_none(student_a, staff):
    permintaan = question(student_a)
    jam = started(permintaan, 2026, 11, 2, 9, 0)[TANGGAPAN]
    with at(2026, 11, 2, 9, 15, 30):
        handling.claim(permintaan=permintaan, by=staff)

    assert sweep_at(2026, 11, 2, 9, 16) == {"alerted": 0, "breached": 0}

    assert kinds(jam) == [Event.MULAI, Event.LEWAT, Event.BERHENTI]


def _sweep_in_threads(moment, n=4):
    """Run `n` sweeps at once, each in its own thread with its own database
    connection; returns their results."""
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(clocks.sweep(moment))
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_alert_and_breach_each_clock_once(student_a, staff_team):
    questions = [question(student_a, f"Pertanyaan {i}") for i in range(5)]
    for permintaan in questions:
        started(permintaan, 2026, 11, 2, 9, 0)
    jams = Jam.objects.filter(permintaan__in=questions)

    alerted = _sweep_in_threads(wib(2026, 11, 2, 9, 12))
    breached = _sweep_in_threads(wib(2026, 11, 2, 9, 20))

    assert sum(r["alerted"] for r in alerted) == 5
    assert sum(r["breached"] for r in breached) == 5
    for jam in jams:
        assert kinds(jam) == [Event.MULAI, Event.PERINGATAN, Event.LEWAT]
    # Each alert and each breach told the two active staff members once.
    assert Notifikasi.objects.count() == 5 * 2 * 2


# --- the confirmation clock ----------------------------------------------------------


def test_confirmation_reminders_come_once_a_working_day_from_the_tenth(
    staff_team, perusahaan, django_capture_on_commit_callbacks
):
    # Dated Wed 12 Aug 2026: the 10th working day is Fri 28 Aug, the 14th
    # Thu 3 Sep (17 and 25 Aug are holidays); the deadline Fri 4 Sep 00:00.
    surat, jam = cover_letter(staff_team[0], perusahaan, D(2026, 8, 12))
    sweeps = [
        ((2026, 8, 27, 12, 0), 0),  # the 9th working day
        ((2026, 8, 28, 6, 59), 0),  # the 10th, before 07:00
        ((2026, 8, 28, 7, 0), 1),
        ((2026, 8, 28, 7, 1), 0),
        ((2026, 8, 28, 15, 0), 0),  # once a day
        ((2026, 8, 29, 9, 0), 0),  # Saturday
        ((2026, 8, 30, 9, 0), 0),  # Sunday
        ((2026, 8, 31, 6, 0), 0),  # Monday, before 07:00
        ((2026, 8, 31, 7, 2), 1),
        ((2026, 9, 1, 13, 0), 1),
        ((2026, 9, 2, 7, 0), 1),
        ((2026, 9, 3, 7, 0), 1),  # the 14th working day
        ((2026, 9, 3, 23, 59), 0),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for moment, expected in sweeps:
            assert sweep_at(*moment) == {"alerted": expected, "breached": 0}, moment
        assert sweep_at(2026, 9, 4, 0, 0) == {"alerted": 0, "breached": 1}
        assert sweep_at(2026, 9, 4, 7, 0) == {"alerted": 0, "breached": 0}
        assert sweep_at(2026, 9, 7, 7, 0) == {"alerted": 0, "breached": 0}

    reminders = jam.peristiwa.filter(jenis=Event.PERINGATAN)
    assert [(e.waktu, e.terpakai) for e in reminders] == [
        (wib(2026, 8, 28, 7, 0), 10),
        (wib(2026, 8, 31, 7, 2), 11),
        (wib(2026, 9, 1, 13, 0), 12),
        (wib(2026, 9, 2, 7, 0), 13),
        (wib(2026, 9, 3, 7, 0), 14),
    ]
    assert jam.peristiwa.filter(jenis=Event.LEWAT).get().terpakai == 14
    title = _("Letter %(nomor)s to %(company)s") % {
        "nomor": surat.nomor,
        "company": perusahaan.nama,
    }
    first = Notifikasi.objects.filter(judul=title, penerima=staff_team[0]).order_by("pk").first()
    assert first.isi == _(
        "Confirm with the company whether the students were taken: %(days)s working "
        "day(s) left of 14."
    ) % {"days": 4}
    assert first.tautan == reverse("surat:detail", args=[surat.pk])
    assert Notifikasi.objects.filter(judul=title).count() == 5 * 2
    assert Notifikasi.objects.filter(judul=breach_title(title)).count() == 2
    assert len(mail.outbox) == 6 * 2


def test_a_confirmed_letter_gets_no_reminder(staff, perusahaan):
    surat, jam = cover_letter(staff, perusahaan, D(2026, 8, 12))
    with at(2026, 8, 27, 11, 0):
        clocks.stop_confirmation_clock(surat, by=staff)

    assert sweep_at(2026, 8, 28, 7, 0) == {"alerted": 0, "breached": 0}
    assert sweep_at(2026, 9, 4, 7, 0) == {"alerted": 0, "breached": 0}
    assert kinds(jam) == [Event.MULAI, Event.BERHENTI]


# --- the timer -------------------------------------------------------------------------


def test_the_sweep_is_a_timer_of_the_worker():
    assert SCHEDULES["surat.clocks"] == ("surat.tasks.sweep_clocks", 1)
    schedule = Schedule.objects.get(name="surat.clocks")
    assert (schedule.func, schedule.minutes) == ("surat.tasks.sweep_clocks", 1)


def test_run_timers_sweeps_the_clocks(student_a, staff):
    jam = started(question(student_a), 2026, 11, 2, 9, 0)[TANGGAPAN]
    out = StringIO()

    with at(2026, 11, 2, 9, 20):
        call_command("run_timers", stdout=out)
        assert tasks.sweep_clocks() == {"alerted": 0, "breached": 0}

    assert "surat.clocks: ok" in out.getvalue()
    jam.refresh_from_db()
    assert jam.lewat_pada == wib(2026, 11, 2, 9, 20)


# --- the KPI, rebuilt from the events alone ----------------------------------------


def kpi_from_events():
    """B.4.1.7.e and a from PeristiwaLayanan rows and their clock's kind only:
    a clock is on time when it stopped with its outcome and never breached."""
    clocks_seen = defaultdict(dict)
    for jam_id, jenis_jam, jenis, waktu, terpakai in PeristiwaLayanan.objects.values_list(
        "jam_id", "jam__jenis", "jenis", "waktu", "terpakai"
    ):
        clocks_seen[jam_id]["kind"] = jenis_jam
        clocks_seen[jam_id][jenis] = (waktu, terpakai)
    kpi = {"answered": 0, "answered_in_15": 0, "issued": 0, "issued_in_60": 0, "breaches": 0}
    for seen in clocks_seen.values():
        kpi["breaches"] += Event.LEWAT in seen
        if Event.BERHENTI not in seen:
            continue
        # The minutes recorded agree with the service time between the
        # start and stop events, recomputed from their instants.
        (started_at, _), (stopped_at, used) = seen[Event.MULAI], seen[Event.BERHENTI]
        service = kalender.service_time_between(started_at, stopped_at)
        assert used == -(-service.total_seconds() // 60)
        name = {TANGGAPAN: "answered", TERBIT: "issued"}[seen["kind"]]
        kpi[name] += 1
        kpi[f"{name}_in_{15 if name == 'answered' else 60}"] += Event.LEWAT not in seen
    return kpi


def test_the_kpi_can_be_rebuilt_from_the_events_alone(
    student_a, student_b, pendaftaran_a, pendaftaran_b, staff
):
    # Monday 2 Nov 2026, the worker sweeping at the minutes that matter:
    # R1 question 08:30, answered 08:40: 10 minutes, in time.
    # R2 letter 09:00: alert 09:10, breach 09:16, claimed 09:20 (20 minutes,
    #    late); letter alert 09:40, issued 09:55 (55 minutes, in time).
    # R3 letter 10:00: claimed 10:05 (5, in time); letter alert 10:40, breach
    #    11:01, issued 11:10 (70 minutes, late).
    # R4 question 15:45: alert 15:55; the 15 minutes end at closing; answered
    #    Tuesday 07:55 before opening: exactly 15 minutes, in time.
    # Truth: 4 first responses, 3 within 15; 2 letters, 1 within 60; 2 breaches.
    def submit(student, pendaftaran, *moment):
        with at(*moment):
            return requesting.submit_letter_request(
                pemohon=student,
                jenis="permohonan",
                pendaftaran=pendaftaran,
                penerima_jabatan="Manajer HRD",
                mulai=D(2027, 2, 1),
                selesai=D(2027, 5, 31),
                data_benar=True,
            )

    def ask(student, *moment):
        with at(*moment):
            return requesting.ask_question(pemohon=student, isi="Kapan suratnya jadi?")

    def act(service, *moment, **kwargs):
        with at(*moment):
            return service(by=staff, **kwargs)

    r1 = ask(student_a, 2026, 11, 2, 8, 30)
    act(handling.answer_question, 2026, 11, 2, 8, 40, permintaan=r1, jawaban="Besok.")
    r2 = submit(student_a, pendaftaran_a, 2026, 11, 2, 9, 0)
    sweep_at(2026, 11, 2, 9, 10)
    sweep_at(2026, 11, 2, 9, 16)
    act(handling.claim, 2026, 11, 2, 9, 20, permintaan=r2)
    sweep_at(2026, 11, 2, 9, 40)
    act(handling.issue_from_request, 2026, 11, 2, 9, 55, permintaan=r2)
    r3 = submit(student_b, pendaftaran_b, 2026, 11, 2, 10, 0)
    act(handling.claim, 2026, 11, 2, 10, 5, permintaan=r3)
    sweep_at(2026, 11, 2, 10, 40)
    sweep_at(2026, 11, 2, 11, 1)
    act(handling.issue_from_request, 2026, 11, 2, 11, 10, permintaan=r3)
    r4 = ask(student_b, 2026, 11, 2, 15, 45)
    sweep_at(2026, 11, 2, 15, 55)
    sweep_at(2026, 11, 2, 16, 30)
    sweep_at(2026, 11, 3, 7, 50)
    act(handling.answer_question, 2026, 11, 3, 7, 55, permintaan=r4, jawaban="Sudah.")

    assert kpi_from_events() == {
        "answered": 4,
        "answered_in_15": 3,
        "issued": 2,
        "issued_in_60": 1,
        "breaches": 2,
    }
    assert PeristiwaLayanan.objects.filter(jenis=Event.PERINGATAN).count() == 4
    assert sorted(
        PeristiwaLayanan.objects.filter(jenis=Event.BERHENTI).values_list("terpakai", flat=True)
    ) == [5, 10, 15, 20, 55, 70]
