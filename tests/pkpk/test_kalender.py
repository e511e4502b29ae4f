"""The working-day calendar and the service-time clock (pkpk/kalender.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from pkpk import kalender
from pkpk.kalender import (
    Sumber,
    add_working_days,
    block_lifts_at,
    is_working_day,
    non_working_days,
    non_working_days_detail,
    service_deadline,
    service_time_between,
)
from pkpk.models import HariKalender, JamLayanan

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
D = dt.date


def wib(*args):
    return dt.datetime(*args, tzinfo=WIB)


def closed(day, note="Penutupan kampus"):
    return HariKalender.objects.create(tanggal=day, jenis=HariKalender.Jenis.LIBUR, keterangan=note)


def worked(day, note="Libur dibatalkan"):
    return HariKalender.objects.create(tanggal=day, jenis=HariKalender.Jenis.MASUK, keterangan=note)


@pytest.fixture
def hours():
    """The service hours of the design: Mon-Thu 07:30-16:00 with a break
    12:00-13:00, Friday 07:30-16:30 with a break 11:30-13:00."""
    JamLayanan.objects.all().delete()
    for hari in range(4):
        JamLayanan.objects.create(
            hari=hari,
            buka=dt.time(7, 30),
            tutup=dt.time(16),
            istirahat_mulai=dt.time(12),
            istirahat_selesai=dt.time(13),
        )
    JamLayanan.objects.create(
        hari=4,
        buka=dt.time(7, 30),
        tutup=dt.time(16, 30),
        istirahat_mulai=dt.time(11, 30),
        istirahat_selesai=dt.time(13),
    )


def minutes(n):
    return dt.timedelta(minutes=n)


# --- working days -------------------------------------------------------------


def test_it_keeps_the_worked_example():
    # Monday 2 November 2026, a month with no holiday.
    assert add_working_days(D(2026, 11, 2), 10) == D(2026, 11, 16)


def test_the_block_lifts_at_midnight_wib_after_the_tenth_working_day():
    lifts = block_lifts_at(wib(2026, 11, 2, 10, 0), 10)
    assert lifts == wib(2026, 11, 17, 0, 0)
    assert lifts.utcoffset() == dt.timedelta(hours=7)


def test_the_block_counts_from_the_wib_date_not_the_utc_date():
    # 18:30 UTC on Sunday 1 November is already Monday 2 November in Jakarta.
    instant = dt.datetime(2026, 11, 1, 18, 30, tzinfo=dt.UTC)
    assert block_lifts_at(instant, 10) == wib(2026, 11, 17, 0, 0)


def test_it_counts_zero_days_as_the_day_itself():
    assert add_working_days(D(2026, 11, 7), 0) == D(2026, 11, 7)


def test_it_skips_weekends():
    assert not is_working_day(D(2026, 11, 7))
    assert not is_working_day(D(2026, 11, 8))
    assert add_working_days(D(2026, 11, 6), 1) == D(2026, 11, 9)


@pytest.mark.parametrize(
    "day",
    [D(2026, 3, 18), D(2026, 3, 19), D(2026, 3, 20), D(2026, 3, 23), D(2026, 3, 24)],
)
def test_it_skips_nyepi_idul_fitri_and_their_cuti_bersama(day):
    assert not is_working_day(day)


def test_it_spans_idul_fitri_2026():
    assert is_working_day(D(2026, 3, 17))
    assert is_working_day(D(2026, 3, 25))
    assert add_working_days(D(2026, 3, 17), 1) == D(2026, 3, 25)
    # After Monday 16 March: 17, 25, 26, 27, 30, 31 Mar, 1, 2 Apr (3 Apr is
    # Good Friday), 6, 7 Apr.
    assert add_working_days(D(2026, 3, 16), 10) == D(2026, 4, 7)
    assert block_lifts_at(wib(2026, 3, 16, 9, 0), 10) == wib(2026, 4, 8, 0, 0)


def test_it_skips_cuti_bersama():
    assert not is_working_day(D(2026, 12, 24))  # cuti bersama Natal
    assert not is_working_day(D(2026, 2, 16))  # cuti bersama Imlek
    assert add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 28)


def test_it_crosses_the_year_end():
    assert not is_working_day(D(2026, 12, 25))
    assert not is_working_day(D(2027, 1, 1))
    assert is_working_day(D(2026, 12, 31))
    # 28, 29, 30, 31 Dec, then 1 Jan (new year) and a weekend: 4 Jan 2027.
    assert add_working_days(D(2026, 12, 23), 5) == D(2027, 1, 4)
    # From Monday 21 Dec: 22, 23, 28-31 Dec, 4, 6, 7, 8 Jan (5 Jan is Isra Mikraj).
    assert add_working_days(D(2026, 12, 21), 10) == D(2027, 1, 8)


def test_it_skips_a_staff_added_closure():
    closed(D(2026, 11, 10), "Dies natalis")
    assert not is_working_day(D(2026, 11, 10))
    assert add_working_days(D(2026, 11, 2), 10) == D(2026, 11, 17)


def test_a_cancelled_holiday_is_a_working_day():
    worked(D(2026, 12, 24), "Cuti bersama Natal dibatalkan")
    assert is_working_day(D(2026, 12, 24))
    assert add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 24)
    assert D(2026, 12, 24) not in dict(non_working_days(2026))


def test_a_staff_working_day_overrides_a_saturday():
    worked(D(2026, 11, 7), "Hari kerja pengganti")
    assert is_working_day(D(2026, 11, 7))
    assert add_working_days(D(2026, 11, 6), 1) == D(2026, 11, 7)


def test_it_refuses_absurd_counts():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 2), 3000)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 2), -1)


def test_it_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        block_lifts_at(dt.datetime(2026, 11, 2, 10), 10)
    with pytest.raises(ValueError):
        service_time_between(dt.datetime(2026, 11, 2, 10), wib(2026, 11, 2, 11))


# --- the list of non-working days ------------------------------------------------


def test_it_lists_the_holidays_of_2026_with_indonesian_names():
    days = non_working_days(2026)
    assert days == sorted(days)
    assert len(days) == 25  # 17 national holidays and 8 cuti bersama
    assert days[0] == (D(2026, 1, 1), "Tahun Baru Masehi")
    assert (D(2026, 3, 20), "Cuti Bersama Hari Raya Idul Fitri") in days
    assert (D(2026, 12, 25), "Hari Raya Natal") in days


def test_it_does_not_list_plain_weekends():
    days = dict(non_working_days(2026))
    assert D(2026, 11, 7) not in days
    assert D(2026, 3, 21) in days  # Idul Fitri on a Saturday is still listed


def test_it_tells_national_holidays_from_cuti_bersama_and_staff_days():
    closed(D(2026, 11, 10), "Dies natalis")
    kinds = {libur.tanggal: libur for libur in non_working_days_detail(2026)}
    assert kinds[D(2026, 12, 25)].sumber == Sumber.NASIONAL
    assert kinds[D(2026, 12, 24)].sumber == Sumber.CUTI_BERSAMA
    assert kinds[D(2026, 11, 10)] == (D(2026, 11, 10), "Dies natalis", Sumber.STAF)


def test_it_lists_the_days_staff_declared_working():
    worked(D(2026, 12, 24), "Natal: masuk")
    assert kalender.staff_working_days(2026) == [(D(2026, 12, 24), "Natal: masuk")]
    assert kalender.staff_working_days(2027) == []


def test_it_refuses_years_it_does_not_cover():
    with pytest.raises(ValueError):
        non_working_days(1900)


# --- the cache ------------------------------------------------------------------


def test_the_cache_sees_a_staff_change_at_once():
    assert is_working_day(D(2026, 11, 10))
    day = closed(D(2026, 11, 10))
    assert not is_working_day(D(2026, 11, 10))
    day.jenis = HariKalender.Jenis.MASUK
    day.save()
    assert is_working_day(D(2026, 11, 10))
    day.delete()
    assert is_working_day(D(2026, 11, 10))
    assert dict(non_working_days(2026)).get(D(2026, 11, 10)) is None


def test_the_cache_sees_a_bulk_update_that_skips_auto_now():
    closed(D(2026, 11, 10), "Rapat")
    assert dict(non_working_days(2026))[D(2026, 11, 10)] == "Rapat"
    HariKalender.objects.filter(tanggal=D(2026, 11, 10)).update(keterangan="Dies natalis")
    assert dict(non_working_days(2026))[D(2026, 11, 10)] == "Dies natalis"


def test_the_cache_is_not_fooled_by_a_rolled_back_change():
    # Same row count and, under a frozen clock, the same diubah: only the
    # content tells the two states apart.
    with time_machine.travel(wib(2026, 11, 1, 9, 0), tick=False):
        with pytest.raises(RuntimeError), transaction.atomic():
            closed(D(2026, 11, 10))
            assert not is_working_day(D(2026, 11, 10))
            raise RuntimeError("roll back")
        closed(D(2026, 11, 11))
        assert is_working_day(D(2026, 11, 10))
        assert not is_working_day(D(2026, 11, 11))


def test_the_cache_sees_new_service_hours(hours):
    start = wib(2026, 11, 2, 9, 0)
    assert service_deadline(start, 60) == wib(2026, 11, 2, 10, 0)
    JamLayanan.objects.filter(hari=0).update(buka=dt.time(10))
    assert service_deadline(start, 60) == wib(2026, 11, 2, 11, 0)


def test_a_warm_call_costs_one_query(django_assert_num_queries):
    is_working_day(D(2026, 11, 2))
    with django_assert_num_queries(1):
        add_working_days(D(2026, 11, 2), 10)
    with django_assert_num_queries(1):
        block_lifts_at(wib(2026, 11, 2, 10, 0), 10)


def test_a_snapshot_checks_once_for_many_calls(django_assert_num_queries):
    with django_assert_num_queries(1), kalender.snapshot():
        for offset in range(100):
            add_working_days(D(2026, 1, 1) + dt.timedelta(days=offset), 10)


# --- service time ------------------------------------------------------------------


def test_it_counts_minutes_inside_service_hours(hours):
    assert service_time_between(wib(2026, 11, 2, 9, 0), wib(2026, 11, 2, 9, 15)) == minutes(15)
    assert service_deadline(wib(2026, 11, 2, 9, 0), 15) == wib(2026, 11, 2, 9, 15)


def test_it_is_zero_when_the_end_is_not_after_the_start(hours):
    start = wib(2026, 11, 2, 9, 0)
    assert service_time_between(start, start) == dt.timedelta(0)
    assert service_time_between(start, start - minutes(30)) == dt.timedelta(0)


def test_an_evening_request_starts_counting_next_morning(hours):
    start = wib(2026, 11, 2, 18, 0)  # Monday evening
    assert service_deadline(start, 15) == wib(2026, 11, 3, 7, 45)
    assert service_time_between(start, wib(2026, 11, 3, 7, 30)) == dt.timedelta(0)


def test_an_early_request_starts_counting_at_opening(hours):
    assert service_deadline(wib(2026, 11, 2, 6, 0), 15) == wib(2026, 11, 2, 7, 45)


def test_the_clock_stops_over_the_break(hours):
    assert service_deadline(wib(2026, 11, 2, 11, 50), 15) == wib(2026, 11, 2, 13, 5)
    assert service_time_between(wib(2026, 11, 2, 11, 50), wib(2026, 11, 2, 13, 5)) == minutes(15)


def test_the_friday_break_and_later_closing_count(hours):
    # Friday 6 November: break 11:30-13:00, open until 16:30.
    assert service_deadline(wib(2026, 11, 6, 11, 20), 15) == wib(2026, 11, 6, 13, 5)
    assert service_deadline(wib(2026, 11, 6, 16, 0), 30) == wib(2026, 11, 6, 16, 30)


def test_a_friday_afternoon_request_runs_into_monday(hours):
    start = wib(2026, 11, 6, 16, 20)
    assert service_deadline(start, 60) == wib(2026, 11, 9, 8, 20)
    assert service_time_between(start, wib(2026, 11, 9, 8, 20)) == minutes(60)


def test_a_weekend_request_starts_on_monday(hours):
    assert service_deadline(wib(2026, 11, 7, 10, 0), 15) == wib(2026, 11, 9, 7, 45)


def test_the_clock_does_not_run_on_holidays(hours):
    # Wednesday 23 December 2026; 24 (cuti bersama), 25 (Christmas), weekend.
    start = wib(2026, 12, 23, 15, 30)
    assert service_deadline(start, 60) == wib(2026, 12, 28, 8, 0)


def test_a_full_week_has_its_service_hours(hours):
    # 4 x 7.5 h (Mon-Thu) + 7.5 h (Fri).
    week = service_time_between(wib(2026, 11, 2, 0, 0), wib(2026, 11, 9, 0, 0))
    assert week == dt.timedelta(hours=37, minutes=30)


def test_it_accepts_utc_instants(hours):
    start = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB
    assert service_deadline(start, 15) == wib(2026, 11, 2, 9, 15)


def test_zero_minutes_is_the_start_itself(hours):
    start = wib(2026, 11, 7, 10, 0)
    assert service_deadline(start, 0) == start


def test_without_service_hours_there_is_no_deadline():
    JamLayanan.objects.all().delete()
    start = wib(2026, 11, 2, 9, 0)
    assert service_time_between(start, wib(2026, 11, 3, 9, 0)) == dt.timedelta(0)
    with pytest.raises(ValueError):
        service_deadline(start, 15)


def test_a_staff_closure_stops_the_clock(hours):
    closed(D(2026, 11, 3))
    assert service_deadline(wib(2026, 11, 2, 15, 50), 15) == wib(2026, 11, 4, 7, 35)


@pytest.mark.parametrize("m", [1, 15, 60, 240, 450, 451, 2000])
@pytest.mark.parametrize(
    "start",
    [
        wib(2026, 11, 2, 7, 29),
        wib(2026, 11, 2, 12, 30),
        wib(2026, 11, 6, 16, 29, 59, 500000),
        wib(2026, 12, 23, 15, 0),
        wib(2026, 3, 17, 20, 0),
    ],
)
def test_the_deadline_and_the_elapsed_time_agree(hours, start, m):
    deadline = service_deadline(start, m)
    assert service_time_between(start, deadline) == minutes(m)
    # The earliest such instant: a second earlier is short of the budget.
    assert service_time_between(start, deadline - dt.timedelta(seconds=1)) < minutes(m)


# --- looking back (the demo places its semester in the past) -------------------------


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (D(2026, 11, 18), 0, D(2026, 11, 18)),
        (D(2026, 11, 18), 3, D(2026, 11, 13)),  # over a weekend
        (D(2026, 12, 28), 1, D(2026, 12, 23)),  # over 24 Dec, Christmas and a weekend
    ],
)
def test_working_days_before_mirrors_adding(day, n, expected):
    assert kalender.working_days_before(day, n) == expected
    assert kalender.add_working_days(expected, n) == day


def test_working_days_before_refuses_a_negative_count():
    with pytest.raises(ValueError):
        kalender.working_days_before(D(2026, 11, 18), -1)


@pytest.mark.parametrize("m", [0, 1, 15, 75, 480, 2000])
@pytest.mark.parametrize(
    "end",
    [
        wib(2026, 11, 18, 10, 30),
        wib(2026, 12, 28, 8, 5),  # first opening hour after Christmas
        wib(2026, 11, 21, 11, 0),  # a Saturday
    ],
)
def test_the_start_before_and_the_elapsed_time_agree(hours, end, m):
    start = kalender.service_start_before(end, m)
    assert service_time_between(start, end) == minutes(m)
    if m:
        # The latest such instant: a second later is short of the budget.
        assert service_time_between(start + dt.timedelta(seconds=1), end) < minutes(m)


def test_the_start_before_reaches_back_over_a_closure(hours):
    # 35 minutes of Monday 28 Dec (from 07:30), 40 before closing on Wed 23 Dec.
    assert kalender.service_start_before(wib(2026, 12, 28, 8, 5), 75) == wib(2026, 12, 23, 15, 20)
