"""The three recaps of step 3 (registration BO.8.4.1.2, acceptance, students
not yet placed) as scoped querysets for the pages; rekap.recap_workbooks
writes the same querysets as Excel sheets.

Every query starts from rekap.scope for the reader. Period semantics:
- registration recap: applications registered (`dibuat`) in the period;
- acceptance recap: accepted applications answered (`dijawab_pada`) in the
  period;
- placement rate and not-yet-placed list: a student counts as placed when an
  application of theirs registered in the period was accepted, whatever the
  company or track (placed "somewhere"), so the company and track filters do
  not narrow these two; the cohort is the in-scope students of programmes
  that must intern (`ikut_magang`), of the chosen `angkatan` if any.
Waiting time of a student not yet placed: working days (pkpk.kalender) after
the submission of their last application registered before the period ended
(its registration when staff have not submitted it yet) up to today, or to
the period's end for a past period. A student without any application has
no waiting time and is listed first: they are the ones to chase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from magang.models import Pendaftaran
from pkpk import kalender
from surat.models import SuratMahasiswa

from . import scope
from .forms import RecapFilters

STATUS = dict(Pendaftaran.Status.choices)


# --- shared narrowing -------------------------------------------------------------


def _narrow_applications(qs, f: RecapFilters, *, company_and_track=True):
    if f.jurusan:
        qs = qs.filter(mahasiswa__prodi__jurusan=f.jurusan)
    if f.prodi:
        qs = qs.filter(mahasiswa__prodi=f.prodi)
    if f.angkatan:
        qs = qs.filter(mahasiswa__angkatan=f.angkatan)
    if company_and_track:
        if f.perusahaan:
            qs = qs.filter(perusahaan=f.perusahaan)
        if f.jalur:
            qs = qs.filter(jalur=f.jalur)
    return qs


def _cohort(user, f: RecapFilters):
    students = scope.students_in_scope(user).filter(prodi__ikut_magang=True)
    if f.jurusan:
        students = students.filter(prodi__jurusan=f.jurusan)
    if f.prodi:
        students = students.filter(prodi=f.prodi)
    if f.angkatan:
        students = students.filter(angkatan=f.angkatan)
    return students


def _placed(f: RecapFilters, student_ref="pk"):
    """Exists: the student (OuterRef `student_ref`) has a place by the end of
    the period: accepted on an application registered before it ended. A
    student accepted in an earlier period is placed, not "not yet placed"."""
    _start, end = f.period.bounds()
    return Exists(
        Pendaftaran.objects.filter(
            mahasiswa=OuterRef(student_ref),
            status=Pendaftaran.Status.DITERIMA,
            dibuat__lt=end,
        )
    )


def _order(qs, sort, keys, default):
    """Order by a whitelisted key ("-key" for descending), pk as tie-break."""
    name = sort.removeprefix("-")
    if name not in keys:
        sort, name = default, default.removeprefix("-")
    field = keys[name]
    desc = sort.startswith("-")
    expression = F(field).desc(nulls_last=True) if desc else F(field).asc(nulls_first=True)
    return qs.order_by(expression, "-pk" if desc else "pk"), ("-" if desc else "") + name


# --- registration recap (BO.8.4.1.2) -----------------------------------------------

REGISTRATION_SORTS = {
    "dibuat": "dibuat",
    "nim": "mahasiswa__nim",
    "nama": "mahasiswa__user__nama",
    "prodi": "mahasiswa__prodi__kode",
    "perusahaan": "perusahaan__nama",
    "jalur": "jalur",
    "diajukan": "diajukan_pada",
    "status": "status",
    "dijawab": "dijawab_pada",
    "surat": "jumlah_surat",
}


def registrations(user, f: RecapFilters, sort: str = ""):
    """Every application registered in the period, with the number of its
    letters that are not voided. Returns (queryset, applied sort)."""
    start, end = f.period.bounds()
    letters = (
        SuratMahasiswa.objects.filter(
            pendaftaran=OuterRef("pk"), surat__dibatalkan_pada__isnull=True
        )
        .order_by()
        .values("pendaftaran")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = _narrow_applications(scope.applications_in_scope(user), f).filter(
        dibuat__gte=start, dibuat__lt=end
    )
    qs = qs.annotate(
        jumlah_surat=Coalesce(Subquery(letters, output_field=IntegerField()), Value(0))
    ).select_related("mahasiswa__user", "mahasiswa__prodi", "perusahaan")
    return _order(qs, sort, REGISTRATION_SORTS, "dibuat")


# --- acceptance recap ----------------------------------------------------------------

ACCEPTANCE_SORTS = {
    "jurusan": "mahasiswa__prodi__jurusan__nama",
    "prodi": "mahasiswa__prodi__nama",
    "perusahaan": "perusahaan__nama",
    "jumlah": "jumlah",
}


def accepted(user, f: RecapFilters):
    """The applications the acceptance recap counts: accepted, answered in
    the period (the SIAKAD API lists them as placements)."""
    start, end = f.period.bounds()
    return _narrow_applications(scope.applications_in_scope(user), f).filter(
        status=Pendaftaran.Status.DITERIMA, dijawab_pada__gte=start, dijawab_pada__lt=end
    )


def acceptances(user, f: RecapFilters, sort: str = ""):
    """Accepted applications answered in the period, counted per jurusan →
    prodi → company. Returns (queryset of dicts, applied sort)."""
    qs = (
        accepted(user, f)
        .values(
            "mahasiswa__prodi__jurusan__kode",
            "mahasiswa__prodi__jurusan__nama",
            "mahasiswa__prodi_id",
            "mahasiswa__prodi__kode",
            "mahasiswa__prodi__nama",
            "perusahaan_id",
            "perusahaan__nama",
            "perusahaan__kota",
        )
        .annotate(jumlah=Count("pk"))
    )
    name = sort.removeprefix("-")
    if name not in ACCEPTANCE_SORTS:
        sort, name = "jurusan", "jurusan"
    desc = sort.startswith("-")
    grouping = [
        "mahasiswa__prodi__jurusan__nama",
        "mahasiswa__prodi__nama",
        "perusahaan__nama",
        "perusahaan_id",
    ]
    first = F(ACCEPTANCE_SORTS[name])
    qs = qs.order_by(first.desc() if desc else first.asc(), *grouping)
    return qs, ("-" if desc else "") + name


@dataclass(frozen=True)
class PlacementRate:
    jurusan: str
    prodi: str
    prodi_kode: str
    kohort: int
    ditempatkan: int

    @property
    def rate(self) -> float | None:
        return self.ditempatkan / self.kohort if self.kohort else None


def placement_rates(user, f: RecapFilters) -> list[PlacementRate]:
    """Per prodi of the cohort: students accepted somewhere / students."""
    counts = (
        _cohort(user, f)
        .values("prodi__jurusan__nama", "prodi__nama", "prodi__kode")
        .annotate(kohort=Count("pk"), ditempatkan=Count("pk", filter=_placed(f)))
        .order_by("prodi__jurusan__nama", "prodi__nama")
    )
    return [
        PlacementRate(
            c["prodi__jurusan__nama"],
            c["prodi__nama"],
            c["prodi__kode"],
            c["kohort"],
            c["ditempatkan"],
        )
        for c in counts
    ]


def total_rate(rates: list[PlacementRate]) -> PlacementRate:
    return PlacementRate(
        "", "", "", sum(r.kohort for r in rates), sum(r.ditempatkan for r in rates)
    )


# --- students not yet placed --------------------------------------------------------

NOT_PLACED_SORTS = {
    "menunggu": "menunggu_sejak",
    "nim": "nim",
    "nama": "user__nama",
    "prodi": "prodi__kode",
    "angkatan": "angkatan",
}


def not_placed(user, f: RecapFilters, sort: str = ""):
    """Students of the cohort with no acceptance in the period, each with
    their last application before the period ended. Returns (queryset,
    applied sort); `waiting_days` fills in the waiting time of a page."""
    _start, end = f.period.bounds()
    last = Pendaftaran.objects.filter(mahasiswa=OuterRef("pk"), dibuat__lt=end).order_by(
        "-dibuat", "-pk"
    )
    qs = (
        _cohort(user, f)
        .filter(~_placed(f))
        .annotate(
            terakhir_id=Subquery(last.values("pk")[:1]),
            terakhir_perusahaan=Subquery(last.values("perusahaan__nama")[:1]),
            terakhir_status=Subquery(last.values("status")[:1]),
            menunggu_sejak=Subquery(
                last.annotate(sejak=Coalesce("diajukan_pada", "dibuat")).values("sejak")[:1],
                output_field=DateTimeField(),
            ),
        )
        .select_related("user", "prodi")
    )
    # Longest waiting first: the oldest date; students with no application
    # (no date) before everyone.
    return _order(qs, sort, NOT_PLACED_SORTS, "menunggu")


def waiting_until(f: RecapFilters, today: date | None = None) -> date:
    return min(today or timezone.localdate(), f.period.sampai)


class WorkingDayCounter:
    """Working days after one date up to another, answered from one pass
    over the calendar (an export asks this for every row)."""

    def __init__(self, until: date):
        self.until = until
        self._after: dict[date, int] = {}

    def between(self, since: date) -> int:
        if since >= self.until:
            return 0
        if since not in self._after:
            self._fill(since)
        return self._after[since]

    def _fill(self, since: date):
        # Walk back from the nearest known date (or `until`), counting.
        known = [d for d in self._after if d > since]
        day = min(known) if known else self.until
        count = self._after[day] if known else 0
        while day > since:
            self._after[day] = count
            if kalender.is_working_day(day):
                count += 1
            day -= timedelta(days=1)
        self._after[since] = count


def waiting_days(students, counter: WorkingDayCounter):
    """Sets `menunggu_hari` (None without an application) and the label of
    the last application's state on each student of a page."""
    for student in students:
        student.terakhir_status_label = STATUS.get(student.terakhir_status, "")
        sejak = student.menunggu_sejak
        student.menunggu_hari = (
            counter.between(timezone.localdate(sejak)) if sejak is not None else None
        )
    return students
