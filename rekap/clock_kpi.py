"""KPI B.4.1.7.a/c/e for a calendar year and an optional jurusan, from the
service clocks' events (rekap.kpi adds the partnership and feedback figures).

Definitions (also shown on the dashboard):
- The year is the calendar year (1 January to 31 December, WIB): the
  indicators are reported per year to the quality-assurance office, not per
  academic year.
- A clock belongs to the year and month its start event falls in, so a
  figure once reported never moves to another year when the clock stops
  later; clocks still running within their budget are not counted yet.
- A clock counts when it stopped with its outcome (a `berhenti` event) or
  when it breached and is still open (a `lewat` event without a stop): that
  one is late already and stays late, so it counts as late. A clock that
  ended without its outcome (`batal`: request returned or withdrawn, letter
  voided) is not counted, breached or not.
- On time means the clock has no breach (`lewat`) event.
- Median and worst time are over the clocks that stopped (the time used in
  their stop event); a clock still open has no final time, and is shown
  apart as "still open past the deadline".
- A request or letter belongs to a jurusan through its students' study
  programmes: the requester and the classmates of a group request, the
  students named on a letter.

Every function runs a fixed number of queries whatever the data size.
"""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
)
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from surat.desk.clocks import BUDGET_MINUTES, CONFIRM_DAYS
from surat.models import AnggotaPermintaan, Jam, PeristiwaLayanan, Permintaan, SuratMahasiswa

Event = PeristiwaLayanan.Jenis


MONTHS = range(1, 13)


@dataclass(frozen=True)
class ClockKpi:
    slug: str
    code: str
    jenis: str
    budget: int
    unit: str
    title: str


MINUTES = _("service minutes")


WORKING_DAYS = _("working days")


# In the order the dashboard shows them.
CLOCK_KPIS = {
    "a": ClockKpi(
        "a",
        "B.4.1.7.a",
        Jam.Jenis.TERBIT,
        BUDGET_MINUTES[Jam.Jenis.TERBIT],
        MINUTES,
        format_lazy(
            _("Letters issued within {n} service minutes"), n=BUDGET_MINUTES[Jam.Jenis.TERBIT]
        ),
    ),
    "e": ClockKpi(
        "e",
        "B.4.1.7.e",
        Jam.Jenis.TANGGAPAN,
        BUDGET_MINUTES[Jam.Jenis.TANGGAPAN],
        MINUTES,
        format_lazy(
            _("Service requests first answered within {n} service minutes"),
            n=BUDGET_MINUTES[Jam.Jenis.TANGGAPAN],
        ),
    ),
    "c": ClockKpi(
        "c",
        "B.4.1.7.c",
        Jam.Jenis.KONFIRMASI,
        CONFIRM_DAYS,
        WORKING_DAYS,
        format_lazy(
            _("Cover letters confirmed with the company within {n} working days"), n=CONFIRM_DAYS
        ),
    ),
}


KPI_OF_JENIS = {kpi.jenis: kpi for kpi in CLOCK_KPIS.values()}


def share(part, whole):
    """part/whole as a fraction, None when there is nothing to divide."""
    return part / whole if whole else None


def percent(part, whole):
    """part/whole in percent with one decimal, None when there is nothing."""
    return round(100 * part / whole, 1) if whole else None


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """Aware instants [1 Jan, next 1 Jan) in WIB."""
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min), zone)
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min), zone)
    return start, end


def _clock_of_jurusan(jurusan):
    """A start event whose clock's request or letter names a student of `jurusan`.
    IN over id sets, not correlated EXISTS: PostgreSQL hashes each set once."""
    students = {"pendaftaran__mahasiswa__prodi__jurusan": jurusan}
    requests = (
        Permintaan.objects.filter(pemohon__prodi__jurusan=jurusan)
        .order_by()
        .values("pk")
        .union(AnggotaPermintaan.objects.filter(**students).order_by().values("permintaan"))
    )
    letters = SuratMahasiswa.objects.filter(**students).order_by().values("surat")
    return Q(jam__permintaan__in=requests) | Q(jam__surat__in=letters)


