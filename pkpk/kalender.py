"""The working-day calendar and the service-time clock: the only place these
rules live.

A day is a working day unless it is a Saturday or Sunday, an Indonesian
national holiday or cuti bersama (the `holidays` package), or a day staff
closed (HariKalender LIBUR). A staff HariKalender MASUK overrides all of
that, a Saturday included: it is how staff cancel a holiday or declare a
make-up day. Service time runs only inside the institution's service hours
(JamLayanan) on working days. Everything is reckoned in the local zone,
settings.TIME_ZONE (WIB); instants in and out are aware datetimes.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

import holidays
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import HariKalender, JamLayanan

# No answer looks further than this many calendar days ahead: ten years of
# closures is a data error, not a deadline.
MAX_SEARCH_DAYS = 3650

# Years the calendar answers for (the `holidays` package knows Indonesia from 1946).
MIN_YEAR = 1946
MAX_YEAR = 2100


class Sumber(models.TextChoices):
    """Where a non-working day comes from."""

    NASIONAL = "nasional", _("National holiday")
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    STAF = "staf", _("Added by staff")


class Libur(NamedTuple):
    """One non-working day of the year as the calendar page lists it."""

    tanggal: date
    nama: str
    sumber: Sumber


class Layanan(NamedTuple):
    """Service hours of one weekday (0 = Monday), in WIB wall-clock time."""

    hari: int
    buka: time
    tutup: time
    istirahat_mulai: time | None
    istirahat_selesai: time | None

    @property
    def hari_label(self) -> str:
        return JamLayanan.Hari(self.hari).label


# --- public API -------------------------------------------------------------


def is_working_day(day: date) -> bool:
    """True when `day` is a working day (see the module docstring)."""
    return _is_working(_calendar(), day)


def add_working_days(day: date, n: int) -> date:
    """The `n`th working day after `day` (`day` itself never counts; n=0 gives
    `day` back). Raises ValueError for a negative n or a search past
    MAX_SEARCH_DAYS calendar days."""
    return _add_working_days(_calendar(), day, n)


def working_days_before(day: date, n: int) -> date:
    """The `n`th working day before `day` (the mirror of add_working_days:
    `day` itself never counts, n=0 gives `day` back). Used to place records
    of the past, such as the demo's semester, on days the unit worked."""
    memo = _calendar()
    if n < 0:
        raise ValueError(f"n must be zero or more, not {n}")
    for _i in range(MAX_SEARCH_DAYS):
        if n == 0:
            return day
        day -= timedelta(days=1)
        if _is_working(memo, day):
            n -= 1
    if n == 0:
        return day
    raise ValueError(f"No answer within {MAX_SEARCH_DAYS} days; n={n} is too large.")


def service_start_before(end: datetime, minutes: int) -> datetime:
    """The latest instant from which `minutes` service minutes have run by
    `end` (the mirror of service_deadline): service_time_between(result, end)
    equals `minutes`. A request that started then has used that much of its
    budget at `end`. Raises ValueError like service_deadline."""
    memo = _calendar()
    end = _aware(end)
    if minutes < 0:
        raise ValueError(f"minutes must be zero or more, not {minutes}")
    if minutes == 0:
        return timezone.localtime(end, timezone.get_default_timezone())
    if not memo.hours:
        raise ValueError("No service hours are configured (JamLayanan is empty).")
    left = timedelta(minutes=minutes)
    day = _local_date(end)
    for _i in range(MAX_SEARCH_DAYS + 1):
        for opens, closes in reversed(_service_intervals(memo, day)):
            hi = min(closes, end)
            if hi <= opens:
                continue
            if hi - opens >= left:
                return timezone.localtime(hi - left, timezone.get_default_timezone())
            left -= hi - opens
        day -= timedelta(days=1)
    raise ValueError(f"No start within {MAX_SEARCH_DAYS} days of {end:%Y-%m-%d}.")


def block_lifts_at(instant: datetime, n: int) -> datetime:
    """When a "more than `n` working days" block that starts at `instant`
    lifts: 00:00 WIB of the day after the `n`th working day following the
    local date of `instant`. Submitted on Monday 2 November 2026 with n=10,
    it lifts on 17 November 2026 at 00:00 WIB."""
    tz = timezone.get_default_timezone()
    last = _add_working_days(_calendar(), _local_date(instant), n)
    return datetime.combine(_next_day(last), time(0), tzinfo=tz)


def non_working_days(year: int) -> list[tuple[date, str]]:
    """The holidays of `year` with their Indonesian names, sorted: national
    holidays and cuti bersama from the package plus staff closures, minus
    holidays staff cancelled. Ordinary weekends are not listed; a holiday that
    falls on a weekend is."""
    return [(libur.tanggal, libur.nama) for libur in non_working_days_detail(year)]


