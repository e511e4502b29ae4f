"""What the recaps read from besides applications and letters: the partner
register (B.1.15.7/8) and the recap files issued as official records."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pkpk.lib.text import LimitedTextField
from pkpk.lib.uploads import RandomName, check_document
from pkpk.models import Jurusan, Perusahaan
from pkpk.retention import RetainedQuerySet, RetainedRecord


class Kerjasama(models.Model):
    """One partnership document (MoU, MoA or IA) with a company or institution.

    A proposal (`usulan`) is what staff start from a self-found company's
    page; it becomes `aktif` once the document is signed and its number and
    dates are known."""

    class Dokumen(models.TextChoices):
        MOU = "mou", "MoU"
        MOA = "moa", "MoA"
        IA = "ia", "IA"

    class Tingkat(models.TextChoices):
        INTERNASIONAL = "internasional", _("international")
        NASIONAL = "nasional", _("national")
        LOKAL = "lokal", _("regional/local")

    class Status(models.TextChoices):
        USULAN = "usulan", _("proposed")
        AKTIF = "aktif", _("signed")

    perusahaan = models.ForeignKey(
        Perusahaan, on_delete=models.PROTECT, related_name="kerjasama", verbose_name=_("partner")
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    jenis_dokumen = models.CharField(_("document"), max_length=4, choices=Dokumen.choices)
    nomor = models.CharField(_("document number"), max_length=150, blank=True)
    jurusan = models.ManyToManyField(
        Jurusan, related_name="kerjasama", verbose_name=_("departments")
    )
    tingkat = models.CharField(_("level"), max_length=14, choices=Tingkat.choices)
    ruang_pendidikan = models.BooleanField(_("education"), default=False)
    ruang_penelitian = models.BooleanField(_("research"), default=False)
    ruang_pkm = models.BooleanField(_("community service (PkM)"), default=False)
    mulai = models.DateField(_("starts"), null=True, blank=True)
    selesai = models.DateField(_("ends"), null=True, blank=True)
    # The evidence for the three aspects of B.1.15.8; empty means none yet.
    bukti_manfaat = LimitedTextField(
        _("benefit to learning, research or PkM (B.1.15.8.a)"), max_length=3000, blank=True
    )
    bukti_kinerja = LimitedTextField(
        _("improvement of tridharma performance and facilities (B.1.15.8.b)"),
        max_length=3000,
        blank=True,
    )
    bukti_keberlanjutan = LimitedTextField(
        _("partner satisfaction and continuation (B.1.15.8.c)"), max_length=3000, blank=True
    )
    lanjutan_dari = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lanjutan",
        verbose_name=_("continues"),
    )
    catatan = LimitedTextField(_("note"), max_length=2000, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dibuat = models.DateTimeField(_("created"), default=timezone.now)
    diubah = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-mulai", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gte=F("mulai"))
                | Q(mulai__isnull=True)
                | Q(selesai__isnull=True),
                name="kerjasama_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="usulan")
                | (Q(mulai__isnull=False) & Q(selesai__isnull=False) & ~Q(nomor="")),
                name="kerjasama_signed_has_number_and_dates",
            ),
        ]
        indexes = [models.Index(fields=["status", "selesai"])]

    def __str__(self):
        nomor = self.nomor or _("(proposed)")
        return f"{self.get_jenis_dokumen_display()} {nomor} · {self.perusahaan}"


class LampiranKerjasama(models.Model):
    """A file kept as evidence for a partnership (the signed document, a
    report, a survey), checked by content and stored under a random name."""

    class Aspek(models.TextChoices):
        DOKUMEN = "dokumen", _("signed document")
        MANFAAT = "manfaat", _("benefit (a)")
        KINERJA = "kinerja", _("performance and facilities (b)")
        KEBERLANJUTAN = "lanjut", _("satisfaction and continuation (c)")

    kerjasama = models.ForeignKey(Kerjasama, on_delete=models.PROTECT, related_name="lampiran")
    aspek = models.CharField(_("evidence for"), max_length=8, choices=Aspek.choices)
    berkas = models.FileField(
        _("file (PDF, JPEG or PNG)"), upload_to=RandomName("kerjasama"), validators=[check_document]
    )
    nama_berkas = models.CharField(_("file name"), max_length=255)
    keterangan = models.CharField(_("description"), max_length=200, blank=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    diunggah_pada = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("partnership file")
        verbose_name_plural = _("partnership files")
        ordering = ["diunggah_pada", "pk"]

    def __str__(self):
        return self.nama_berkas


class RekapArsip(RetainedRecord, models.Model):
    """A recap issued as an official record: the workbook exactly as it was
    downloaded, with the parameters that produced it (kept 5 years)."""

    class Jenis(models.TextChoices):
        PENDAFTARAN = "pendaftaran", _("registration recap")
        PENERIMAAN = "penerimaan", _("acceptance recap")
        BELUM_MAGANG = "belum-magang", _("students not yet placed")
        KPI = "kpi", _("KPI report")

    jenis = models.CharField(_("recap"), max_length=12, choices=Jenis.choices)
    parameter = models.JSONField(_("parameters"), default=dict)
    berkas = models.FileField(_("file"), upload_to=RandomName("rekap"))
    nama_berkas = models.CharField(_("file name"), max_length=255)
    jumlah_baris = models.PositiveIntegerField(_("rows"), default=0)
    sha256 = models.CharField(max_length=64)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("generated by"),
    )
    dibuat = models.DateTimeField(_("generated at"), default=timezone.now)

    objects = RetainedQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued recap")
        verbose_name_plural = _("issued recaps")
        ordering = ["-dibuat", "-pk"]

    def __str__(self):
        return f"{self.get_jenis_display()} · {self.dibuat:%Y-%m-%d %H:%M}"