def counted_clocks(*, year: int, jurusan=None, kinds=None):
    """The clocks the year's KPIs count, one row per clock: its start event,
    annotated from its other events with `stopped_at` and `time_used` (stop),
    `breached_at` (breach). See the module docstring for what counts."""
    start, end = year_bounds(year)
    # Each clock has at most one event of each of these kinds (a unique
    # constraint), so they are joined, not looked up row by row: a correlated
    # subquery per row made five years of events take seconds.
    # Both come after the start, so only events from the year's start on.
    joined = {
        alias: FilteredRelation(
            "jam__peristiwa",
            condition=Q(jam__peristiwa__jenis=jenis, jam__peristiwa__waktu__gte=start),
        )
        for alias, jenis in [
            ("stop_event", Event.BERHENTI),
            ("breach_event", Event.LEWAT),
        ]
    }
    rows = (
        PeristiwaLayanan.objects.annotate(**joined)
        .filter(
            jenis=Event.MULAI,
            waktu__gte=start,
            waktu__lt=end,
            jam__jenis__in=kinds or list(KPI_OF_JENIS),
        )
        .exclude(Exists(PeristiwaLayanan.objects.filter(jam=OuterRef("jam"), jenis=Event.BATAL)))
        .annotate(
            stopped_at=F("stop_event__waktu"),
            time_used=F("stop_event__terpakai"),
            breached_at=F("breach_event__waktu"),
        )
        .filter(Q(stopped_at__isnull=False) | Q(breached_at__isnull=False))
    )
    if jurusan is not None:
        rows = rows.filter(_clock_of_jurusan(jurusan))
    return rows


def clock_rows(kpi: ClockKpi, *, year: int, jurusan=None, status="", month=None):
    """The rows behind one clock KPI's figures, for its detail page and the
    report: `status` "late", "on-time" or "open" (late and still open)."""
    rows = counted_clocks(year=year, jurusan=jurusan, kinds=[kpi.jenis])
    if status == "late":
        rows = rows.filter(breached_at__isnull=False)
    elif status == "on-time":
        rows = rows.filter(breached_at__isnull=True)
    elif status == "open":
        rows = rows.filter(stopped_at__isnull=True)
    if month:
        rows = rows.annotate(month=_month("waktu")).filter(month=month)
    return rows.select_related("jam__permintaan__pemohon__user", "jam__surat").order_by(
        "waktu", "pk"
    )


def _month(name):
    return ExtractMonth(name, tzinfo=timezone.get_default_timezone())


@dataclass
class ClockFigures:
    kpi: ClockKpi
    total: int = 0
    on_time: int = 0
    still_open: int = 0
    median: float | None = None
    worst: int | None = None

    @property
    def late(self):
        return self.total - self.on_time

    @property
    def share(self):
        return share(self.on_time, self.total)

    @property
    def percent(self):
        return percent(self.on_time, self.total)


@dataclass
class MonthFigures:
    month: int
    total: int = 0
    on_time: int = 0

    @property
    def share(self):
        return share(self.on_time, self.total)

    @property
    def percent(self):
        return percent(self.on_time, self.total)


def clock_summary(*, year: int, jurusan=None):
    """B.4.1.7.a/e/c for the year and its 12 months, from one query, so the
    figures and the trend cannot disagree.
    Returns ({slug: ClockFigures}, {slug: [MonthFigures] * 12})."""
    figures = {slug: ClockFigures(kpi) for slug, kpi in CLOCK_KPIS.items()}
    trend = {slug: [MonthFigures(m) for m in MONTHS] for slug in CLOCK_KPIS}
    times = {slug: [] for slug in CLOCK_KPIS}
    # Counted per (kind, month, outcome, time used) in SQL: a few hundred
    # rows however many clocks; the median is then taken over the counts.
    rows = (
        counted_clocks(year=year, jurusan=jurusan)
        .annotate(
            month=_month("waktu"),
            on_time=ExpressionWrapper(Q(breached_at__isnull=True), BooleanField()),
            stopped=ExpressionWrapper(Q(stopped_at__isnull=False), BooleanField()),
        )
        .values("jam__jenis", "month", "on_time", "stopped", "time_used")
        .annotate(n=Count("pk"))
        .values_list("jam__jenis", "month", "on_time", "stopped", "time_used", "n")
        .order_by()
    )
    for jenis, month, on_time, stopped, time_used, n in rows:
        slug = KPI_OF_JENIS[jenis].slug
        found, in_month = figures[slug], trend[slug][month - 1]
        found.total += n
        in_month.total += n
        if on_time:
            found.on_time += n
            in_month.on_time += n
        if not stopped:
            found.still_open += n
        elif time_used is not None:
            times[slug].extend([time_used] * n)
    for slug, used in times.items():
        if used:
            figures[slug].median = float(statistics.median(used))
            figures[slug].worst = max(used)
    return figures, trend


def clock_figures(*, year: int, jurusan=None) -> dict[str, ClockFigures]:
    """B.4.1.7.a/e/c: {slug: ClockFigures}."""
    return clock_summary(year=year, jurusan=jurusan)[0]


def clock_trend(*, year: int, jurusan=None) -> dict[str, list[MonthFigures]]:
    """Per clock KPI, the 12 months of the year (count and on time)."""
    return clock_summary(year=year, jurusan=jurusan)[1]