def non_working_days_detail(year: int) -> list[Libur]:
    """As non_working_days(), with where each day comes from. A staff closure
    on a package holiday replaces it (staff wrote the note for a reason)."""
    _check_year(year)
    memo = _calendar()
    days = {
        day: Libur(day, nama, sumber) for day, (nama, sumber) in _package_holidays(year).items()
    }
    for day, (jenis, keterangan) in memo.staff.items():
        if day.year != year:
            continue
        if jenis == HariKalender.Jenis.MASUK:
            days.pop(day, None)
        else:
            days[day] = Libur(day, keterangan, Sumber.STAF)
    return sorted(days.values())


def staff_working_days(year: int) -> list[tuple[date, str]]:
    """The days of `year` staff declared working (HariKalender MASUK), with
    their note, sorted."""
    _check_year(year)
    memo = _calendar()
    return sorted(
        (day, keterangan)
        for day, (jenis, keterangan) in memo.staff.items()
        if day.year == year and jenis == HariKalender.Jenis.MASUK
    )


def service_hours() -> list[Layanan]:
    """The configured service hours, Monday first."""
    hours = _calendar().hours
    return [hours[hari] for hari in sorted(hours)]


def service_time_between(start: datetime, end: datetime) -> timedelta:
    """Business time between two aware instants: only the service hours of
    working days count, breaks excluded. Zero when `end` is not after `start`."""
    memo = _calendar()
    start, end = _aware(start), _aware(end)
    if end <= start:
        return timedelta(0)
    elapsed = timedelta(0)
    day, last = _local_date(start), _local_date(end)
    while day <= last:
        for opens, closes in _service_intervals(memo, day):
            lo, hi = max(opens, start), min(closes, end)
            if lo < hi:
                elapsed += hi - lo
        day = _next_day(day)
    return elapsed


def service_deadline(start: datetime, minutes: int) -> datetime:
    """The earliest instant at which `minutes` service minutes counted from
    `start` have run out; a request that arrives after closing starts counting
    at the next opening. service_time_between(start, result) equals `minutes`.
    Raises ValueError for negative minutes, when no service hours are
    configured, or past MAX_SEARCH_DAYS."""
    memo = _calendar()
    start = _aware(start)
    if minutes < 0:
        raise ValueError(f"minutes must be zero or more, not {minutes}")
    if minutes == 0:
        return timezone.localtime(start, timezone.get_default_timezone())
    if not memo.hours:
        raise ValueError("No service hours are configured (JamLayanan is empty).")
    left = timedelta(minutes=minutes)
    day = _local_date(start)
    for _i in range(MAX_SEARCH_DAYS + 1):
        for opens, closes in _service_intervals(memo, day):
            lo = max(opens, start)
            if lo >= closes:
                continue
            if closes - lo >= left:
                return timezone.localtime(lo + left, timezone.get_default_timezone())
            left -= closes - lo
        day = _next_day(day)
    raise ValueError(f"No deadline within {MAX_SEARCH_DAYS} days of {start:%Y-%m-%d}.")


@contextmanager
def snapshot() -> Iterator[None]:
    """Check the calendar once for a block of many calls (a report over
    50,000 rows): inside, calls skip the per-call stamp query and see the
    calendar as it was when the block began."""
    token = _pinned.set(_calendar())
    try:
        yield
    finally:
        _pinned.reset(token)


@contextmanager
def per_request() -> Iterator[None]:
    """Like snapshot(), but the stamp is read on first use only: a web
    request checks the calendar at most once, and not at all when it needs
    no calendar (pkpk.middleware.CalendarPerRequestMiddleware)."""
    token = _pinned.set(_LAZY)
    try:
        yield
    finally:
        _pinned.reset(token)


def clear_cache() -> None:
    """Forget what this process read from the database (the stamp makes this
    unnecessary for correctness; it is here for tests and benchmarks)."""
    global _memo
    _memo = None


# --- the per-process memo and its stamp ---------------------------------------


@dataclass(frozen=True)
class _Memo:
    stamp: tuple
    staff: dict[date, tuple[str, str]]  # tanggal -> (jenis, keterangan)
    hours: dict[int, Layanan]  # weekday -> service hours


_memo: _Memo | None = None
_LAZY = object()  # per_request(): pin on first use
_pinned: contextvars.ContextVar[_Memo | object | None] = contextvars.ContextVar(
    "kalender_pinned", default=None
)

