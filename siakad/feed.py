"""The change feed: application events (magang's Peristiwa, every step of
every application) after a cursor, in id order, so SIAKAD syncs without
full dumps.

Ids come from a sequence, and a transaction may take id 100, then commit
after another took 101 and committed: a reader that saw 101 and moved its
cursor past it would never see 100. So the feed first takes a SHARE lock on
the event table for an instant, in a transaction of its own: it waits until
every transaction that has inserted an event ends (an INSERT holds ROW
EXCLUSIVE, which conflicts with SHARE, from before its nextval() to its
commit), reads the highest id, and lets go. Every id up to that one is then
committed or rolled back for good, and the page reads only up to it.
Chosen over comparing the rows' xmin with the snapshot's, which misses
exactly the case above (an older transaction that takes its id later), and
over holding the lock while the page is read: writers wait only for one
index lookup. The cost: a feed read waits for the longest open writer
(the expiry sweep's one statement, about 2 s at 50,000 events), at most
LOCK_WAIT: past it the client is told to come back (503, Retry-After)."""

from django.db import OperationalError, connection, transaction
from django.db.models import Max

from magang.models import Peristiwa

from . import pages

LOCK_WAIT = "5s"


class FeedBusy(Exception):
    """A writer kept the event table longer than LOCK_WAIT."""


def _committed_upto() -> int:
    table = connection.ops.quote_name(Peristiwa._meta.db_table)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_WAIT])
            cursor.execute(f"LOCK TABLE {table} IN SHARE MODE")
            return Peristiwa.objects.aggregate(top=Max("pk"))["top"] or 0
    except OperationalError as exc:  # lock_timeout: the writer is still at it
        raise FeedBusy from exc


def _row(event: Peristiwa) -> dict:
    return {
        "id": event.pk,
        "jenis": event.jenis,
        "waktu": event.waktu,
        "pendaftaran": event.pendaftaran_id,
        "nim": event.mahasiswa.nim,
        "dari": event.dari,
        "ke": event.ke,
    }


def changes(*, cursor: str | None, limit: int | None) -> dict:
    """A page of events after `cursor`; `next` is where to read from next
    time (the same cursor when nothing is new), `more` whether it is already there."""
    upto = _committed_upto()
    found = pages.page(
        Peristiwa.objects.select_related("mahasiswa"),
        cursor=cursor,
        limit=limit,
        row=_row,
        upto=upto,
    )
    last = found["items"][-1]["id"] if found["items"] else pages.decode(cursor)
    return {"items": found["items"], "next": pages.encode(last), "more": found["next"] is not None}
