"""Telling people things: a row in their notification list, and an e-mail
sent by the worker once the transaction that caused it has committed."""

from django.conf import settings
from django.db import transaction
from django_q.tasks import async_task

from .models import Notifikasi


def notify(*, users, judul, isi, tautan="", email=True):
    """Notify each of `users`; returns the rows. E-mails go out after commit."""
    rows = Notifikasi.objects.bulk_create(
        [Notifikasi(penerima=u, judul=judul, isi=isi, tautan=tautan) for u in users]
    )
    if email:
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: async_task("pkpk.tasks.send_notification_emails", ids))
    return rows


def absolute(path):
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path
