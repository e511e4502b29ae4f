"""The partner feedback form that goes with cover letters. Its questions live
in the database (staff edit them in the admin); a company answers once per
letter, through its signed link, on a Likert scale of 1-4."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pkpk.lib.text import LimitedTextField
from pkpk.models import Perusahaan

from .letters import Surat


class PertanyaanUmpanBalik(models.Model):
    teks = models.CharField(_("question"), max_length=300)
    urutan = models.PositiveSmallIntegerField(_("order"), default=0)
    aktif = models.BooleanField(_("asked"), default=True)

    class Meta:
        verbose_name = _("feedback question")
        verbose_name_plural = _("feedback questions")
        ordering = ["urutan", "pk"]

    def __str__(self):
        return self.teks


class UmpanBalik(models.Model):
    surat = models.OneToOneField(Surat, on_delete=models.PROTECT, related_name="umpan_balik")
    perusahaan = models.ForeignKey(Perusahaan, on_delete=models.PROTECT, related_name="umpan_balik")
    nama_pengisi = models.CharField(_("filled in by"), max_length=150)
    jabatan_pengisi = models.CharField(_("position"), max_length=150, blank=True)
    komentar = LimitedTextField(_("comments and suggestions"), max_length=3000, blank=True)
    diisi_pada = models.DateTimeField(_("filled in at"), default=timezone.now)

    class Meta:
        verbose_name = _("partner feedback")
        verbose_name_plural = _("partner feedback")
        ordering = ["-diisi_pada"]

    def __str__(self):
        return f"{self.perusahaan} ({self.diisi_pada:%Y-%m-%d})"


class NilaiUmpanBalik(models.Model):
    umpan_balik = models.ForeignKey(UmpanBalik, on_delete=models.CASCADE, related_name="nilai")
    pertanyaan = models.ForeignKey(PertanyaanUmpanBalik, on_delete=models.PROTECT)
    # The question as it was asked, should staff reword it later.
    teks = models.CharField(_("question"), max_length=300)
    nilai = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        verbose_name = _("feedback score")
        verbose_name_plural = _("feedback scores")
        constraints = [
            models.UniqueConstraint(
                fields=["umpan_balik", "pertanyaan"], name="nilai_once_per_question"
            ),
            models.CheckConstraint(
                condition=Q(nilai__gte=1) & Q(nilai__lte=4), name="nilai_likert_1_4"
            ),
        ]

    def __str__(self):
        return f"{self.teks}: {self.nilai}"