# One cheap query per public call tells whether the staff tables changed
# since this process read them, so a change in the admin counts at once in
# every web and worker process without reloading the rows on each call.
# count + max(diubah) would miss `QuerySet.update()` (auto_now is not
# touched) and, in tests, a rolled-back row followed by another under a
# frozen clock (same count, same diubah). A digest of the rows' content is
# fooled by neither: equal stamps mean equal rows, so a memo is never stale
# and tests need no cache reset. Row literals (`(a, b)::text`) quote commas
# and tell NULL from '', so two different tables never print alike. The
# tables hold a few dozen rows: the digest costs about what a count does.
_STAMP_SQL = """
SELECT
  (SELECT md5(coalesce(string_agg((tanggal, jenis, keterangan)::text, ',' ORDER BY tanggal), ''))
     FROM pkpk_harikalender),
  (SELECT md5(coalesce(string_agg(
            (institusi_id, hari, buka, tutup, istirahat_mulai, istirahat_selesai)::text, ','
            ORDER BY institusi_id, hari), ''))
     FROM pkpk_jamlayanan)
"""


def _calendar() -> _Memo:
    pinned = _pinned.get()
    if pinned is _LAZY:
        memo = _load()
        _pinned.set(memo)  # the rest of this request reuses it
        return memo
    if pinned is not None:
        return pinned
    return _load()


def _load() -> _Memo:
    global _memo
    with connection.cursor() as cursor:
        cursor.execute(_STAMP_SQL)
        stamp = tuple(cursor.fetchone())
    memo = _memo
    if memo is None or memo.stamp != stamp:
        # The rows are read after the stamp: a change committed in between
        # leaves a memo newer than its stamp, which the next call reloads.
        memo = _Memo(stamp=stamp, staff=_read_staff_days(), hours=_read_service_hours())
        _memo = memo
    return memo


def _read_staff_days() -> dict[date, tuple[str, str]]:
    return {
        tanggal: (jenis, keterangan)
        for tanggal, jenis, keterangan in HariKalender.objects.values_list(
            "tanggal", "jenis", "keterangan"
        )
    }


def _read_service_hours() -> dict[int, Layanan]:
    # One institution row exists (a check constraint says so).
    rows = JamLayanan.objects.order_by("hari").values_list(
        "hari", "buka", "tutup", "istirahat_mulai", "istirahat_selesai"
    )
    return {row[0]: Layanan(*row) for row in rows}


@functools.cache
def _package_holidays(year: int) -> dict[date, tuple[str, Sumber]]:
    """The package's holidays of `year`: date -> (Indonesian name, source).
    Static data, so cached for the life of the process."""
    found: dict[date, tuple[str, Sumber]] = {}
    for category, sumber in (("public", Sumber.NASIONAL), ("government", Sumber.CUTI_BERSAMA)):
        days = holidays.country_holidays("ID", years=year, categories=(category,), language="id")
        for day, name in days.items():
            if day in found:  # a cuti bersama on a national holiday stays national
                found[day] = (f"{found[day][0]}; {name}", found[day][1])
            else:
                found[day] = (name, sumber)
    return found


# --- rules ------------------------------------------------------------------


def _is_working(memo: _Memo, day: date) -> bool:
    staff = memo.staff.get(day)
    if staff is not None:
        return staff[0] == HariKalender.Jenis.MASUK
    if day.weekday() >= 5:
        return False
    return day not in _package_holidays(day.year)


def _add_working_days(memo: _Memo, day: date, n: int) -> date:
    if n < 0:
        raise ValueError(f"n must be zero or more, not {n}")
    for _i in range(MAX_SEARCH_DAYS):
        if n == 0:
            return day
        day = _next_day(day)
        if _is_working(memo, day):
            n -= 1
    if n == 0:
        return day
    raise ValueError(f"No answer within {MAX_SEARCH_DAYS} days; n={n} is too large.")


def _service_intervals(memo: _Memo, day: date) -> list[tuple[datetime, datetime]]:
    """The service intervals of `day` as UTC instants (subtraction of aware
    datetimes sharing one tzinfo would ignore the offset, so work in UTC)."""
    hours = memo.hours.get(day.weekday())
    if hours is None or not _is_working(memo, day):
        return []
    if hours.istirahat_mulai and hours.istirahat_selesai:
        spans = [(hours.buka, hours.istirahat_mulai), (hours.istirahat_selesai, hours.tutup)]
    else:
        spans = [(hours.buka, hours.tutup)]
    tz = timezone.get_default_timezone()
    return [
        (
            datetime.combine(day, lo, tzinfo=tz).astimezone(UTC),
            datetime.combine(day, hi, tzinfo=tz).astimezone(UTC),
        )
        for lo, hi in spans
        if lo < hi
    ]


def _aware(instant: datetime) -> datetime:
    if timezone.is_naive(instant):
        raise ValueError("The calendar needs aware datetimes (stored in UTC).")
    return instant.astimezone(UTC)


def _local_date(instant: datetime) -> date:
    return timezone.localtime(_aware(instant), timezone.get_default_timezone()).date()


def _next_day(day: date) -> date:
    try:
        return day + timedelta(days=1)
    except OverflowError:
        raise ValueError("The calendar ends at the year 9999.") from None


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"The calendar covers {MIN_YEAR} to {MAX_YEAR}, not {year}.")
