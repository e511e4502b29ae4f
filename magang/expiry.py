"""The sweep that expires applications the company did not answer within
their deadline (the worker's timer, and a student's next registration),
set-based: one statement however many applications move."""

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pkpk import audit
from pkpk.models import JenisNotifikasi
from pkpk.notify import composing

from .models import Pendaftaran, Peristiwa

Status = Pendaftaran.Status


# One statement moves every overdue application, writes its event, its
# audit entry (as auditlog would for a save(): the status before and after,
# who acted from pkpk.audit.stamp) and its notification; a second run finds
# nothing left to move.
_EXPIRE_SQL = """
WITH expired AS (
    UPDATE magang_pendaftaran SET status = 'kedaluwarsa'
    WHERE status = 'diajukan' AND batas_jawaban <= %(now)s {student_filter}
    RETURNING id, mahasiswa_id, perusahaan_id
), events AS (
    INSERT INTO magang_peristiwa (pendaftaran_id, mahasiswa_id, jenis, dari, ke, waktu, catatan)
    SELECT id, mahasiswa_id, 'kedaluwarsa', 'diajukan', 'kedaluwarsa', %(now)s, ''
    FROM expired
    RETURNING id, pendaftaran_id
), logged AS (
    INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, object_repr, action,
        changes_text, changes, actor_id, actor_email, cid, remote_addr, timestamp, additional_data)
    SELECT %(log_content_type_id)s, e.id::text, e.id,
           m.nim || ' → ' || c.nama || ' (' || %(log_status)s || ')', 1, '',
           '{{"status": ["diajukan", "kedaluwarsa"]}}'::jsonb, %(log_actor_id)s,
           %(log_actor_email)s, %(log_cid)s, %(log_remote_addr)s, %(now)s,
           %(log_additional_data)s::jsonb
    FROM expired e
    JOIN pkpk_mahasiswa m ON m.id = e.mahasiswa_id
    JOIN pkpk_perusahaan c ON c.id = e.perusahaan_id
)
INSERT INTO pkpk_notifikasi (penerima_id, jenis, kunci, judul, isi, tautan, dibuat, di_aplikasi)
SELECT m.user_id, %(jenis)s, 'magang.peristiwa:' || ev.id,
       replace(%(judul)s, '{{company}}', c.nama), %(isi)s,
       replace(%(tautan)s, '999999999', e.id::text), %(now)s, true
FROM expired e
JOIN events ev ON ev.pendaftaran_id = e.id
JOIN pkpk_mahasiswa m ON m.id = e.mahasiswa_id
JOIN pkpk_perusahaan c ON c.id = e.perusahaan_id
ON CONFLICT DO NOTHING
RETURNING id
"""


def expire_overdue(*, now=None, mahasiswa=None) -> int:
    """Move every `diajukan` application past its deadline to `kedaluwarsa`
    (or only `mahasiswa`'s), set-based; tell each student. Idempotent."""
    from django_q.tasks import async_task

    now = now or timezone.now()
    student_filter = "AND mahasiswa_id = %(student)s" if mahasiswa is not None else ""
    params = {
        "now": now,
        "student": getattr(mahasiswa, "pk", None),
        # Always in the app (a kind people act on); pkpk.notify.send_email
        # leaves out whoever turned its e-mail off.
        "jenis": JenisNotifikasi.BLOKIR_DIBUKA.value,
        "judul": _("No answer from {company}: you may register elsewhere"),
        "isi": _(
            "The company has not answered within 10 working days, so the application is "
            "now expired and you may register at another place. A late answer can still be "
            "recorded."
        ),
        "tautan": reverse("magang:detail", args=[999999999]),
    }
    with composing():
        # str(Pendaftaran) as auditlog would have written it, and why it moved.
        params["log_status"] = str(Status.KEDALUWARSA.label)
        with audit.noting(alasan=capfirst(str(Peristiwa.Jenis.KEDALUWARSA.label))):
            params.update({f"log_{k}": v for k, v in audit.stamp(Pendaftaran).items()})
    # One statement: inside a registration's transaction it needs no savepoint.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(_EXPIRE_SQL.format(student_filter=student_filter), params)
        ids = [row[0] for row in cursor.fetchall()]
        if ids:
            transaction.on_commit(lambda: async_task("pkpk.tasks.send_notification_emails", ids))
    return len(ids)
