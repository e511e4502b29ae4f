"""Telling people things: a row in their notification list, and an e-mail
sent by the worker once the transaction that caused it has committed. One
notification per person and event (`kunci`), and only what the person left
on in their notification settings."""

from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_q.tasks import async_task

from . import outbox, roles
from .models import KINDS, JenisNotifikasi, Notifikasi, PreferensiNotifikasi, User

# ON CONFLICT DO NOTHING: the partial unique constraint (penerima, kunci)
# skips an event already told; RETURNING names only the rows written now.
_INSERT_SQL = """
INSERT INTO pkpk_notifikasi (penerima_id, jenis, kunci, judul, isi, tautan, dibuat, di_aplikasi)
VALUES {values}
ON CONFLICT DO NOTHING
RETURNING id, penerima_id
"""


@contextmanager
def composing():
    """Build a notification's text inside this: it is written in the
    system's language (Indonesian), not in the language of whoever's request
    caused it. The text is stored and read later by someone else, and a
    person has no language of their own on record.

        with composing():
            notify(users=[...], judul=_("..."), isi=_("..."), ...)
    """
    with translation.override(settings.LANGUAGE_CODE):
        yield


def notify(*, users, jenis, judul, isi, tautan="", kunci="", email=True):
    """Notify each of `users` of one event of kind `jenis`; returns the rows
    written. A person who was already told of `kunci` gets nothing again.
    A person who turned the kind off gets no row (in the app) or no e-mail;
    a kind people must act on always shows in the app. E-mails go out after
    commit, by the worker."""
    info = KINDS[jenis]
    users = list({u.pk: u for u in users}.values())
    if not users:
        return []
    prefs = {
        p.pengguna_id: p
        for p in PreferensiNotifikasi.objects.filter(pengguna__in=users, jenis=jenis)
    }
    now = timezone.now()
    wanted, by_email = [], set()
    for user in users:
        pref = prefs.get(user.pk)
        in_app = info.essential or pref is None or pref.di_aplikasi
        mailed = email and info.emailed and (pref is None or pref.email)
        if not (in_app or mailed):
            continue
        wanted.append(
            Notifikasi(
                penerima=user,
                jenis=jenis,
                kunci=kunci,
                judul=judul,
                isi=isi,
                tautan=tautan,
                dibuat=now,
                di_aplikasi=in_app,
            )
        )
        if mailed:
            by_email.add(user.pk)
    rows = _insert(wanted)
    ids = [row.pk for row in rows if row.penerima_id in by_email]
    if ids:
        transaction.on_commit(lambda: async_task("pkpk.tasks.send_notification_emails", ids))
    return rows


def _insert(rows):
    if not rows:
        return []
    params = []
    for row in rows:
        params += [
            row.penerima_id,
            str(row.jenis),
            row.kunci,
            row.judul,
            row.isi,
            row.tautan,
            row.dibuat,
            row.di_aplikasi,
        ]
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_SQL.format(values=values), params)
        written = {penerima_id: pk for pk, penerima_id in cursor.fetchall()}
    kept = []
    for row in rows:
        if row.penerima_id in written:
            row.pk = written.pop(row.penerima_id)
            row._state.adding = False
            kept.append(row)
    return kept


def absolute(path):
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def safe_link(tautan):
    """A stored link the notification centre may redirect to: a path on this
    site, never another host."""
    return tautan.startswith("/") and url_has_allowed_host_and_scheme(tautan, allowed_hosts=set())


# Reading ------------------------------------------------------------------------


def mark_read(*, notifikasi):
    """Mark one notification read (once: the first time stays)."""
    if notifikasi.dibaca_pada is None:
        notifikasi.dibaca_pada = timezone.now()
        Notifikasi.objects.filter(pk=notifikasi.pk, dibaca_pada__isnull=True).update(
            dibaca_pada=notifikasi.dibaca_pada
        )
    return notifikasi


def mark_all_read(*, user) -> int:
    return Notifikasi.objects.shown_to(user).unread().update(dibaca_pada=timezone.now())


# Settings -----------------------------------------------------------------------


def kinds_for(user):
    """The kinds a person may receive, from their roles, in the order of
    the choices."""
    names = roles.group_names(user)
    return [jenis for jenis, info in KINDS.items() if info.role in names]


def preferences_of(user):
    """{jenis: (in the app, by e-mail)} for every kind the person may receive."""
    stored = {p.jenis: p for p in PreferensiNotifikasi.objects.filter(pengguna=user)}
    result = {}
    for jenis in kinds_for(user):
        pref = stored.get(jenis)
        result[jenis] = (pref.di_aplikasi, pref.email) if pref else (True, True)
    return result


def save_preferences(*, user, choices):
    """Store what `user` turned off: `choices` maps each kind to (in the app,
    by e-mail). A kind left fully on keeps no row; a kind people must act on
    stays in the app, and a kind never e-mailed keeps its e-mail on."""
    allowed = set(kinds_for(user))
    with transaction.atomic():
        for jenis, (in_app, by_email) in choices.items():
            if jenis not in allowed:
                continue
            info = KINDS[jenis]
            in_app = bool(in_app) or info.essential
            by_email = bool(by_email) or not info.emailed
            if in_app and by_email:
                PreferensiNotifikasi.objects.filter(pengguna=user, jenis=jenis).delete()
                continue
            PreferensiNotifikasi.objects.update_or_create(
                pengguna=user, jenis=jenis, defaults={"di_aplikasi": in_app, "email": by_email}
            )


# E-mail (the worker) --------------------------------------------------------------


def send_email(pk) -> bool:
    """E-mail one notification, once: the row is claimed before sending, so
    a task that runs twice sends nothing the second time. Nothing goes to a
    person without an address or who turned the kind's e-mail off (also
    after the row was written). A failed send is tried again later
    (pkpk.outbox); after the last try staff are told. Returns whether it sent."""
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
            kunci=f"pkpk.email_gagal:{day.isoformat()}",
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
        "pkpk.notifikasi",
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
        text = render_to_string("email/notification.txt", context)
        html = render_to_string("email/notification.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(row.judul.split()),  # a header: no line breaks
        body=text,
        to=[row.penerima.email],
        headers={"List-Unsubscribe": f"<{settings_url}>"},
    )
    message.attach_alternative(html, "text/html")
    return message
