"""notifikasi.services.notify_set, the set-based notify() of sweeps: it
writes the rows and sends the e-mails notify() would for the same people and
settings, keys each row as event_key() does, and tells nobody twice."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifikasi.models import JenisNotifikasi, Notifikasi, PreferensiNotifikasi
from notifikasi.services import event_key, notify, notify_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
J = JenisNotifikasi

# Every one of `users` told of event 1, as a sweep's last CTE does.
TOLD = """told AS (
    SELECT u.id AS penerima_id, 1 AS event_id, %(judul)s AS judul, %(isi)s AS isi,
           %(tautan)s AS tautan
    FROM pkpk_user u WHERE u.id = ANY(%(users)s)
)"""
TEXT = {"judul": "Surat siap", "isi": "Surat Anda sudah terbit.", "tautan": "/surat/1/"}


@pytest.fixture
def people():
    """One with everything on, one who hid the kind in the app but kept its
    e-mail, and one who turned both off."""
    everything, app_off, all_off = UserFactory.create_batch(3)
    for user, app, email in [(app_off, False, True), (all_off, False, False)]:
        PreferensiNotifikasi.objects.create(
            pengguna=user, jenis=J.DISEBUT, di_aplikasi=app, email=email
        )
    return [everything, app_off, all_off]


def told_by_notify(users, jenis):
    notify(users=users, jenis=jenis, kunci=event_key("by.notify", 1), **TEXT)
    return _written("by.notify")


def told_by_notify_set(users, jenis):
    params = {**TEXT, "users": [u.pk for u in users]}
    with transaction.atomic():
        notify_set(ctes=TOLD, params=params, jenis=jenis, source="by.set", now=timezone.now())
    return _written("by.set")


def _written(source):
    rows = Notifikasi.objects.filter(kunci=event_key(source, 1))
    return sorted(rows.values_list("penerima_id", "jenis", "judul", "isi", "tautan", "di_aplikasi"))


@pytest.mark.parametrize("jenis", [J.DISEBUT, J.SURAT_SIAP])
def test_it_writes_the_rows_notify_writes(people, jenis, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        expected = told_by_notify(people, jenis)
    mailed_by_notify = sorted(m.to[0] for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        written = told_by_notify_set(people, jenis)

    assert written == expected
    assert sorted(m.to[0] for m in mail.outbox) == mailed_by_notify


def test_a_kind_people_may_hide_is_left_out_for_whoever_turned_it_all_off(people):
    everything, app_off, all_off = people
    written = {row[0]: row[-1] for row in told_by_notify_set(people, J.DISEBUT)}
    assert written == {everything.pk: True, app_off.pk: False}


def test_running_it_again_tells_nobody_twice(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = told_by_notify_set(people, J.SURAT_SIAP)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = told_by_notify_set(people, J.SURAT_SIAP)

    assert again == first and len(first) == 3
    assert mail.outbox == []


def test_it_keys_each_row_as_event_key_does():
    assert event_key("magang.peristiwa", 42) == "magang.peristiwa:42"
    assert event_key("surat.jam", 7, "lewat") == "surat.jam:7:lewat"
    user = UserFactory()
    with transaction.atomic():
        notify_set(
            ctes=TOLD,
            params={**TEXT, "users": [user.pk]},
            jenis=J.SURAT_SIAP,
            source="surat.surat",
            now=timezone.now(),
        )
    assert Notifikasi.objects.get(penerima=user).kunci == event_key("surat.surat", 1)
