"""Notification e-mails, sent by the worker after the row is written: once
per row, tried again when the mail server fails (pkpk.lib.outbox), and
staff told when the last try failed."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pkpk import roles
from pkpk.lib import outbox
from pkpk.models import User

from .models import KINDS, JenisNotifikasi, Notifikasi, PreferensiNotifikasi
from .services import absolute, composing, event_key, notify, safe_link


def send_email(pk) -> bool:
    """E-mail one notification, once: the row is claimed before sending, so
    a task that runs twice sends nothing the second time. Nothing goes to a
    person without an address or who turned the kind's e-mail off (also
    after the row was written). A failed send is tried again later
    (pkpk.lib.outbox); after the last try staff are told. Returns whether it sent."""
    now = timezone.now()
    with transaction.atomic():
        row = outbox.claim(
            Notifikasi.objects.select_related("penerima"),
            pk=pk,
            sent_field="email_terkirim_pada",
            now=now,
        )
        if row is None or not row.penerima.email or not KINDS[row.jenis].emailed:
            return False
        turned_off = PreferensiNotifikasi.objects.filter(
            pengguna=row.penerima, jenis=row.jenis, email=False
        )
        if turned_off.exists():
            return False
        outcome = outbox.send(row, email_message(row), sent_field="email_terkirim_pada", now=now)
        if outcome == outbox.FAILED:
            _tell_staff_undelivered(row, now)
    return outcome == outbox.SENT


def retry_emails() -> int:
    """Send again each notification e-mail whose next try is due (the
    worker's timer); returns how many went out."""
    due = outbox.retries_due(Notifikasi.objects.all(), sent_field="email_terkirim_pada")
    return sum(send_email(pk) for pk in due)


def _tell_staff_undelivered(row, now):
    """In the app, once a day however many fail (a mail server that is down
    fails them all): staff look at the list of undelivered e-mails."""
    day = timezone.localdate(now)
    with composing():
        notify(
            users=User.objects.filter(groups__name=roles.STAF, is_active=True),
            jenis=JenisNotifikasi.EMAIL_GAGAL,
            # Named before notifications had their own app: kept, as keys are stored.
            kunci=event_key("pkpk.email_gagal", day.isoformat()),
            judul=_("Notification e-mails could not be sent"),
            isi=_(
                "The e-mail to %(email)s (%(title)s) still failed after %(n)s tries: %(error)s. "
                "Others may have failed too: see the list of undelivered e-mails."
            )
            % {
                "email": row.penerima.email,
                "title": row.judul,
                "n": row.percobaan,
                "error": row.galat,
            },
            tautan=reverse("notifications:undelivered"),
        )


def _describe(row):
    return row.penerima.email, row.judul, ""


def register_outbox():
    outbox.register(
        "notifikasi.notifikasi",
        label=gettext_lazy("Notification"),
        queryset=lambda: Notifikasi.objects.select_related("penerima"),
        describe=_describe,
        sent_field="email_terkirim_pada",
    )


def email_message(row) -> EmailMultiAlternatives:
    """The e-mail of a notification: plain text and HTML, in the site's
    language, with a link to the person's notification settings."""
    settings_url = absolute(reverse("notifications:settings"))
    context = {
        "nama": row.penerima.nama or row.penerima.get_username(),
        "judul": row.judul,
        "isi": row.isi,
        "tautan": absolute(row.tautan) if safe_link(row.tautan) else "",
        "settings_url": settings_url,
    }
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("notifikasi/email/notification.txt", context)
        html = render_to_string("notifikasi/email/notification.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(row.judul.split()),  # a header: no line breaks
        body=text,
        to=[row.penerima.email],
        headers={"List-Unsubscribe": f"<{settings_url}>"},
    )
    message.attach_alternative(html, "text/html")
    return message
