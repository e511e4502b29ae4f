"""The partner register (kerjasama, B.1.15.7/8): its rules, the writes staff
make, and the reads of the register and company pages. Views only call these."""

import datetime as dt
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from magang.models import Jalur, Pendaftaran
from pkpk.lib.xlsx import Column, Sheet, exporting, write_workbook
from pkpk.models import Jurusan, Perusahaan

from .models import Kerjasama, LampiranKerjasama
from .periods import academic_period

EXPIRY_WARNING_DAYS = 90

# The state a signed partnership is in on a given day, shown as a badge.
AKAN_BERAKHIR = "akan_berakhir"
BERAKHIR = "berakhir"
BERLAKU = "berlaku"

# What staff may change on a partnership through the form or the service.
EDITABLE_FIELDS = (
    "perusahaan",
    "status",
    "jenis_dokumen",
    "nomor",
    "tingkat",
    "ruang_pendidikan",
    "ruang_penelitian",
    "ruang_pkm",
    "mulai",
    "selesai",
    "bukti_manfaat",
    "bukti_kinerja",
    "bukti_keberlanjutan",
    "catatan",
)


# Rules ----------------------------------------------------------------------


def rule_errors(*, status, nomor="", mulai=None, selesai=None, jurusan=(), **scope):
    """The register's rules as field → messages; empty when the data may be
    saved. The database constraints hold the same rules; these messages are
    what a person reads instead of a constraint name."""
    errors = {}
    if not jurusan:
        errors["jurusan"] = [_("Choose at least one department.")]
    if not any(scope.get(f) for f in ("ruang_pendidikan", "ruang_penelitian", "ruang_pkm")):
        errors["ruang_pendidikan"] = [
            _("Tick at least one scope: education, research or community service (PkM).")
        ]
    if mulai and selesai and selesai < mulai:
        errors["selesai"] = [_("The partnership must not end before it starts.")]
    if status == Kerjasama.Status.AKTIF:
        if not (nomor or "").strip():
            errors["nomor"] = [_("A signed partnership needs its document number.")]
        if not mulai:
            errors["mulai"] = [_("A signed partnership needs its start date.")]
        if not selesai:
            errors.setdefault("selesai", []).append(_("A signed partnership needs its end date."))
    return errors


def _check_and_save(kerjasama, jurusan):
    errors = rule_errors(
        jurusan=list(jurusan), **{f: getattr(kerjasama, f) for f in EDITABLE_FIELDS}
    )
    if (
        kerjasama.lanjutan_dari_id
        and kerjasama.lanjutan_dari.perusahaan_id != kerjasama.perusahaan_id
    ):
        errors["perusahaan"] = [_("A continuation must be with the same partner.")]
    if errors:
        raise ValidationError(errors)
    kerjasama.full_clean(exclude=["jurusan"])
    kerjasama.save()
    kerjasama.jurusan.set(jurusan)
    return kerjasama


# Writes ---------------------------------------------------------------------


@transaction.atomic
def create(*, by, jurusan, lanjutan_dari=None, **fields) -> Kerjasama:
    """A new partnership; `lanjutan_dari` when it continues an earlier one
    with the same partner (B.1.15.8.c counts those)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    kerjasama = Kerjasama(dibuat_oleh=by, lanjutan_dari=lanjutan_dari, **fields)
    return _check_and_save(kerjasama, jurusan)


@transaction.atomic
def update(*, kerjasama, by, jurusan, **fields) -> Kerjasama:
    # Locked so two staff saving at once cannot interleave the M2M and the row.
    kerjasama = Kerjasama.objects.select_for_update().get(pk=kerjasama.pk)
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"not editable: {name}")
        setattr(kerjasama, name, value)
    return _check_and_save(kerjasama, jurusan)


@transaction.atomic
def attach_file(*, kerjasama, berkas, aspek, by, keterangan="") -> LampiranKerjasama:
    """Keep a file as evidence; its content and size are checked by the
    model's validator (pkpk.lib.uploads.check_document), not its name."""
    lampiran = LampiranKerjasama(
        kerjasama=kerjasama,
        aspek=aspek,
        berkas=berkas,
        # Only the last path part, as the user named it, for showing; a name
        # over the limit is refused by full_clean() below, never cut.
        nama_berkas=PurePath(getattr(berkas, "name", "") or "berkas").name,
        keterangan=keterangan,
        diunggah_oleh=by,
    )
    lampiran.full_clean()
    lampiran.save()
    return lampiran


