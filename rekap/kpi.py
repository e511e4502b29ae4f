"""KPI figures for a calendar year and an optional jurusan: B.1.15.7/8 from
the partner register and the partners' feedback scores, and the dashboard
with every figure at once (the clock KPIs B.4.1.7.a/c/e come from
rekap.clock_kpi, with their definitions).

Definitions (also shown on the dashboard):
- A partnership is active in a year when it is signed (status `aktif`) and
  its [mulai, selesai] overlaps the year. It is continued when it is active
  in the year and the partnership it continues (`lanjutan_dari`) was active
  in the year before.

Every function runs a fixed number of queries whatever the data size.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Avg,
    Count,
    Exists,
    OuterRef,
    Q,
)

from pkpk.models import Jurusan
from surat.models import (
    NilaiUmpanBalik,
    SuratMahasiswa,
    UmpanBalik,
)

from .clock_kpi import CLOCK_KPIS, clock_summary, percent, share, year_bounds
from .models import Kerjasama, LampiranKerjasama

# B.1.15.8 evidence: the text field and the file aspect of each.
EVIDENCE = {
    "manfaat": ("bukti_manfaat", LampiranKerjasama.Aspek.MANFAAT),
    "kinerja": ("bukti_kinerja", LampiranKerjasama.Aspek.KINERJA),
    "keberlanjutan": ("bukti_keberlanjutan", LampiranKerjasama.Aspek.KEBERLANJUTAN),
}
EVIDENCE_CODES = {"manfaat": "B.1.15.8.a", "kinerja": "B.1.15.8.b", "keberlanjutan": "B.1.15.8.c"}
LEVELS = list(Kerjasama.Tingkat)


# --- B.1.15.7/8: the partner register ---------------------------------------------


def active_partnerships(*, year: int, jurusan=None):
    """Signed partnerships whose [mulai, selesai] overlaps the calendar year."""
    found = Kerjasama.objects.filter(
        status=Kerjasama.Status.AKTIF, mulai__lte=date(year, 12, 31), selesai__gte=date(year, 1, 1)
    )
    if jurusan is not None:
        found = found.filter(jurusan=jurusan)
    return found


def _with_evidence(partnerships):
    files = LampiranKerjasama.objects.filter(kerjasama=OuterRef("pk"))
    return partnerships.annotate(
        **{
            f"file_{name}": Exists(files.filter(aspek=aspek))
            for name, (_f, aspek) in EVIDENCE.items()
        }
    )


def _has_evidence(name):
    text_field, _aspek = EVIDENCE[name]
    return ~Q(**{text_field: ""}) | Q(**{f"file_{name}": True})


def _continued(year):
    return Q(lanjutan_dari__in=active_partnerships(year=year - 1))


def partnership_rows(*, year: int, jurusan=None, tingkat="", aspek="", continued=False):
    """The partnerships behind a B.1.15.7/8 figure, for its detail page."""
    found = _with_evidence(active_partnerships(year=year, jurusan=jurusan))
    if tingkat:
        found = found.filter(tingkat=tingkat)
    if aspek:
        found = found.filter(_has_evidence(aspek))
    if continued:
        found = found.filter(_continued(year))
    return found.select_related("perusahaan", "lanjutan_dari").order_by("perusahaan__nama", "pk")


@dataclass
class LevelRow:
    """Active partnerships of one jurusan (or all: `jurusan` None) by level."""

    jurusan: Jurusan | None
    counts: dict = field(default_factory=lambda: {level.value: 0 for level in LEVELS})

    @property
    def total(self):
        return sum(self.counts.values())

    def cells(self):
        return [(level, self.counts[level.value]) for level in LEVELS]


def partnerships_by_level(*, year: int, jurusan=None) -> tuple[list[LevelRow], LevelRow]:
    """B.1.15.7: a row per jurusan (a partnership shared by two jurusan counts
    in both rows) and a total row counting each partnership once. 3 queries."""
    active = active_partnerships(year=year, jurusan=jurusan)
    departments = Jurusan.objects.order_by("kode")
    if jurusan is not None:
        departments = departments.filter(pk=jurusan.pk)
    rows = {j.pk: LevelRow(j) for j in departments}
    Link = Kerjasama.jurusan.through
    links = Link.objects.filter(kerjasama__in=active, jurusan__in=list(rows))
    for link in links.values("jurusan_id", "kerjasama__tingkat").annotate(n=Count("kerjasama_id")):
        rows[link["jurusan_id"]].counts[link["kerjasama__tingkat"]] = link["n"]
    total = LevelRow(None)
    for level in active.values("tingkat").annotate(n=Count("pk")).order_by():
        total.counts[level["tingkat"]] = level["n"]
    return list(rows.values()), total


def partnership_figures(*, year: int, jurusan=None) -> dict:
    """B.1.15.8.a-c evidence counts and continued partnerships, in one query."""
    found = _with_evidence(active_partnerships(year=year, jurusan=jurusan))
    counts = {name: Count("pk", filter=_has_evidence(name)) for name in EVIDENCE}
    return found.aggregate(
        active=Count("pk"), continued=Count("pk", filter=_continued(year)), **counts
    )


def feedback_of(*, year: int, jurusan=None):
    """Partner feedback filled in during the year (about a letter naming a
    student of `jurusan`, when given)."""
    start, end = year_bounds(year)
    found = UmpanBalik.objects.filter(diisi_pada__gte=start, diisi_pada__lt=end)
    if jurusan is not None:
        found = found.filter(
            Exists(
                SuratMahasiswa.objects.filter(
                    surat=OuterRef("surat"), pendaftaran__mahasiswa__prodi__jurusan=jurusan
                )
            )
        )
    return found


def satisfaction(*, year: int, jurusan=None) -> dict:
    """Mean Likert score (1-4) over every score given in the year, the number
    of responses (forms) and of scores. One query."""
    scores = NilaiUmpanBalik.objects.filter(umpan_balik__in=feedback_of(year=year, jurusan=jurusan))
    return scores.aggregate(
        mean=Avg("nilai"), responses=Count("umpan_balik", distinct=True), scores=Count("pk")
    )


def feedback_rows(*, year: int, jurusan=None):
    return (
        feedback_of(year=year, jurusan=jurusan)
        .annotate(mean=Avg("nilai__nilai"), scores=Count("nilai"))
        .filter(scores__gt=0)
        .select_related("perusahaan", "surat")
        .order_by("diisi_pada", "pk")
    )


# --- everything at once ------------------------------------------------------------


@dataclass
class Dashboard:
    year: int
    jurusan: Jurusan | None
    clocks: dict
    trend: dict
    level_rows: list
    level_total: LevelRow
    partnerships: dict
    satisfaction: dict

    def clock_cards(self):
        return [(self.clocks[slug], self.trend[slug]) for slug in CLOCK_KPIS]

    @property
    def continued_percent(self):
        return percent(self.partnerships["continued"], self.partnerships["active"])

    def evidence(self):
        return [
            (
                name,
                EVIDENCE_CODES[name],
                self.partnerships[name],
                share(self.partnerships[name], self.partnerships["active"]),
                percent(self.partnerships[name], self.partnerships["active"]),
            )
            for name in EVIDENCE
        ]


def dashboard(*, year: int, jurusan=None) -> Dashboard:
    """Every figure of the dashboard and the report (6 queries)."""
    level_rows, level_total = partnerships_by_level(year=year, jurusan=jurusan)
    clocks, trend = clock_summary(year=year, jurusan=jurusan)
    return Dashboard(
        year=year,
        jurusan=jurusan,
        clocks=clocks,
        trend=trend,
        level_rows=level_rows,
        level_total=level_total,
        partnerships=partnership_figures(year=year, jurusan=jurusan),
        satisfaction=satisfaction(year=year, jurusan=jurusan),
    )
