"""Worker tasks of the shared layer. Tasks take ids, re-fetch and call services."""

from django.utils import timezone

from .models import WorkerHeartbeat


def heartbeat(**kwargs):
    """Record that a worker is alive (scheduled every minute, and on spawn)."""
    WorkerHeartbeat.objects.update_or_create(pk=1, defaults={"at": timezone.now()})


def send_notification_emails(ids):
    """E-mail each notification once: the row is claimed before sending, so a
    task that runs twice sends nothing the second time."""
    from django.core.mail import send_mail
    from django.db import transaction

    from .models import Notifikasi
    from .notify import absolute

    for pk in ids:
        with transaction.atomic():
            row = (
                Notifikasi.objects.select_for_update(skip_locked=True)
                .select_related("penerima")
                .filter(pk=pk, email_terkirim_pada__isnull=True)
                .first()
            )
            if row is None or not row.penerima.email:
                continue
            body = row.isi + (f"\n\n{absolute(row.tautan)}" if row.tautan else "")
            send_mail(row.judul, body, None, [row.penerima.email])
            row.email_terkirim_pada = timezone.now()
            row.save(update_fields=["email_terkirim_pada"])
