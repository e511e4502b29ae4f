"""Retention of the six records of the procedure (DESIGN.md, "Records and
retention"): what counts as a record, when its 5 years end, the guards that
refuse deleting it before then, and its disposal afterwards.

The database holds the same rule in a trigger on each table (the function is
in pkpk/migrations/0005_retention.py), so raw SQL, cascades and `_raw_delete`
are refused too; the guards here only fail earlier, with a clearer error.
A second trigger on the same tables (pkpk/migrations/0007_retention_start_fixed.py)
refuses any UPDATE of the column each record counts from (`Arsip.dibuat`),
so retention cannot be shortened by moving a record's creation back.
`manage.py retensi` lists and disposes of what has passed retention.

The core names no app's table: each app registers its kinds of record and
what hangs on them (`register`, `hang_on`) from its AppConfig.ready()."""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.db.models import Max, Min, Q
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

log = logging.getLogger(__name__)

# Counted from each record's creation. The triggers say "5 years" in SQL too.
RETENTION_YEARS = 5


class JenisArsip(models.TextChoices):
    PENDAFTARAN = "pendaftaran", gettext_lazy("registration form")
    REKAP_PENDAFTARAN = "rekap_pendaftaran", gettext_lazy("registration recap")
    SURAT_PERMOHONAN = "surat_permohonan", gettext_lazy("application letter")
    SURAT_BALASAN = "surat_balasan", gettext_lazy("reply letter")
    REKAP_PENERIMAAN = "rekap_penerimaan", gettext_lazy("acceptance recap")
    SURAT_PENGANTAR = "surat_pengantar", gettext_lazy("cover letter")


class RecordInRetention(ProtectedError):
    """A delete that would remove a record still in retention (or a disposal
    record, which is kept for good). A ProtectedError, as a PROTECT foreign
    key would raise, so code that handles one handles both."""

    def __str__(self):
        return str(self.args[0])


def _years_before(instant, years):
    instant = instant.astimezone(dt.UTC)
    try:
        return instant.replace(year=instant.year - years)
    except ValueError:  # 29 February, as PostgreSQL does it: the 28th
        return instant.replace(year=instant.year - years, day=28)


def cutoff(now=None):
    """Records created after this instant are still in retention; those
    created at or before it have passed it. As the triggers compute it:
    `now() - interval '5 years'`, in UTC."""
    return _years_before(now or timezone.now(), RETENTION_YEARS)


def kept_until(created):
    """The instant a record created at `created` passes retention."""
    return _years_before(created, -RETENTION_YEARS)


@dataclass(frozen=True)
class Arsip:
    """One kind of record: the rows of `model` matching `filter`. Registered
    by the app that owns the table (`register`, from its AppConfig.ready())."""

    jenis: JenisArsip
    model: str
    dibuat: str  # the column its 5 years count from
    filter: dict
    berkas: tuple  # its file fields
    label: Callable  # how the disposal record names a row

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def rows(self):
        return self.model_class._base_manager.filter(**self.filter)

    def waiting(self, limit):
        """Conditions (Exists(...) on the row's pk) under which a row that
        passed retention still waits: a record still in retention, of this
        app or another, hangs on it by a PROTECT foreign key."""
        return [condition for finder in _waits_for[self.jenis] for condition in finder(limit)]

    def remove_dependents(self, pks):
        """Delete what hangs on the rows `pks` and means nothing without
        them; the counts per model label."""
        counts = {}
        for remove in _dependents[self.jenis]:
            for label, count in remove(pks).items():
                counts[label] = counts.get(label, 0) + count
        return counts


def by_pk(obj):
    """How the disposal record names a row that has no number."""
    return f"#{obj.pk}"


# The order of disposal: a kind comes after every kind that hangs on it
# (replies and letters name a registration form).
DISPOSAL_ORDER = (
    JenisArsip.REKAP_PENDAFTARAN,
    JenisArsip.REKAP_PENERIMAAN,
    JenisArsip.SURAT_PERMOHONAN,
    JenisArsip.SURAT_PENGANTAR,
    JenisArsip.SURAT_BALASAN,
    JenisArsip.PENDAFTARAN,
)
# The registered kinds, in the order of disposal.
ARSIP: list[Arsip] = []
# jenis -> what makes a row of that kind wait, and what goes with it.
_waits_for: dict[str, list[Callable]] = {jenis: [] for jenis in JenisArsip}
_dependents: dict[str, list[Callable]] = {jenis: [] for jenis in JenisArsip}


def register(*, jenis, model, dibuat, berkas, label, filter=None) -> Arsip:  # noqa: A002
    """Make the rows of `model` (an "app_label.Model" label) matching
    `filter` records of kind `jenis`: guarded while in retention, listed and
    disposed of by `manage.py retensi`. Idempotent by kind."""
    kind = Arsip(jenis, model, dibuat, dict(filter or {}), tuple(berkas), label)
    ARSIP[:] = sorted(
        [other for other in ARSIP if other.jenis != jenis] + [kind],
        key=lambda arsip: DISPOSAL_ORDER.index(arsip.jenis),
    )
    return kind