def accepted_mandiri(perusahaan):
    return Pendaftaran.objects.filter(
        perusahaan=perusahaan, jalur=Jalur.MANDIRI, status=Pendaftaran.Status.DITERIMA
    )


def can_propose(perusahaan) -> bool:
    """A self-found company that took students and is not a partner yet."""
    return (
        accepted_mandiri(perusahaan).exists()
        and not Kerjasama.objects.filter(perusahaan=perusahaan).exists()
    )


@transaction.atomic
def propose_from_company(*, perusahaan, by) -> Kerjasama:
    """A proposal (status usulan) for a self-found company with accepted
    students and no partnership yet, for the departments of those students.
    Staff complete the document kind, level and dates on the edit page."""
    # The company row is the lock: two clicks never make two proposals.
    perusahaan = Perusahaan.objects.select_for_update().get(pk=perusahaan.pk)
    if Kerjasama.objects.filter(perusahaan=perusahaan).exists():
        raise ValidationError(_("This company already has a partnership in the register."))
    accepted = accepted_mandiri(perusahaan)
    jurusan = list(Jurusan.objects.filter(prodi__mahasiswa__pendaftaran__in=accepted).distinct())
    if not jurusan:
        raise ValidationError(
            _("Only a self-found company with accepted students can be proposed as a partner.")
        )
    return create(
        by=by,
        jurusan=jurusan,
        perusahaan=perusahaan,
        status=Kerjasama.Status.USULAN,
        # A department-level agreement is the usual first step; staff change it.
        jenis_dokumen=Kerjasama.Dokumen.MOA,
        tingkat=Kerjasama.Tingkat.LOKAL,
        ruang_pendidikan=True,
        catatan=_("Proposed from the company page: %(n)d accepted self-found student(s).")
        % {"n": accepted.count()},
    )


# Reads ----------------------------------------------------------------------


def expiring(today: dt.date, days: int = EXPIRY_WARNING_DAYS):
    """Signed partnerships ending within `days` of `today`, both days included."""
    return Kerjasama.objects.filter(
        status=Kerjasama.Status.AKTIF,
        selesai__gte=today,
        selesai__lte=today + dt.timedelta(days=days),
    )


def expired(today: dt.date):
    return Kerjasama.objects.filter(status=Kerjasama.Status.AKTIF, selesai__lt=today)


def active_in_year(year: int):
    """Signed partnerships in force on at least one day of academic year `year`."""
    period = academic_period(year)
    return Kerjasama.objects.filter(
        status=Kerjasama.Status.AKTIF, mulai__lte=period.sampai, selesai__gte=period.dari
    )


def with_state(queryset, today: dt.date):
    """Annotate `keadaan`: expired, expiring within EXPIRY_WARNING_DAYS, in force, or ''
    for a proposal, so the list and the detail page show the same badge."""
    limit = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    signed = Q(status=Kerjasama.Status.AKTIF)
    return queryset.annotate(
        keadaan=Case(
            When(signed & Q(selesai__lt=today), then=Value(BERAKHIR)),
            When(signed & Q(selesai__lte=limit), then=Value(AKAN_BERAKHIR)),
            When(signed, then=Value(BERLAKU)),
            default=Value(""),
            output_field=CharField(),
        )
    )


SORTS = {"selesai": ["selesai", "pk"], "-selesai": ["-selesai", "-pk"]}


def register(
    *,
    today,
    within=None,
    q="",
    jurusan=None,
    tingkat="",
    jenis_dokumen="",
    status="",
    tahun=None,
    keadaan="",
    urut="",
):
    """The register list, filtered; every filter optional. `within`: the
    reader's scope (rekap.scope.partnerships_in_scope), the whole register
    when None."""
    found = with_state(Kerjasama.objects.all() if within is None else within, today)
    if q:
        found = found.filter(Q(perusahaan__nama__icontains=q) | Q(nomor__icontains=q))
    if jurusan:
        links = Kerjasama.jurusan.through.objects.filter(kerjasama=OuterRef("pk"), jurusan=jurusan)
        found = found.filter(Exists(links))
    if tingkat:
        found = found.filter(tingkat=tingkat)
    if jenis_dokumen:
        found = found.filter(jenis_dokumen=jenis_dokumen)
    if status:
        found = found.filter(status=status)
    if tahun is not None:
        found = found.filter(pk__in=active_in_year(tahun).values("pk"))
    if keadaan:
        found = found.filter(keadaan=keadaan)
    found = found.select_related("perusahaan", "lanjutan_dari").prefetch_related("jurusan")
    return found.order_by(*SORTS.get(urut, ["-mulai", "-pk"]))


