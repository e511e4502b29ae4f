"""Properties of the calendar that must hold for any date, count and instant,
checked with hypothesis over 2025-2028 with staff days in the mix."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pkpk.kalender import (
    add_working_days,
    block_lifts_at,
    is_working_day,
    service_deadline,
    service_time_between,
    snapshot,
)
from pkpk.models import HariKalender, JamLayanan

WIB = ZoneInfo("Asia/Jakarta")

# The db fixture is function-scoped: every example shares the test's rows,
# which is what we want (the examples only read).
checked = settings(
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

days = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 12, 31))
counts = st.integers(min_value=0, max_value=40)
instants = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),
    max_value=dt.datetime(2028, 12, 31),
    timezones=st.just(dt.UTC),
)
budgets = st.integers(min_value=0, max_value=3000)


@pytest.fixture
def calendar(db):
    """Service hours with breaks, a campus closure, a cancelled cuti bersama
    and a Saturday made a working day."""
    JamLayanan.objects.all().delete()
    for hari in range(5):
        JamLayanan.objects.create(
            hari=hari,
            buka=dt.time(7, 30),
            tutup=dt.time(16, 30) if hari == 4 else dt.time(16),
            istirahat_mulai=dt.time(11, 30) if hari == 4 else dt.time(12),
            istirahat_selesai=dt.time(13),
        )
    Jenis = HariKalender.Jenis
    for tanggal, jenis in [
        (dt.date(2026, 11, 10), Jenis.LIBUR),
        (dt.date(2026, 12, 24), Jenis.MASUK),
        (dt.date(2026, 3, 28), Jenis.MASUK),
        (dt.date(2027, 1, 4), Jenis.LIBUR),
    ]:
        HariKalender.objects.create(tanggal=tanggal, jenis=jenis, keterangan="uji")


@checked
@given(day=days, n=st.integers(min_value=1, max_value=40))
def test_the_nth_working_day_is_a_working_day(calendar, day, n):
    result = add_working_days(day, n)
    assert result > day
    assert is_working_day(result)


@checked
@given(day=days, n=counts, m=counts)
def test_more_days_land_later(calendar, day, n, m):
    if n < m:
        assert add_working_days(day, n) < add_working_days(day, m)


@checked
@given(d1=days, d2=days, n=counts)
def test_a_later_start_never_lands_earlier(calendar, d1, d2, n):
    d1, d2 = min(d1, d2), max(d1, d2)
    assert add_working_days(d1, n) <= add_working_days(d2, n)


@checked
@given(day=days, n=st.integers(min_value=1, max_value=40))
def test_exactly_n_working_days_lie_in_between(calendar, day, n):
    result = add_working_days(day, n)
    between = [day + dt.timedelta(days=k) for k in range(1, (result - day).days + 1)]
    with snapshot():  # one stamp query for the whole count
        assert sum(is_working_day(d) for d in between) == n


@checked
@given(instant=instants, n=counts)
def test_a_block_lifts_at_a_wib_midnight_after_it_starts(calendar, instant, n):
    lifts = block_lifts_at(instant, n)
    local = lifts.astimezone(WIB)
    assert local.time() == dt.time(0)
    assert lifts > instant


@checked
@given(start=instants, m=budgets)
def test_the_deadline_spends_exactly_the_budget(calendar, start, m):
    deadline = service_deadline(start, m)
    assert deadline >= start
    assert service_time_between(start, deadline) == dt.timedelta(minutes=m)


offsets = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=60))


@checked
@given(a=instants, ab=offsets, bc=offsets)
def test_elapsed_time_adds_up(calendar, a, ab, bc):
    b, c = a + ab, a + ab + bc
    whole = service_time_between(a, c)
    assert whole == service_time_between(a, b) + service_time_between(b, c)
    assert whole <= c - a