def hang_on(jenis, *, waits_for=None, dependents=None) -> None:
    """What another table means for records of kind `jenis`, from the app
    that owns that table: `waits_for(limit)` gives the conditions under which
    a row waits (a record still in retention points to it), `dependents(pks)`
    deletes what points to the rows being disposed of (and returns the
    counts per model label). Idempotent."""
    for registry, finder in ((_waits_for, waits_for), (_dependents, dependents)):
        if finder is not None and finder not in registry[jenis]:
            registry[jenis].append(finder)


# The guards on the models' delete() and their querysets' delete().


def retained(queryset, now=None):
    """The rows of `queryset` that are records still in retention."""
    label = queryset.model._meta.label
    limit = cutoff(now)
    condition = Q(pk__in=[])
    for kind in ARSIP:
        if kind.model == label:
            condition |= Q(**kind.filter) & Q(**{f"{kind.dibuat}__gt": limit})
    return queryset.filter(condition)


def refuse_if_retained(queryset, now=None):
    rows = retained(queryset, now)
    count = rows.count()
    if count:
        raise RecordInRetention(
            _(
                "Cannot delete %(what)s: %(count)d still in retention (records are kept "
                "%(years)d years from their creation)."
            )
            % {
                "what": queryset.model._meta.verbose_name_plural,
                "count": count,
                "years": RETENTION_YEARS,
            },
            rows,
        )


class RetainedQuerySet(models.QuerySet):
    """The queryset (and, through `as_manager()`, the manager) of a record:
    `delete()` refuses when any row is still in retention, and deletes
    nothing then."""

    def delete(self):
        if not self.query.is_sliced:  # Django's own error for a slice
            refuse_if_retained(self)
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class RetainedRecord:
    """Model mixin for a record: `delete()` refuses while the row (as stored)
    is in retention."""

    def delete(self, *args, **kwargs):
        refuse_if_retained(type(self)._base_manager.filter(pk=self.pk))
        return super().delete(*args, **kwargs)


# Listing and disposal (manage.py retensi).


def due(kind: Arsip, now=None):
    """Rows of `kind` that have passed retention and that no record still in
    retention hangs on: what a disposal now removes."""
    limit = cutoff(now)
    rows = kind.rows().filter(**{f"{kind.dibuat}__lte": limit})
    for waiting in kind.waiting(limit):
        rows = rows.exclude(waiting)
    return rows


def _count_files(rows, kind):
    return sum(
        rows.exclude(**{name: ""}).filter(**{f"{name}__isnull": False}).count()
        for name in kind.berkas
    )


@dataclass(frozen=True)
class Ringkasan:
    """What has passed retention of one kind."""

    arsip: Arsip
    baris: int
    berkas: int
    tertua: dt.datetime | None
    terbaru: dt.datetime | None
    menunggu: int  # passed, but a record still in retention hangs on them


def overview(now=None) -> list[Ringkasan]:
    now = now or timezone.now()
    result = []
    for kind in ARSIP:
        rows = due(kind, now)
        dates = rows.aggregate(tertua=Min(kind.dibuat), terbaru=Max(kind.dibuat))
        passed = kind.rows().filter(**{f"{kind.dibuat}__lte": cutoff(now)}).count()
        count = rows.count()
        result.append(
            Ringkasan(
                arsip=kind,
                baris=count,
                berkas=_count_files(rows, kind),
                menunggu=passed - count,
                **dates,
            )
        )
    return result


def _remove_files(files):
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError:
            # The rows are gone and the disposal record lists them; a file
            # left behind is found by its name in the log.
            log.exception("disposal: could not remove file %s", name)


def dispose(kind: Arsip, *, by: str, now=None):
    """Delete every row of `kind` that has passed retention, what hangs on
    them, and (once the transaction commits) their files; write the disposal
    record. One transaction: all of it or nothing. Returns the Pemusnahan,
    or None when nothing was due."""
    from pkpk.models import Pemusnahan

    now = now or timezone.now()
    with transaction.atomic():
        rows = list(due(kind, now).select_for_update(of=("self",)).order_by(kind.dibuat, "pk"))
        if not rows:
            return None
        pks = [row.pk for row in rows]
        files = [
            (field.storage, field.name)
            for row in rows
            for field in (getattr(row, name) for name in kind.berkas)
            if field
        ]
        counts = kind.remove_dependents(pks)
        # Through the guarded manager: it refuses anything still in retention.
        deleted = kind.model_class._default_manager.filter(pk__in=pks).delete()[1]
        for label, count in deleted.items():
            if label != kind.model:
                counts[label] = counts.get(label, 0) + count
        record = Pemusnahan(
            jenis=kind.jenis,
            jumlah_baris=len(rows),
            jumlah_berkas=len(files),
            baris_terkait={label: n for label, n in sorted(counts.items()) if n},
            identitas=[kind.label(row) for row in rows],
            batas=cutoff(now),
            oleh=by,
            pada=now,
        )
        record.full_clean()
        record.save()
        transaction.on_commit(lambda: _remove_files(files))
    log.info("disposal %s: %s rows, %s files of %s", record.pk, len(rows), len(files), kind.jenis)
    return record