def companies(*, q=""):
    """Companies with how many students they accepted and partnerships they hold."""
    found = Perusahaan.objects.all()
    if q:
        found = found.filter(Q(nama__icontains=q) | Q(kota__icontains=q))
    return found.annotate(
        diterima=Count(
            "pendaftaran",
            filter=Q(pendaftaran__status=Pendaftaran.Status.DITERIMA),
            distinct=True,
        ),
        jumlah_kerjasama=Count("kerjasama", distinct=True),
    ).order_by("nama", "pk")


def academic_year_of(field):
    """SQL for the academic year (starting 1 August) of a date column, in the
    current time zone for a datetime column."""
    return Case(
        When(**{f"{field}__month__gte": 8}, then=ExtractYear(field)),
        default=ExtractYear(field) - 1,
    )


def accepted_by_track_and_year(perusahaan):
    """Accepted students per (academic year of the planned start, track)."""
    rows = (
        Pendaftaran.objects.filter(perusahaan=perusahaan, status=Pendaftaran.Status.DITERIMA)
        .annotate(tahun=academic_year_of("mulai"))
        .values("tahun", "jalur")
        .annotate(jumlah=Count("pk"))
        .order_by("-tahun", "jalur")
    )
    labels = dict(Jalur.choices)
    return [{**row, "jalur_label": labels.get(row["jalur"], row["jalur"])} for row in rows]


# The register as a workbook ------------------------------------------------------


def state_labels() -> dict[str, str]:
    """The badge texts of with_state's `keadaan`, for a workbook."""
    return {
        AKAN_BERAKHIR: _("Ends within %(days)d days") % {"days": EXPIRY_WARNING_DAYS},
        BERAKHIR: _("Expired"),
        BERLAKU: _("In force"),
        "": _("Proposed"),
    }


def _scopes(k) -> str:
    fields = ("ruang_pendidikan", "ruang_penelitian", "ruang_pkm")
    names = [capfirst(str(Kerjasama._meta.get_field(f).verbose_name)) for f in fields]
    return ", ".join(name for f, name in zip(fields, names, strict=True) if getattr(k, f))


def register_sheet(found) -> Sheet:
    """The rows of `register(...)` as one sheet, in the list's order."""
    states = state_labels()

    def rows():
        for number, k in enumerate(found, 1):
            yield (
                number,
                k.perusahaan.nama,
                k.perusahaan.kota,
                ", ".join(j.nama for j in sorted(k.jurusan.all(), key=lambda j: j.nama)),
                k.get_jenis_dokumen_display(),
                k.nomor,
                capfirst(k.get_tingkat_display()),
                _scopes(k),
                k.mulai,
                k.selesai,
                states[k.keadaan],
                k.lanjutan_dari.nomor if k.lanjutan_dari_id else "",
            )

    columns = [
        Column(_("No."), "int", 5, align="center"),
        Column(_("Partner"), "text", 26),
        Column(_("City"), "text", 11),
        Column(_("Departments"), "text", 34),
        Column(_("Document"), "text", 9),
        Column(_("Document number"), "text", 18),
        Column(_("Level"), "text", 13),
        Column(_("Scope"), "text", 22),
        Column(_("Starts"), "date", 11),
        Column(_("Ends"), "date", 11),
        # One column for proposed / in force / ending / expired: a status
        # column beside it would say "proposed" twice.
        Column(_("State"), "text", 20),
        Column(_("Continues"), "text", 18),
    ]
    return Sheet(_("Partner register"), columns, rows())


def write_register(target, *, today, user, within=None, described="", **filters) -> int:
    """The register, scoped and filtered as the list is, as a workbook; returns rows."""
    with exporting():
        found = register(today=today, within=within, **filters)
        return write_workbook(
            target,
            title=_("Partner register"),
            form_code="B.1.15.7",
            period=described or _("every partnership in the register"),
            generated_by=user.get_full_name(),
            sheets=[register_sheet(found)],
        )


def register_filename(when=None) -> str:
    when = timezone.localtime(when or timezone.now())
    return f"register-kerjasama-{when:%Y%m%d%H%M}.xlsx"
