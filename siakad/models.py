"""API clients (one per system that calls the API, with its hashed token
and scope) and the log of every call they make."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KlienApi(models.Model):
    class Cakupan(models.TextChoices):
        BACA = "read", _("read")
        TULIS = "write", _("read and write")

    nama = models.CharField(_("name"), max_length=100, unique=True)
    cakupan = models.CharField(_("scope"), max_length=5, choices=Cakupan.choices)
    # The token's first characters, stored in clear to find its row; the
    # whole token only as its SHA-256 (a random 256-bit token needs no slow hash).
    awalan = models.CharField(_("token prefix"), max_length=12, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    dibuat = models.DateTimeField(_("created"), auto_now_add=True)
    dicabut_pada = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    terakhir_dipakai = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["nama"]

    def __str__(self):
        return self.nama

    @property
    def can_write(self) -> bool:
        return self.cakupan == self.Cakupan.TULIS


class PanggilanApi(models.Model):
    """One call of the API, answered or refused (no client when the token
    was missing or wrong). Pruned after API_LOG_DAYS (siakad.tasks)."""

    klien = models.ForeignKey(
        KlienApi, on_delete=models.CASCADE, null=True, blank=True, related_name="panggilan"
    )
    metode = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=300)
    status = models.PositiveSmallIntegerField(_("status"))
    ms = models.PositiveIntegerField(_("milliseconds"))
    pada = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        ordering = ["-pada", "-pk"]

    def __str__(self):
        return f"{self.metode} {self.path} {self.status}"
