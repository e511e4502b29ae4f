"""The sweep that expires applications the company did not answer within
their deadline (the worker's timer, and a student's next registration),
set-based: one statement moves a student's application, or a chunk of the
worker's sweep.

The worker's sweep over many applications runs its chunks side by side on
CONNECTIONS connections, each chunk in a transaction of its own. Nearly all
of its time is the database's, row by row and on one core per statement:
index entries for the moved application, its event, its audit entry and its
notification, and the foreign-key checks at commit (measured: docs/benchmarks.md).
A chunk that fails leaves the others done; the next sweep, every five minutes,
takes what is left, and nothing is written twice."""

from concurrent.futures import ThreadPoolExecutor

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifikasi.models import JenisNotifikasi
from notifikasi.services import composing, notify_set
from pkpk import audit

from .models import EVENT_KEY_SOURCE, Pendaftaran, Peristiwa
from .rules import WORKING_DAYS_TO_ANSWER

Status = Pendaftaran.Status


# One statement moves every overdue application, writes its event, its
# audit entry (as auditlog would for a save(): the status before and after,
# who acted from pkpk.audit.stamp) and tells its student (the last CTE,
# `told`, is what notifikasi.services.notify_set inserts); a second run finds
# nothing left to move.
_EXPIRE_CTES = """
expired AS (
    -- The student and company are joined once, here, for every step below.
    UPDATE magang_pendaftaran p SET status = 'kedaluwarsa'
    FROM pkpk_mahasiswa m, pkpk_perusahaan c
    WHERE p.status = 'diajukan' AND p.batas_jawaban <= %(now)s {only}
      AND m.id = p.mahasiswa_id AND c.id = p.perusahaan_id
    RETURNING p.id, p.mahasiswa_id, m.user_id, m.nim, c.nama
), events AS (
    INSERT INTO magang_peristiwa (pendaftaran_id, mahasiswa_id, jenis, dari, ke, waktu, catatan)
    SELECT id, mahasiswa_id, 'kedaluwarsa', 'diajukan', 'kedaluwarsa', %(now)s, ''
    FROM expired
    RETURNING id, pendaftaran_id
), logged AS (
    INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, object_repr, action,
        changes_text, changes, actor_id, actor_email, cid, remote_addr, timestamp, additional_data)
    SELECT %(log_content_type_id)s, e.id::text, e.id,
           e.nim || ' → ' || e.nama || ' (' || %(log_status)s || ')', 1, '',
           '{{"status": ["diajukan", "kedaluwarsa"]}}'::jsonb, %(log_actor_id)s,
           %(log_actor_email)s, %(log_cid)s, %(log_remote_addr)s, %(now)s,
           %(log_additional_data)s::jsonb
    FROM expired e
), told AS (
    SELECT e.user_id AS penerima_id, ev.id AS event_id,
           replace(%(judul)s, '{{company}}', e.nama) AS judul, %(isi)s AS isi,
           replace(%(tautan)s, '999999999', e.id::text) AS tautan
    FROM expired e
    JOIN events ev ON ev.pendaftaran_id = e.id
)
"""


# Applications per chunk: a transaction of a third of a second or so, so a
# registration that waits for one of its rows waits no longer than that.
CHUNK = 5_000
# Connections the sweep uses at once: two keep both cores of a small
# database server busy and leave the pages theirs between chunks.
CONNECTIONS = 2


def expire_overdue(*, now=None, mahasiswa=None) -> int:
    """Move every `diajukan` application past its deadline to `kedaluwarsa`
    (or only `mahasiswa`'s), set-based; tell each student. Idempotent.
    Returns how many moved."""
    now = now or timezone.now()
    params = _params(now)
    if mahasiswa is not None:
        return _expire(params, "AND p.mahasiswa_id = %(student)s", student=mahasiswa.pk)
    if connection.in_atomic_block:
        # Inside the caller's transaction (and in tests): one statement
        # there, since other connections would not see its rows.
        return _expire(params, "")
    ids = list(
        Pendaftaran.objects.filter(status=Status.DIAJUKAN, batas_jawaban__lte=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    if len(chunks) <= 1:
        return sum(_expire(params, "AND p.id = ANY(%(ids)s)", ids=chunk) for chunk in chunks)
    with ThreadPoolExecutor(max_workers=CONNECTIONS) as pool:
        return sum(pool.map(lambda chunk: _expire_in_thread(params, chunk), chunks))


def _expire_in_thread(params, chunk) -> int:
    try:
        return _expire(params, "AND p.id = ANY(%(ids)s)", ids=chunk)
    finally:
        connection.close()  # this thread's own connection


def _params(now) -> dict:
    """The statement's parameters, composed once in the caller's thread:
    the active language, the audit actor and the request id are its."""
    params = {"now": now, "tautan": reverse("magang:detail", args=[999999999])}
    with composing():
        params["judul"] = _("No answer from {company}: you may register elsewhere")
        params["isi"] = ngettext(
            "The company has not answered within %(days)s working day, so the application "
            "is now expired and you may register at another place. A late answer can still "
            "be recorded.",
            "The company has not answered within %(days)s working days, so the application "
            "is now expired and you may register at another place. A late answer can still "
            "be recorded.",
            WORKING_DAYS_TO_ANSWER,
        ) % {"days": WORKING_DAYS_TO_ANSWER}
        # str(Pendaftaran) as auditlog would have written it, and why it moved.
        params["log_status"] = str(Status.KEDALUWARSA.label)
        with audit.noting(alasan=capfirst(str(Peristiwa.Jenis.KEDALUWARSA.label))):
            params.update({f"log_{k}": v for k, v in audit.stamp(Pendaftaran).items()})
    return params


def _expire(params, only, **extra) -> int:
    """One statement over the overdue applications `only` narrows down."""
    # Inside a registration's transaction it needs no savepoint. Always in
    # the app (a kind people act on); notifikasi.emails.send_email leaves
    # out whoever turned its e-mail off.
    with transaction.atomic(savepoint=False):
        # The planner guesses the CTEs' joins at millions of rows and would
        # spend a third of a second compiling them (JIT) for each chunk.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        ids = notify_set(
            ctes=_EXPIRE_CTES.format(only=only),
            params={**params, **extra},
            jenis=JenisNotifikasi.BLOKIR_DIBUKA,
            source=EVENT_KEY_SOURCE,
            now=params["now"],
        )
    return len(ids)
