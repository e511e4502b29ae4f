"""The clocks of KPI B.4.1.7: first response within 15 service minutes (e),
letter issued within 60 service minutes (a), and a cover letter confirmed
with the company within 14 working days (c). A clock row holds its start,
alert threshold and deadline (computed once by the calendar module when it
starts); every start, stop, alert and breach is also an event row, so the KPI
report can be rebuilt from the events alone."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pkpk.lib.text import LimitedTextField
from pkpk.models import Perusahaan

from .letters import Surat
from .requests import Permintaan


class Jam(models.Model):
    class Jenis(models.TextChoices):
        TANGGAPAN = "tanggapan", _("first response")
        TERBIT = "terbit", _("letter issued")
        KONFIRMASI = "konfirmasi", _("confirmation with the company")

    jenis = models.CharField(_("clock"), max_length=12, choices=Jenis.choices)
    permintaan = models.ForeignKey(
        Permintaan, on_delete=models.PROTECT, related_name="jam", null=True, blank=True
    )
    surat = models.ForeignKey(
        Surat, on_delete=models.PROTECT, related_name="jam", null=True, blank=True
    )
    putaran = models.PositiveSmallIntegerField(_("round"), default=1)
    mulai = models.DateTimeField(_("started"))
    ambang_peringatan = models.DateTimeField(_("alert from"))
    batas = models.DateTimeField(_("deadline"))
    berhenti_pada = models.DateTimeField(_("stopped"), null=True, blank=True)
    diingatkan_pada = models.DateTimeField(_("last alert"), null=True, blank=True)
    lewat_pada = models.DateTimeField(_("breached"), null=True, blank=True)

    class Meta:
        verbose_name = _("service clock")
        verbose_name_plural = _("service clocks")
        ordering = ["batas", "pk"]
        indexes = [
            models.Index(
                fields=["ambang_peringatan"],
                name="jam_running",
                condition=Q(berhenti_pada__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(permintaan__isnull=True, surat__isnull=False)
                | Q(permintaan__isnull=False, surat__isnull=True),
                name="jam_one_subject",
            ),
            models.UniqueConstraint(
                fields=["permintaan", "jenis", "putaran"],
                condition=Q(permintaan__isnull=False),
                name="jam_once_per_request_round",
            ),
            models.UniqueConstraint(
                fields=["surat", "jenis"],
                condition=Q(surat__isnull=False),
                name="jam_once_per_letter",
            ),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} #{self.pk}"

    @property
    def berjalan(self):
        return self.berhenti_pada is None

    @property
    def is_first_response(self):
        return self.jenis == self.Jenis.TANGGAPAN


class PeristiwaLayanan(models.Model):
    """One moment in a clock's life. Start, stop (or end) and breach happen
    once per clock; alerts may repeat (daily reminders of the confirmation)."""

    class Jenis(models.TextChoices):
        MULAI = "mulai", _("started")
        BERHENTI = "berhenti", _("stopped")
        PERINGATAN = "peringatan", _("alert")
        LEWAT = "lewat", _("breached")
        # Ended without its outcome: the request was returned or withdrawn,
        # or the letter voided. KPIs count only clocks that stopped.
        BATAL = "batal", _("ended without its outcome")

    jam = models.ForeignKey(Jam, on_delete=models.PROTECT, related_name="peristiwa")
    jenis = models.CharField(_("what"), max_length=12, choices=Jenis.choices)
    waktu = models.DateTimeField(_("when"), default=timezone.now)
    aktor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    perusahaan = models.ForeignKey(
        Perusahaan,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Set when the company itself stopped the clock."),
    )
    # Elapsed time when the clock stopped or breached: service minutes for
    # the request clocks, working days for the confirmation clock.
    terpakai = models.PositiveIntegerField(_("time used"), null=True, blank=True)
    catatan = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("service clock event")
        verbose_name_plural = _("service clock events")
        ordering = ["waktu", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["jam", "jenis"],
                condition=Q(jenis__in=["mulai", "berhenti", "lewat", "batal"]),
                name="peristiwa_layanan_once",
            )
        ]
        # The KPI report starts from a year's start events (rekap.kpi).
        indexes = [models.Index(fields=["jenis", "waktu"], name="peristiwa_layanan_jenis_waktu")]

    def __str__(self):
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.get_jenis_display()}"


class Konfirmasi(models.Model):
    """Staff confirmed with the company whether the students on a cover letter
    were taken, or the company answered through its link (B.4.1.7.c)."""

    class Saluran(models.TextChoices):
        TELEPON = "telepon", _("phone")
        EMAIL = "email", _("e-mail")
        SURAT = "surat", _("letter")
        KUNJUNGAN = "kunjungan", _("visit")
        PESAN = "pesan", _("instant message")
        TAUTAN = "tautan", _("the company's own answer through its link")

    class Hasil(models.TextChoices):
        DITERIMA = "diterima", _("the students are taken")
        DITOLAK = "ditolak", _("the students are not taken")
        SEBAGIAN = "sebagian", _("some students are taken")

    surat = models.ForeignKey(Surat, on_delete=models.PROTECT, related_name="konfirmasi")
    tanggal = models.DateField(_("date"))
    saluran = models.CharField(_("channel"), max_length=12, choices=Saluran.choices)
    hasil = models.CharField(_("result"), max_length=10, choices=Hasil.choices)
    catatan = LimitedTextField(_("note"), max_length=1000, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    dicatat_pada = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("confirmation with the company")
        verbose_name_plural = _("confirmations with companies")
        ordering = ["-dicatat_pada"]

    def __str__(self):
        return f"{self.surat} {self.tanggal}"
