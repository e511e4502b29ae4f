"""Telling people things: a row in their notification list, and an e-mail
sent by the worker once the transaction that caused it has committed. One
notification per person and event (`kunci`, built by event_key), and only
what the person left on in their notification settings."""

from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django_q.tasks import async_task

from pkpk import roles

from .models import KINDS, Notifikasi, PreferensiNotifikasi

# The task that e-mails notifications (notifikasi.emails.send_email), queued
# with the ids of the rows written.
SEND_TASK = "notifikasi.tasks.send_notification_emails"

# ON CONFLICT DO NOTHING: the partial unique constraint (penerima, kunci)
# skips an event already told; RETURNING names only the rows written now.
_INSERT_SQL = """
INSERT INTO {table} (penerima_id, jenis, kunci, judul, isi, tautan, dibuat, di_aplikasi)
VALUES {values}
ON CONFLICT DO NOTHING
RETURNING id, penerima_id
"""


def event_key(source, *parts) -> str:
    """The key (`kunci`) of one event people are told of once: where it
    comes from (app and record, "magang.peristiwa"), the record's id, and
    any part that tells one record's events apart ("surat.jam:7:lewat").
    notify_set() builds the same key in SQL."""
    return ":".join([source, *(str(part) for part in parts)])


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
        transaction.on_commit(lambda: async_task(SEND_TASK, ids))
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
        cursor.execute(_INSERT_SQL.format(table=Notifikasi._meta.db_table, values=values), params)
        written = {penerima_id: pk for pk, penerima_id in cursor.fetchall()}
    kept = []
    for row in rows:
        if row.penerima_id in written:
            row.pk = written.pop(row.penerima_id)
            row._state.adding = False
            kept.append(row)
    return kept


# The set-based notify(): one INSERT ... SELECT for the rows a sweep
# produces in SQL, so a sweep that moves thousands of records tells their
# people in the same statement, without reading them into Python. It applies
# the settings as notify() does (tests/notifikasi/test_notify_set.py checks
# the two agree); send_email leaves out whoever turned the kind's e-mail off.
_INSERT_SELECT_SQL = """
WITH {ctes}
INSERT INTO {table} (penerima_id, jenis, kunci, judul, isi, tautan, dibuat, di_aplikasi)
SELECT t.penerima_id, %(notify_jenis)s, %(notify_source)s || ':' || t.event_id,
       t.judul, t.isi, t.tautan, %(notify_now)s,
       %(notify_essential)s OR coalesce(p.di_aplikasi, true)
FROM told t
LEFT JOIN {preferences} p ON p.pengguna_id = t.penerima_id AND p.jenis = %(notify_jenis)s
WHERE %(notify_essential)s OR coalesce(p.di_aplikasi, true)
   OR (%(notify_emailed)s AND coalesce(p.email, true))
ON CONFLICT DO NOTHING
RETURNING id
"""


def notify_set(*, ctes, params, jenis, source, now) -> list[int]:
    """Notify, in one statement, every row of the SQL `ctes`: the body of a
    WITH clause (the caller's own data-modifying steps may come first) that
    defines `told(penerima_id, event_id, judul, isi, tautan)`. Each row is
    keyed event_key(source, event_id), so a sweep that runs again tells
    nobody twice. `params` are the ctes' own (pyformat, %(name)s); the
    names starting with notify_ are this function's. Returns the ids of the
    rows written; their e-mails go out after commit. Call inside a
    transaction."""
    info = KINDS[jenis]
    sql = _INSERT_SELECT_SQL.format(
        ctes=ctes,
        table=Notifikasi._meta.db_table,
        preferences=PreferensiNotifikasi._meta.db_table,
    )
    params = {
        **params,
        "notify_jenis": str(jenis),
        "notify_source": source,
        "notify_now": now,
        "notify_essential": info.essential,
        "notify_emailed": info.emailed,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    if ids and info.emailed:
        transaction.on_commit(lambda: async_task(SEND_TASK, ids))
    return ids


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
