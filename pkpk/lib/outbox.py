"""E-mails the worker sends from a row (a notification, a letter to a
company) and tries again when the mail server fails: after 1, 5, 15 and 60
minutes, then the row is marked failed and staff are shown it. The row is
claimed (locked, still unsent, due) before each try, so however many tasks
or sweeps run at once, a row is sent at most once.

Apps register the tables that send this way (`register`, from their
AppConfig.ready()), so the staff list of undelivered e-mails reads them all
without the core naming an app's table."""

import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .once import claim_unsent

# The pause before each further try; after the last try the row has failed.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=60),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# What a failing mail server or network raises through Django's SMTP backend
# (refused connection, timeout, 4xx/5xx answers); anything else is a bug and
# is left to raise.
SEND_ERRORS = (smtplib.SMTPException, OSError)


class Attempts(models.Model):
    """The tries of one e-mail: how many, when the next is due, the last
    error, and when it was given up."""

    # Defaults in the database too: rows are also written by plain SQL
    # (a set-based insert), which does not name these columns.
    percobaan = models.PositiveSmallIntegerField(_("attempts"), default=0, db_default=0)
    coba_lagi_pada = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    galat = models.TextField(_("last error"), blank=True, default="", db_default="")
    gagal_pada = models.DateTimeField(_("given up at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def mencoba_lagi(self):
        """Failed at least once and another try is planned."""
        return self.coba_lagi_pada is not None


def _due(now):
    return Q(gagal_pada__isnull=True) & (
        Q(coba_lagi_pada__isnull=True) | Q(coba_lagi_pada__lte=now)
    )


def claim(queryset, *, pk, sent_field, now=None):
    """The row `pk`, locked for this transaction, if it is unsent, not given
    up and due now (its first try, or its next try's time has come); else
    None. Call inside transaction.atomic()."""
    return claim_unsent(queryset.filter(_due(now or timezone.now())), pk=pk, sent_field=sent_field)


def retries_due(queryset, *, sent_field, now=None):
    """The pks of rows whose next try is due: what a sweep sends again."""
    now = now or timezone.now()
    return list(
        queryset.filter(
            **{f"{sent_field}__isnull": True},
            gagal_pada__isnull=True,
            coba_lagi_pada__lte=now,
        )
        .order_by("coba_lagi_pada", "pk")
        .values_list("pk", flat=True)
    )


SENT, RETRY, FAILED = "sent", "retry", "failed"


def send(row, message, *, sent_field, now=None) -> str:
    """Send `message` for the claimed `row` and record the outcome on the
    row: SENT, RETRY (the next try is planned) or FAILED (the last try failed)."""
    now = now or timezone.now()
    row.percobaan += 1
    fields = ["percobaan", "coba_lagi_pada", "galat", "gagal_pada", sent_field]
    try:
        message.send()
    except SEND_ERRORS as error:
        row.galat = f"{type(error).__name__}: {error}"[:1000]
        if row.percobaan >= MAX_ATTEMPTS:
            row.coba_lagi_pada, row.gagal_pada = None, now
            outcome = FAILED
        else:
            row.coba_lagi_pada = now + BACKOFF[row.percobaan - 1]
            outcome = RETRY
    else:
        setattr(row, sent_field, now)
        row.coba_lagi_pada = None
        outcome = SENT
    row.save(update_fields=fields)
    return outcome


# The staff list of undelivered e-mails ---------------------------------------


@dataclass(frozen=True)
class Outbox:
    label: str
    # () -> a queryset of the rows (select_related as `describe` needs)
    queryset: object
    # row -> (recipient, subject, link for staff or "")
    describe: object
    sent_field: str


OUTBOXES: dict[str, Outbox] = {}


def register(name, *, label, queryset, describe, sent_field):
    OUTBOXES[name] = Outbox(label, queryset, describe, sent_field)


def undelivered(limit=200):
    """Every e-mail that failed at least once and is not sent: still being
    tried, or given up. Given up first, then newest first; `limit` per table."""
    rows = []
    for outbox in OUTBOXES.values():
        queryset = (
            outbox.queryset()
            .filter(**{f"{outbox.sent_field}__isnull": True})
            .exclude(galat="")
            .order_by(models.F("gagal_pada").desc(nulls_last=True), "-pk")[:limit]
        )
        for row in queryset:
            to, subject, link = outbox.describe(row)
            rows.append(
                {"kind": outbox.label, "row": row, "to": to, "subject": subject, "link": link}
            )
    rows.sort(key=_given_up_then_newest)
    return rows


def _given_up_then_newest(entry):
    row = entry["row"]
    latest = row.gagal_pada or row.coba_lagi_pada
    return (row.gagal_pada is None, -latest.timestamp())
