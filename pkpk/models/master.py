"""Master data of the campus and its partners: departments, study
programmes, students, coordinating lecturers and companies."""

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..lib.text import LimitedTextField
from ..normalize import normalize_city, normalize_company_name
from .users import User, nim_validator, nip_validator


class Jurusan(models.Model):
    kode = models.CharField(_("code"), max_length=20, unique=True)
    nama = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["nama"]

    def __str__(self):
        return self.nama


class ProgramStudi(models.Model):
    class Jenjang(models.TextChoices):
        D2 = "D2", "D2"
        D3 = "D3", "D3"
        D4 = "D4", _("D4 (Sarjana Terapan)")
        S2T = "S2T", _("S2 Terapan")
        PROFESI = "PROF", _("Profesi")

    jurusan = models.ForeignKey(
        Jurusan, on_delete=models.PROTECT, related_name="prodi", verbose_name=_("department")
    )
    kode = models.CharField(_("code"), max_length=20, unique=True)
    nama = models.CharField(_("name"), max_length=150)
    jenjang = models.CharField(_("level"), max_length=4, choices=Jenjang.choices)
    ikut_magang = models.BooleanField(
        _("takes part in internships"),
        default=True,
        help_text=_("Programmes without internships are left out of registration and recaps."),
    )
    informasi_kompetensi = LimitedTextField(
        _("competency information"),
        max_length=3000,
        blank=True,
        help_text=_("Attached to cover letters for places that need no reply."),
    )

    class Meta:
        verbose_name = _("study programme")
        verbose_name_plural = _("study programmes")
        ordering = ["jurusan__nama", "jenjang", "nama"]

    def __str__(self):
        short = {self.Jenjang.D4: "D4", self.Jenjang.S2T: "S2 Terapan"}
        return f"{short.get(self.jenjang, self.get_jenjang_display())} {self.nama}"


class Mahasiswa(models.Model):
    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="mahasiswa")
    nim = models.CharField(_("NIM"), max_length=12, unique=True, validators=[nim_validator])
    prodi = models.ForeignKey(
        ProgramStudi,
        on_delete=models.PROTECT,
        related_name="mahasiswa",
        verbose_name=_("study programme"),
    )
    angkatan = models.PositiveSmallIntegerField(
        _("cohort year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    telepon = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["nim"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nim__regex=r"^[0-9]{7,12}$"), name="mahasiswa_nim_digits"
            ),
            models.CheckConstraint(
                condition=Q(angkatan__gte=1990, angkatan__lte=2100),
                name="mahasiswa_angkatan_range",
            ),
        ]

    def __str__(self):
        return f"{self.nim} {self.user.nama}"

    @property
    def nama(self):
        return self.user.nama


class DosenKoordinator(models.Model):
    """A coordinating lecturer: sees the data of the linked programmes only."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="koordinator")
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[nip_validator])
    prodi = models.ManyToManyField(
        ProgramStudi, related_name="koordinator", verbose_name=_("study programmes")
    )

    class Meta:
        verbose_name = _("coordinating lecturer")
        verbose_name_plural = _("coordinating lecturers")

    def __str__(self):
        return self.user.nama


class Perusahaan(models.Model):
    """A company or institution that takes interns. One row per company and
    city: names are compared after normalising ("PT. Xyz" equals "xyz, pt")."""

    nama = models.CharField(_("name"), max_length=200)
    nama_normal = models.CharField(max_length=200, editable=False)
    alamat = models.CharField(_("address"), max_length=300, blank=True)
    kota = models.CharField(_("city"), max_length=100)
    kota_normal = models.CharField(max_length=100, editable=False)
    sektor = models.CharField(_("sector"), max_length=150, blank=True)
    kontak_nama = models.CharField(_("contact person"), max_length=150, blank=True)
    kontak_jabatan = models.CharField(_("contact's position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    telepon = models.CharField(_("phone"), max_length=50, blank=True)
    dibuat = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["nama_normal", "kota_normal"],
                name="perusahaan_unique_normalised_name_city",
                violation_error_message=_("This company is already registered in this city."),
            ),
        ]
        # Trigram search finds "Batam Presisi Elektronik" for "Batam Presisi Elektronika".
        indexes = [
            GinIndex(
                fields=["nama_normal"], opclasses=["gin_trgm_ops"], name="perusahaan_nama_trgm"
            )
        ]

    def __str__(self):
        return f"{self.nama} ({self.kota})"

    def save(self, *args, **kwargs):
        self._normalise()  # derived columns, kept in step on every path
        super().save(*args, **kwargs)

    def _normalise(self):
        self.nama_normal = normalize_company_name(self.nama)
        self.kota_normal = normalize_city(self.kota)

    def clean(self):
        # The unique constraint is on fields no form shows, so explain it here.
        self._normalise()
        if not self.nama_normal:
            raise ValidationError({"nama": _("Enter the company's name.")})
        twin = (
            Perusahaan.objects.filter(nama_normal=self.nama_normal, kota_normal=self.kota_normal)
            .exclude(pk=self.pk)
            .first()
        )
        if twin:
            raise ValidationError(
                {"nama": _("This company is already registered as “%(twin)s”.") % {"twin": twin}}
            )
