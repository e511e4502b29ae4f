"""Uploaded student workbooks (pkpk.student_import)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .users import User


class ImporMahasiswa(models.Model):
    """One uploaded student workbook: checked first, imported only when clean."""

    class Status(models.TextChoices):
        DITOLAK = "ditolak", _("Refused (has errors)")
        PRATINJAU = "pratinjau", _("Checked, waiting for confirmation")
        DIIMPOR = "diimpor", _("Imported")

    berkas = models.FileField(_("file"), upload_to="impor/%Y/")
    nama_berkas = models.CharField(_("file name"), max_length=255)
    diunggah_oleh = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    dibuat = models.DateTimeField(_("uploaded"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    jumlah_baris = models.PositiveIntegerField(_("rows"), default=0)
    kesalahan = models.JSONField(_("errors"), default=list, blank=True)
    jumlah_baru = models.PositiveIntegerField(_("new"), default=0)
    jumlah_diubah = models.PositiveIntegerField(_("updated"), default=0)
    jumlah_sama = models.PositiveIntegerField(_("unchanged"), default=0)
    # Rows of known students whose changes staff did not confirm: left as they were.
    jumlah_dilewati = models.PositiveIntegerField(_("changes not applied"), default=0)
    diimpor_pada = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("student import")
        verbose_name_plural = _("student imports")
        ordering = ["-dibuat"]

    def __str__(self):
        return f"{self.nama_berkas} ({self.get_status_display()})"

    @property
    def is_refused(self):
        return self.status == self.Status.DITOLAK

    @property
    def in_preview(self):
        return self.status == self.Status.PRATINJAU

    @property
    def is_imported(self):
        return self.status == self.Status.DIIMPOR
