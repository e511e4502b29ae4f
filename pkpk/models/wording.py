"""The texts staff own (pkpk.wording): every version kept, the newest in
force, and the field by which an issued thing names its version."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..lib.text import LimitedTextField
from .users import User


class JenisTemplat(models.TextChoices):
    """The texts staff own (pkpk.wording): each kind is a part of a letter
    with its own placeholders. Kept in pkpk, not surat, because the reply
    form and the e-mails (magang, pkpk) are meant to join them."""

    SURAT_PERMOHONAN = "surat_permohonan", _("Application letter: body")
    SURAT_PENGANTAR = "surat_pengantar", _("Cover letter (the company replies): body")
    SURAT_PENGANTAR_LAMPIRAN = (
        "surat_pengantar_lampiran",
        _("Cover letter with attachments (no reply): body"),
    )
    BORANG_UMPAN_BALIK = "borang_umpan_balik", _("Attachment 2, partner feedback form: intro")
    EMAIL_SURAT_SUBJEK = "email_surat_subjek", _("E-mail sending a letter: subject")
    EMAIL_PERMOHONAN = "email_permohonan", _("E-mail sending an application letter: body")
    EMAIL_PENGANTAR = "email_pengantar", _("E-mail sending a cover letter: body")
    BALASAN_FO = "balasan_fo", _("Reply form FO.8.4.1.1: explanation")
    UMPAN_BALIK_WEB = "umpan_balik_web", _("Company feedback page: intro")


class TemplatQuerySet(models.QuerySet):
    def current(self, jenis):
        """The newest version of `jenis`: the one in force."""
        return self.filter(jenis=jenis).order_by("-versi").first()


class TeksTemplat(models.Model):
    """One version of a staff-owned text. Versions are only ever added (a
    trigger refuses UPDATE and DELETE, pkpk/migrations/0013): the newest of a
    kind is in force, and every older one stays readable, because issued
    letters name the version they were written with. The row is its own
    audit entry: who wrote it and when."""

    jenis = models.CharField(_("kind"), max_length=30, choices=JenisTemplat.choices)
    versi = models.PositiveIntegerField(_("version"))
    teks = LimitedTextField(_("text"), max_length=10000)
    # Empty for the shipped defaults.
    dibuat_oleh = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    dibuat_pada = models.DateTimeField(_("written at"), default=timezone.now)

    objects = TemplatQuerySet.as_manager()

    class Meta:
        verbose_name = _("text template version")
        verbose_name_plural = _("text template versions")
        ordering = ["jenis", "-versi"]
        constraints = [
            models.UniqueConstraint(fields=["jenis", "versi"], name="teks_templat_one_per_version"),
            models.CheckConstraint(condition=Q(versi__gte=1), name="teks_templat_versi_positive"),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} v{self.versi}"


def wording_version(verbose_name):
    """The field by which an issued thing (a letter, an e-mail) names the
    wording version it was written with: kept while it is (PROTECT), and
    empty on what was issued before staff owned the wording."""
    return models.ForeignKey(
        TeksTemplat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )
