"""The KPI clocks (surat/clocks.py) against service minutes worked out by hand.

Every expected value below was computed by hand from the service hours the
system ships with (pkpk.initial_data, also what seed_demo writes): Monday to
Friday 08:00-16:00 WIB, no break, nothing on Saturday and Sunday. The first
test checks that this is still what the database holds. Request clocks
budget 15 service minutes (first response) and 60 (letter issued) and alert
staff at 2/3 of that: at the 10th and 40th minute. A cover letter's
confirmation clock reminds from 07:00 WIB of the 10th working day after the
letter's date and runs out at 00:00 after the 14th.

November 2026 has no holiday; the weeks used: Mon 2 - Fri 6 Nov, Mon 9 Nov.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pkpk import kalender
from pkpk.models import HariKalender, JamLayanan
from surat.desk import clocks
from surat.models import Jam, Jenis, PeristiwaLayanan, Permintaan
from tests.support.clock import D, at, wib
from tests.support.letters import accept, cover_letter, issue, letter_request, question, started

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
TANGGAPAN, TERBIT, KONFIRMASI = Jam.Jenis.TANGGAPAN, Jam.Jenis.TERBIT, Jam.Jenis.KONFIRMASI


def events(jam):
    return list(jam.peristiwa.values_list("jenis", "terpakai"))


# --- the service hours the hand computations assume ---------------------------------


def test_the_default_service_hours_are_weekdays_eight_to_four_without_a_break():
    hours = JamLayanan.objects.order_by("hari").values_list(
        "hari", "buka", "tutup", "istirahat_mulai", "istirahat_selesai"
    )
    assert list(hours) == [(day, dt.time(8), dt.time(16), None, None) for day in range(5)]


def test_the_alert_comes_at_two_thirds_of_the_budget_exactly():
    # 15 * 2/3 = 10 and 60 * 2/3 = 40, exactly: no float rounds 10 up to 11.
    assert clocks.alert_minutes(15) == 10
    assert clocks.alert_minutes(60) == 40
    assert clocks.alert_minutes(14) == 10  # 9.33 rounds up


# --- request clocks ------------------------------------------------------------------


def test_a_monday_morning_request_runs_out_the_same_morning(student_a, perusahaan):
    # Monday 2 Nov 2026 09:00: first response alert 09:10, deadline 09:15;
    # letter alert 09:40, deadline 10:00.
    permintaan = letter_request(student_a, perusahaan)
    jam = started(permintaan, 2026, 11, 2, 9, 0)

    assert (jam[TANGGAPAN].mulai, jam[TANGGAPAN].putaran) == (wib(2026, 11, 2, 9, 0), 1)
    assert jam[TANGGAPAN].ambang_peringatan == wib(2026, 11, 2, 9, 10)
    assert jam[TANGGAPAN].batas == wib(2026, 11, 2, 9, 15)
    assert jam[TERBIT].ambang_peringatan == wib(2026, 11, 2, 9, 40)
    assert jam[TERBIT].batas == wib(2026, 11, 2, 10, 0)
    for clock in jam.values():
        assert events(clock) == [(PeristiwaLayanan.Jenis.MULAI, None)]
        assert clock.peristiwa.get().waktu == wib(2026, 11, 2, 9, 0)


def test_a_question_gets_the_first_response_clock_only(student_a):
    jam = started(question(student_a), 2026, 11, 2, 9, 0)

    assert list(jam) == [TANGGAPAN]
    assert jam[TANGGAPAN].batas == wib(2026, 11, 2, 9, 15)


def test_a_friday_afternoon_request_runs_over_the_weekend(student_a, perusahaan):
    # Friday 6 Nov 2026 15:40, 20 minutes before closing.
    # First response: 10 minutes at 15:50, deadline 15:55 the same Friday.
    # Letter: 20 minutes on Friday (15:40-16:00), the other 40 on Monday 9 Nov
    # from 08:00: alert at 20 + 20 = 08:20, deadline at 20 + 40 = 08:40.
    start = wib(2026, 11, 6, 15, 40)
    jam = started(letter_request(student_a, perusahaan), 2026, 11, 6, 15, 40)

    assert jam[TANGGAPAN].ambang_peringatan == wib(2026, 11, 6, 15, 50)
    assert jam[TANGGAPAN].batas == wib(2026, 11, 6, 15, 55)
    assert jam[TERBIT].ambang_peringatan == wib(2026, 11, 9, 8, 20)
    assert jam[TERBIT].batas == wib(2026, 11, 9, 8, 40)
    assert kalender.service_time_between(start, jam[TERBIT].batas) == dt.timedelta(minutes=60)
    # The weekend and the night count for nothing.
    assert kalender.service_time_between(
        wib(2026, 11, 6, 16, 0), wib(2026, 11, 9, 8, 0)
    ) == dt.timedelta(0)


def test_a_question_ten_minutes_before_closing_on_friday_alerts_at_closing(student_a):
    # Friday 6 Nov 15:50: the 10th minute ends at 16:00 sharp (the alert), the
    # 15th at 08:05 on Monday 9 Nov.
    jam = started(question(student_a), 2026, 11, 6, 15, 50)[TANGGAPAN]

    assert jam.ambang_peringatan == wib(2026, 11, 6, 16, 0)
    assert jam.batas == wib(2026, 11, 9, 8, 5)


@pytest.mark.parametrize("moment", [(2026, 11, 3, 19, 30), (2026, 11, 4, 6, 0)])
def test_an_evening_or_early_request_starts_counting_at_the_next_opening(
    student_a, perusahaan, moment
):
    # Tuesday 3 Nov 19:30 (after closing) and Wednesday 4 Nov 06:00 (before
    # opening) both count from Wednesday 08:00: 08:10/08:15 and 08:40/09:00.
    jam = started(letter_request(student_a, perusahaan), *moment)

    assert jam[TANGGAPAN].mulai == wib(*moment)
    assert jam[TANGGAPAN].ambang_peringatan == wib(2026, 11, 4, 8, 10)
    assert jam[TANGGAPAN].batas == wib(2026, 11, 4, 8, 15)
    assert jam[TERBIT].ambang_peringatan == wib(2026, 11, 4, 8, 40)
    assert jam[TERBIT].batas == wib(2026, 11, 4, 9, 0)
    assert clocks.used(jam[TANGGAPAN], wib(2026, 11, 4, 7, 59)) == 0


def test_a_request_the_day_before_a_national_holiday_runs_past_it(student_a, perusahaan):
    # Tuesday 16 June 2026 is Tahun Baru Islam. Monday 15 June 15:50: 10
    # minutes on Monday, the rest on Wednesday 17 June from 08:00.
    # First response: alert 16:00 Monday, deadline 5 minutes on: Wed 08:05.
    # Letter: alert at 10 + 30 = Wed 08:30, deadline at 10 + 50 = Wed 08:50.
    assert (D(2026, 6, 16), "Tahun Baru Islam") in kalender.non_working_days(2026)
    start = wib(2026, 6, 15, 15, 50)
    jam = started(letter_request(student_a, perusahaan), 2026, 6, 15, 15, 50)

    assert jam[TANGGAPAN].ambang_peringatan == wib(2026, 6, 15, 16, 0)
    assert jam[TANGGAPAN].batas == wib(2026, 6, 17, 8, 5)
    assert jam[TERBIT].ambang_peringatan == wib(2026, 6, 17, 8, 30)
    assert jam[TERBIT].batas == wib(2026, 6, 17, 8, 50)
    assert kalender.service_time_between(start, jam[TERBIT].batas) == dt.timedelta(minutes=60)


def test_a_request_before_cuti_bersama_and_christmas_runs_into_the_next_week(student_a, perusahaan):
    # Thursday 24 Dec 2026 is cuti bersama Natal, Friday 25 Dec is Christmas,
    # then the weekend. Wednesday 23 Dec 15:30: 30 minutes on Wednesday.
    # First response: 15:40 alert, 15:45 deadline, the same Wednesday.
    # Letter: alert at 30 + 10 = Mon 28 Dec 08:10, deadline 30 + 30 = 08:30.
    holidays = dict(kalender.non_working_days(2026))
    assert holidays[D(2026, 12, 24)] == "Cuti Bersama Hari Raya Natal"
    assert holidays[D(2026, 12, 25)] == "Hari Raya Natal"
    jam = started(letter_request(student_a, perusahaan), 2026, 12, 23, 15, 30)

    assert jam[TANGGAPAN].batas == wib(2026, 12, 23, 15, 45)
    assert jam[TERBIT].ambang_peringatan == wib(2026, 12, 28, 8, 10)
    assert jam[TERBIT].batas == wib(2026, 12, 28, 8, 30)
    assert kalender.service_time_between(
        wib(2026, 12, 23, 15, 30), wib(2026, 12, 28, 8, 30)
    ) == dt.timedelta(minutes=60)


def test_a_closure_staff_add_moves_the_deadline_of_later_requests(student_a):
    # Tuesday 3 Nov 15:50: 10 minutes on Tuesday, 5 on the next working day.
    # Without a closure that is Wednesday 4 Nov 08:05; with Wednesday closed
    # (dies natalis), Thursday 5 Nov 08:05. A clock already running keeps
    # the deadline it was given when it started.
    before = started(question(student_a), 2026, 11, 3, 15, 50)[TANGGAPAN]
    HariKalender.objects.create(
        tanggal=D(2026, 11, 4), jenis=HariKalender.Jenis.LIBUR, keterangan="Dies natalis"
    )
    after = started(question(student_a, "Pertanyaan kedua"), 2026, 11, 3, 15, 50)[TANGGAPAN]

    assert before.batas == wib(2026, 11, 4, 8, 5)
    assert after.batas == wib(2026, 11, 5, 8, 5)
    before.refresh_from_db()
    assert before.batas == wib(2026, 11, 4, 8, 5)


def test_a_make_up_saturday_has_no_service_hours_by_default(student_a):
    # A make-up Saturday (HariKalender MASUK) is a working day, but Saturday
    # has no service hours by default, so service time still skips it:
    # Friday 6 Nov 15:50 + 15 minutes is Monday 9 Nov 08:05 either way.
    HariKalender.objects.create(
        tanggal=D(2026, 11, 7), jenis=HariKalender.Jenis.MASUK, keterangan="Hari pengganti"
    )
    jam = started(question(student_a), 2026, 11, 6, 15, 50)[TANGGAPAN]

    assert kalender.is_working_day(D(2026, 11, 7))
    assert jam.batas == wib(2026, 11, 9, 8, 5)


def test_the_break_staff_set_is_skipped(student_a, perusahaan):
    # Staff give Monday a break 12:00-13:00. Monday 2 Nov 11:50: 10 minutes
    # before the break, the rest from 13:00.
    # First response: alert 12:00 (the 10th minute ends as the break starts),
    # deadline 13:05. Letter: alert 10 + 30 = 13:30, deadline 10 + 50 = 13:50.
    JamLayanan.objects.filter(hari=0).update(
        istirahat_mulai=dt.time(12), istirahat_selesai=dt.time(13)
    )
    jam = started(letter_request(student_a, perusahaan), 2026, 11, 2, 11, 50)

    assert jam[TANGGAPAN].ambang_peringatan == wib(2026, 11, 2, 12, 0)
    assert jam[TANGGAPAN].batas == wib(2026, 11, 2, 13, 5)
    assert jam[TERBIT].ambang_peringatan == wib(2026, 11, 2, 13, 30)
    assert jam[TERBIT].batas == wib(2026, 11, 2, 13, 50)
    assert clocks.used(jam[TANGGAPAN], wib(2026, 11, 2, 12, 59)) == 10


def test_used_rounds_up_to_whole_service_minutes(student_a):
    jam = started(question(student_a), 2026, 11, 2, 9, 0)[TANGGAPAN]

    assert clocks.used(jam, wib(2026, 11, 2, 9, 0)) == 0
    assert clocks.used(jam, wib(2026, 11, 2, 9, 0, 1)) == 1
    assert clocks.used(jam, wib(2026, 11, 2, 9, 5)) == 5
    assert clocks.used(jam, wib(2026, 11, 2, 9, 5, 30)) == 6
    # Over the night: 09:00-16:00 is 420 minutes, then 3 on Tuesday morning.
    assert clocks.used(jam, wib(2026, 11, 3, 8, 3)) == 423


def test_used_stops_over_the_night(student_a):
    # Monday 15:50: 10 minutes on Monday, 3 on Tuesday by 08:03.
    jam = started(question(student_a), 2026, 11, 2, 15, 50)[TANGGAPAN]

    assert clocks.used(jam, wib(2026, 11, 2, 23, 0)) == 10
    assert clocks.used(jam, wib(2026, 11, 3, 8, 3)) == 13


def test_remaining_is_positive_before_the_deadline_and_negative_after(student_a):
    # Monday 09:00, deadline 09:15.
    jam = started(question(student_a), 2026, 11, 2, 9, 0)[TANGGAPAN]

    assert clocks.budget(jam) == 15
    assert clocks.remaining(jam, wib(2026, 11, 2, 9, 0)) == 15
    assert clocks.remaining(jam, wib(2026, 11, 2, 9, 5)) == 10
    assert clocks.remaining(jam, wib(2026, 11, 2, 9, 14, 30)) == 1  # rounded up
    assert clocks.remaining(jam, wib(2026, 11, 2, 9, 15)) == 0
    assert clocks.remaining(jam, wib(2026, 11, 2, 9, 15, 20)) == -1
    assert clocks.remaining(jam, wib(2026, 11, 2, 9, 20)) == -5
    # Tuesday 08:30: 405 minutes on Monday (09:15-16:00) and 30 on Tuesday.
    assert clocks.remaining(jam, wib(2026, 11, 3, 8, 30)) == -435
    assert not clocks.overdue(jam, wib(2026, 11, 2, 9, 15))
    assert clocks.overdue(jam, wib(2026, 11, 2, 9, 15, 1))


def test_remaining_counts_service_minutes_over_the_weekend(student_a):
    # Friday 6 Nov 15:50, deadline Monday 08:05: at 15:55 there are 5 minutes
    # left on Friday and 5 on Monday; all weekend the 5 Monday minutes.
    jam = started(question(student_a), 2026, 11, 6, 15, 50)[TANGGAPAN]

    with at(2026, 11, 6, 15, 55):
        assert clocks.remaining(jam) == 10
    assert clocks.remaining(jam, wib(2026, 11, 7, 11, 0)) == 5
    assert clocks.remaining(jam, wib(2026, 11, 9, 8, 4)) == 1
    assert clocks.remaining(jam, wib(2026, 11, 9, 8, 10)) == -5


def test_a_deadline_at_closing_stands_still_overnight(student_a):
    # Monday 15:45: 15 minutes end at 16:00 sharp. In the evening no service
    # time passes, so the clock is at its deadline but not over it; it is
    # over once Tuesday opens.
    jam = started(question(student_a), 2026, 11, 2, 15, 45)[TANGGAPAN]
    assert jam.batas == wib(2026, 11, 2, 16, 0)

    assert clocks.remaining(jam, wib(2026, 11, 2, 20, 0)) == 0
    assert not clocks.overdue(jam, wib(2026, 11, 2, 20, 0))
    assert not clocks.overdue(jam, wib(2026, 11, 3, 8, 0))
    assert clocks.overdue(jam, wib(2026, 11, 3, 8, 0, 1))
    assert clocks.remaining(jam, wib(2026, 11, 3, 8, 2)) == -2


def test_stopping_records_the_service_minutes_used_once(student_a, staff):
    jam = started(question(student_a), 2026, 11, 2, 9, 0)[TANGGAPAN]

    with at(2026, 11, 2, 9, 12, 30):
        stopped = clocks.stop(jam, by=staff)
        assert clocks.stop(jam, by=staff) is None

    assert stopped.berhenti_pada == wib(2026, 11, 2, 9, 12, 30)
    assert stopped.lewat_pada is None
    assert events(jam) == [(PeristiwaLayanan.Jenis.MULAI, None), ("berhenti", 13)]
    assert jam.peristiwa.get(jenis="berhenti").aktor == staff


def test_a_clock_stopped_after_its_deadline_records_its_breach_first(student_a, staff):
    # Nobody swept between 09:15 and the answer at 09:15:30 (the worker runs
    # once a minute): stopping records the breach itself, once.
    jam = started(question(student_a), 2026, 11, 2, 9, 0)[TANGGAPAN]

    with at(2026, 11, 2, 9, 15, 30):
        clocks.stop(jam, by=staff)

    jam.refresh_from_db()
    assert jam.lewat_pada == wib(2026, 11, 2, 9, 15, 30)
    assert events(jam) == [("mulai", None), ("lewat", 15), ("berhenti", 16)]


def test_ending_without_the_outcome_is_its_own_event(student_a, perusahaan, staff):
    jam = started(letter_request(student_a, perusahaan), 2026, 11, 2, 9, 0)[TERBIT]

    with at(2026, 11, 2, 9, 30):
        clocks.stop(jam, by=staff, outcome=False, catatan="Periode magang salah")

    assert events(jam) == [("mulai", None), ("batal", 30)]
    assert jam.peristiwa.get(jenis="batal").catatan == "Periode magang salah"


def test_a_round_stops_only_its_own_clock(student_a, perusahaan, staff):
    permintaan = letter_request(student_a, perusahaan)
    first = started(permintaan, 2026, 11, 2, 9, 0)
    with at(2026, 11, 2, 9, 5):
        clocks.stop_request_clock(permintaan, TANGGAPAN, by=staff)
        clocks.stop_request_clock(permintaan, TERBIT, by=staff, outcome=False)
    Permintaan.objects.filter(pk=permintaan.pk).update(putaran=2)
    permintaan.refresh_from_db()
    second = started(permintaan, 2026, 11, 3, 10, 0)

    with at(2026, 11, 3, 10, 7):
        clocks.stop_request_clock(permintaan, TANGGAPAN, by=staff)

    assert second[TANGGAPAN].putaran == 2
    assert second[TANGGAPAN].batas == wib(2026, 11, 3, 10, 15)
    assert events(first[TANGGAPAN]) == [("mulai", None), ("berhenti", 5)]
    assert events(second[TANGGAPAN]) == [("mulai", None), ("berhenti", 7)]
    assert events(second[TERBIT]) == [("mulai", None)]


# --- the confirmation clock ----------------------------------------------------------


def test_the_confirmation_clock_counts_working_days_past_two_holidays(staff, perusahaan):
    # A surat pengantar dated Wednesday 12 Aug 2026. Working days after it:
    # Thu 13 (1), Fri 14 (2), [Mon 17 Aug is Independence Day], Tue 18 (3),
    # Wed 19 (4), Thu 20 (5), Fri 21 (6), Mon 24 (7), [Tue 25 Aug is Maulid
    # Nabi], Wed 26 (8), Thu 27 (9), Fri 28 (10), Mon 31 (11), Tue 1 Sep (12),
    # Wed 2 Sep (13), Thu 3 Sep (14). Reminders from Fri 28 Aug 07:00 WIB;
    # the deadline is Fri 4 Sep 00:00 WIB.
    holidays = dict(kalender.non_working_days(2026))
    assert D(2026, 8, 17) in holidays and D(2026, 8, 25) in holidays
    surat, jam = cover_letter(staff, perusahaan, D(2026, 8, 12))

    assert jam.jenis == KONFIRMASI
    assert (jam.surat, jam.permintaan) == (surat, None)
    assert jam.mulai == wib(2026, 8, 12, 10, 0)
    assert jam.ambang_peringatan == wib(2026, 8, 28, 7, 0)
    assert jam.batas == wib(2026, 9, 4, 0, 0)
    assert clocks.budget(jam) == 14
    assert events(jam) == [("mulai", None)]


def test_a_staff_closure_moves_the_confirmation_deadline(staff, perusahaan):
    # Closing Tuesday 1 Sep pushes the 14th working day from Thu 3 Sep to
    # Fri 4 Sep: the deadline becomes Saturday 5 Sep 00:00.
    HariKalender.objects.create(
        tanggal=D(2026, 9, 1), jenis=HariKalender.Jenis.LIBUR, keterangan="Penutupan kampus"
    )
    _surat, jam = cover_letter(staff, perusahaan, D(2026, 8, 12))

    assert jam.ambang_peringatan == wib(2026, 8, 28, 7, 0)
    assert jam.batas == wib(2026, 9, 5, 0, 0)


def test_the_confirmation_clock_uses_and_leaves_working_days(staff, perusahaan):
    _surat, jam = cover_letter(staff, perusahaan, D(2026, 8, 12))

    assert clocks.used(jam, wib(2026, 8, 12, 15, 0)) == 0
    assert clocks.used(jam, wib(2026, 8, 18, 9, 0)) == 3  # 13, 14, 18 Aug
    assert clocks.used(jam, wib(2026, 8, 29, 9, 0)) == 10  # Saturday after the 10th
    assert clocks.remaining(jam, wib(2026, 8, 28, 7, 0)) == 4
    assert clocks.remaining(jam, wib(2026, 9, 3, 12, 0)) == 0  # the last day
    assert clocks.remaining(jam, wib(2026, 9, 4, 9, 0)) == -1
    assert not clocks.overdue(jam, wib(2026, 9, 3, 23, 59))
    assert clocks.overdue(jam, wib(2026, 9, 4, 0, 0))


def test_confirming_stops_the_clock_with_the_working_days_used(staff, perusahaan):
    surat, jam = cover_letter(staff, perusahaan, D(2026, 8, 12))

    with at(2026, 8, 20, 14, 0):
        clocks.stop_confirmation_clock(surat, by=staff)

    assert events(jam) == [("mulai", None), ("berhenti", 5)]
    assert clocks.stop_confirmation_clock(surat, by=staff) is None


def test_working_days_between_skips_weekends_and_holidays():
    assert clocks.working_days_between(D(2026, 8, 12), D(2026, 8, 28)) == 10
    assert clocks.working_days_between(D(2026, 8, 12), D(2026, 9, 3)) == 14
    assert clocks.working_days_between(D(2026, 8, 14), D(2026, 8, 18)) == 1
    assert clocks.working_days_between(D(2026, 8, 12), D(2026, 8, 12)) == 0
    assert clocks.working_days_between(D(2026, 8, 20), D(2026, 8, 12)) == 0


def test_working_days_between_checks_the_calendar_once(django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert clocks.working_days_between(D(2026, 8, 12), D(2026, 9, 3)) == 14


def test_issuing_a_cover_letter_starts_its_confirmation_clock(pendaftaran_a, staff):
    # Issued Wednesday 16 Dec 2026. Working days after it: Thu 17 (1), Fri 18
    # (2), Mon 21 (3), Tue 22 (4), Wed 23 (5), [Thu 24 cuti bersama, Fri 25
    # Christmas], Mon 28 (6), Tue 29 (7), Wed 30 (8), Thu 31 (9), [Fri 1 Jan
    # 2027 New Year], Mon 4 Jan (10), [Tue 5 Jan Isra Mikraj], Wed 6 (11),
    # Thu 7 (12), Fri 8 (13), Mon 11 (14). Reminders from Mon 4 Jan 2027
    # 07:00; deadline Tue 12 Jan 2027 00:00.
    accept(pendaftaran_a, staff)
    with at(2026, 12, 16, 10, 30):
        surat = issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR)

    jam = surat.jam.get()
    assert surat.tanggal == D(2026, 12, 16)
    assert (jam.jenis, jam.mulai) == (KONFIRMASI, wib(2026, 12, 16, 10, 30))
    assert jam.ambang_peringatan == wib(2027, 1, 4, 7, 0)
    assert jam.batas == wib(2027, 1, 12, 0, 0)
    assert clocks.working_days_between(D(2026, 12, 16), D(2027, 1, 11)) == 14


def test_an_application_letter_has_no_confirmation_clock(pendaftaran_a, staff):
    surat = issue([pendaftaran_a], staff)

    assert not surat.jam.exists()
