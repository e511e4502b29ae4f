"""Partner feedback results (B.1.15.8.c): response counts and mean Likert
scores per company, per department and per academic year, aggregated in SQL
so a page costs the same few queries however many answers there are.

A response belongs to a department when a student of that department is on
its cover letter; a letter naming students of two departments counts once for
each, never twice for one."""

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Subquery,
)

from pkpk.models import Jurusan
from surat.models import NilaiUmpanBalik, SuratMahasiswa, UmpanBalik

from .partners import academic_year_of
from .periods import academic_period

BY_COMPANY = "perusahaan"
BY_JURUSAN = "jurusan"
BY_YEAR = "tahun"


def _letter_has_jurusan(surat_ref, jurusan_ref):
    return Exists(
        SuratMahasiswa.objects.filter(
            surat=surat_ref, pendaftaran__mahasiswa__prodi__jurusan=jurusan_ref
        )
    )


def responses(*, perusahaan=None, jurusan=None, tahun=None):
    """The feedback responses matching the filters (all optional); `tahun`
    is an academic year, by the day the company answered."""
    found = UmpanBalik.objects.all()
    if perusahaan is not None:
        found = found.filter(perusahaan=perusahaan)
    if jurusan is not None:
        found = found.filter(_letter_has_jurusan(OuterRef("surat"), jurusan))
    if tahun is not None:
        start, end = academic_period(tahun).bounds()
        found = found.filter(diisi_pada__gte=start, diisi_pada__lt=end)
    return found


def _scores(found):
    return NilaiUmpanBalik.objects.filter(umpan_balik__in=found.values("pk"))


def summary(found) -> dict:
    """Response count and the overall mean: the mean of every score given,
    so each answered question weighs the same."""
    count = found.aggregate(n=Count("pk"))["n"]
    mean = _scores(found).aggregate(mean=Avg("nilai"))["mean"]
    return {"responses": count, "mean": mean}


def per_question(found):
    """Mean score per question, grouped by the question's text as it was
    asked (a reworded question is a new row), in the questionnaire's order."""
    return list(
        _scores(found)
        .values("teks")
        .annotate(mean=Avg("nilai"), n=Count("pk"), urutan=Min("pertanyaan__urutan"))
        .order_by("urutan", "teks")
    )


def by_company(found):
    return (
        _scores(found)
        .values(perusahaan_id=F("umpan_balik__perusahaan"), nama=F("umpan_balik__perusahaan__nama"))
        .annotate(responses=Count("umpan_balik", distinct=True), mean=Avg("nilai"))
        .order_by("nama", "perusahaan_id")
    )


def by_year(found):
    return (
        _scores(found)
        .annotate(tahun=academic_year_of("umpan_balik__diisi_pada"))
        .values("tahun")
        .annotate(responses=Count("umpan_balik", distinct=True), mean=Avg("nilai"))
        .order_by("-tahun")
    )


def by_jurusan(found):
    """One row per department with responses; correlated subqueries, so a
    letter with several students of one department is not counted twice."""
    in_jurusan = _letter_has_jurusan(OuterRef("surat"), OuterRef(OuterRef("pk")))
    count = (
        found.filter(in_jurusan).order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    )
    in_jurusan_score = _letter_has_jurusan(OuterRef("umpan_balik__surat"), OuterRef(OuterRef("pk")))
    mean = (
        _scores(found)
        .filter(in_jurusan_score)
        .order_by()
        .annotate(m=Func(F("nilai"), function="AVG", output_field=FloatField()))
        .values("m")
    )
    return (
        Jurusan.objects.annotate(
            responses=Subquery(count, output_field=IntegerField()),
            mean=Subquery(mean, output_field=FloatField()),
        )
        .filter(responses__gt=0)
        .order_by("nama")
    )


BREAKDOWNS = {BY_COMPANY: by_company, BY_JURUSAN: by_jurusan, BY_YEAR: by_year}


def comments(found):
    return (
        found.exclude(komentar="")
        .select_related("perusahaan")
        .only("komentar", "diisi_pada", "nama_pengisi", "jabatan_pengisi", "perusahaan__nama")
        .order_by("-diisi_pada", "-pk")
    )
