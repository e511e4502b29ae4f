"""The institution profile, its service hours and the days staff add to or
take from the national calendar (read by pkpk.kalender)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .users import nip_validator


class Institusi(models.Model):
    """The institution profile: one row that letters, recaps and the service
    clocks read. Nothing institution-specific is hard-coded elsewhere."""

    nama = models.CharField(_("institution name"), max_length=200)
    kementerian = models.CharField(_("ministry line of the letterhead"), max_length=200, blank=True)
    alamat = models.CharField(_("street address"), max_length=300)
    kota = models.CharField(_("city"), max_length=100)
    kode_pos = models.CharField(_("postal code"), max_length=10, blank=True)
    provinsi = models.CharField(_("province"), max_length=100, blank=True)
    telepon = models.CharField(_("telephone"), max_length=50, blank=True)
    faksimili = models.CharField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    laman = models.CharField(_("website"), max_length=200, blank=True)
    logo = models.ImageField(_("logo"), upload_to="institusi/", blank=True)
    nama_unit = models.CharField(_("unit name"), max_length=200)
    singkatan_unit = models.CharField(_("unit abbreviation"), max_length=30)
    kanal_layanan = models.CharField(
        _("service channel"),
        max_length=200,
        help_text=_("The channel declared as the unit's service door."),
    )
    pola_nomor_surat = models.CharField(
        _("letter number pattern"),
        max_length=100,
        default="{nomor:04d}/PL29/KM/{tahun}",
        help_text=_(
            "Use {nomor} (sequence, restarts each year) and {tahun} (year). Letters of "
            "every kind share this register (one sequence per pattern and year) unless a "
            "kind has its own pattern below. A changed pattern starts a new register at 1."
        ),
    )
    # Optional: a kind with its own classification code gets its own register.
    pola_nomor_permohonan = models.CharField(
        _("application letter number pattern"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to number application letters with the pattern above."),
    )
    pola_nomor_pengantar = models.CharField(
        _("cover letter number pattern"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to number cover letters with the pattern above."),
    )
    penandatangan_nama = models.CharField(_("signatory's name"), max_length=150)
    penandatangan_jabatan = models.CharField(_("signatory's position"), max_length=150)
    penandatangan_nip = models.CharField(
        _("signatory's NIP"), max_length=18, blank=True, validators=[nip_validator]
    )
    diubah = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("institution profile")
        verbose_name_plural = _("institution profile")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="institusi_single_row")]

    def __str__(self):
        return self.nama

    # The kinds of letter that may have their own pattern, and its field.
    OWN_PATTERN_FIELDS = {
        "permohonan": "pola_nomor_permohonan",
        "pengantar": "pola_nomor_pengantar",
    }

    def pola_nomor(self, jenis: str) -> str:
        """The pattern letters of `jenis` are numbered with: the kind's own,
        or the shared one. Letters with one pattern share one counter."""
        field = self.OWN_PATTERN_FIELDS.get(jenis)
        return (getattr(self, field) if field else "") or self.pola_nomor_surat

    def clean(self):
        errors = {}
        fields = ["pola_nomor_surat", *self.OWN_PATTERN_FIELDS.values()]
        for field in fields:
            pattern = getattr(self, field)
            if (pattern or field == "pola_nomor_surat") and not _pattern_sample(pattern):
                errors[field] = _(
                    "The pattern must contain {nomor} and {tahun}, for example "
                    "{nomor:04d}/PL29/KM/{tahun}."
                )
        if not errors:
            errors.update(self._clashing_patterns())
        if errors:
            raise ValidationError(errors)

    def _clashing_patterns(self):
        # Two different patterns are two counters; if they print the same
        # number, both registers would hand out 0001/... and the database
        # would refuse the second letter. Say so here instead.
        patterns = {jenis: self.pola_nomor(jenis) for jenis in self.OWN_PATTERN_FIELDS}
        first, second = patterns.values()
        if first != second and any(
            first.format(nomor=n, tahun=2026) == second.format(nomor=n, tahun=2026)
            for n in (1, 12, 123, 1234, 12345)  # {nomor:04d} and {nomor:03d} meet at 1234
        ):
            message = _(
                "The two kinds' patterns print the same numbers. Use one pattern for "
                "both kinds, or make them differ (for example in the classification code)."
            )
            return {self.OWN_PATTERN_FIELDS["pengantar"]: message}
        return {}

    @classmethod
    def load(cls):
        """The profile row; pkpk.initial_data creates it after migrate."""
        return cls.objects.get(pk=1)


def _pattern_sample(pattern: str) -> str:
    """The first number of 2026 in `pattern`, or "" when it cannot make one."""
    if "{nomor" not in pattern or "{tahun" not in pattern:
        return ""
    try:
        return pattern.format(nomor=1, tahun=2026)
    except (KeyError, IndexError, ValueError):
        return ""


class JamLayanan(models.Model):
    """Service hours on one weekday; the service clocks only run inside them."""

    class Hari(models.IntegerChoices):
        SENIN = 0, _("Monday")
        SELASA = 1, _("Tuesday")
        RABU = 2, _("Wednesday")
        KAMIS = 3, _("Thursday")
        JUMAT = 4, _("Friday")
        SABTU = 5, _("Saturday")
        MINGGU = 6, _("Sunday")

    institusi = models.ForeignKey(
        Institusi, on_delete=models.CASCADE, related_name="jam_layanan", default=1
    )
    hari = models.PositiveSmallIntegerField(_("day"), choices=Hari.choices)
    buka = models.TimeField(_("opens"))
    tutup = models.TimeField(_("closes"))
    istirahat_mulai = models.TimeField(_("break starts"), null=True, blank=True)
    istirahat_selesai = models.TimeField(_("break ends"), null=True, blank=True)
    diubah = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("service hours")
        verbose_name_plural = _("service hours")
        ordering = ["hari"]
        constraints = [
            models.UniqueConstraint(fields=["institusi", "hari"], name="jam_layanan_one_per_day"),
            models.CheckConstraint(
                condition=Q(buka__lt=models.F("tutup")),
                name="jam_layanan_opens_before_closing",
                violation_error_message=_("Opening time must be before closing time."),
            ),
            models.CheckConstraint(
                condition=(Q(istirahat_mulai__isnull=True) & Q(istirahat_selesai__isnull=True))
                | (
                    Q(istirahat_mulai__gte=models.F("buka"))
                    & Q(istirahat_mulai__lt=models.F("istirahat_selesai"))
                    & Q(istirahat_selesai__lte=models.F("tutup"))
                ),
                name="jam_layanan_break_inside_hours",
                violation_error_message=_(
                    "A break needs both a start and an end, inside the service hours."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_hari_display()} {self.buka:%H:%M}–{self.tutup:%H:%M}"


class HariKalender(models.Model):
    """A day staff add to or take from the national calendar: cuti bersama
    the government announces, a campus closure, or a holiday that is worked."""

    class Jenis(models.TextChoices):
        LIBUR = "libur", _("Non-working day (cuti bersama, closure)")
        MASUK = "masuk", _("Working day (holiday cancelled)")

    tanggal = models.DateField(_("date"), unique=True)
    jenis = models.CharField(_("kind"), max_length=10, choices=Jenis.choices)
    keterangan = models.CharField(_("note"), max_length=200)
    diubah = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["tanggal"]

    def __str__(self):
        return f"{self.tanggal:%Y-%m-%d} {self.get_jenis_display()}: {self.keterangan}"
