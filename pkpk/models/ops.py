"""Records of running the system: the worker's heartbeat, disposals of
records past retention and rate limit windows."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..retention import JenisArsip, RecordInRetention


class WorkerHeartbeat(models.Model):
    """Last sign of life of the django-q2 worker, read by /healthz."""

    at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="heartbeat_single_row")]

    def __str__(self):
        return f"worker alive at {self.at:%Y-%m-%d %H:%M:%S}"


class PemusnahanQuerySet(models.QuerySet):
    def delete(self):
        raise RecordInRetention(_("Disposal records are kept for good."), self)

    delete.alters_data = True
    delete.queryset_only = True


class Pemusnahan(models.Model):
    """One disposal of records past retention (`manage.py retensi --musnahkan
    --yakin`): what, how many, who and when. Kept for good: the database
    refuses to change or delete it (pkpk/migrations/0005_retention.py)."""

    jenis = models.CharField(_("record"), max_length=20, choices=JenisArsip.choices)
    jumlah_baris = models.PositiveIntegerField(_("records"))
    jumlah_berkas = models.PositiveIntegerField(_("files"))
    baris_terkait = models.JSONField(
        _("rows removed with them"), default=dict, blank=True, help_text=_("Per table.")
    )
    identitas = models.JSONField(
        _("records disposed of"),
        default=list,
        help_text=_("Database ids (#n); letter numbers for letters."),
    )
    batas = models.DateTimeField(_("created at or before"))
    oleh = models.CharField(_("by"), max_length=150)
    pada = models.DateTimeField(_("disposed of at"), default=timezone.now)

    objects = PemusnahanQuerySet.as_manager()

    class Meta:
        verbose_name = _("disposal of records")
        verbose_name_plural = _("disposals of records")
        ordering = ["-pada", "-pk"]

    def __str__(self):
        return f"{self.get_jenis_display()} · {self.jumlah_baris} · {self.pada:%Y-%m-%d %H:%M}"

    def delete(self, *args, **kwargs):
        raise RecordInRetention(_("Disposal records are kept for good."), [self])


class RateLimitWindow(models.Model):
    """One key's hits in its current fixed window (pkpk/lib/ratelimit.py):
    counted by a single atomic upsert on the shared cache's connection, so
    every web process and host draws on the same budget."""

    key = models.TextField(primary_key=True)  # e.g. "sandi:email:<any e-mail address>"
    hits = models.PositiveIntegerField()
    # When the window counted in `hits` ends; a hit after it starts at 1.
    ends = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate limit window")

    def __str__(self):
        return f"{self.key}: {self.hits}"
