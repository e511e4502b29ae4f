"""A notification e-mail the mail server refuses is tried again after 1, 5,
15 and 60 minutes; after the fifth try it is marked failed, listed for
staff, and staff are told once a day (a server that is down fails many at
once). Django's SMTP backend talks to a real local server; time-machine
moves the clock."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from notifikasi import services as notifications
from notifikasi.models import JenisNotifikasi, Notifikasi
from notifikasi.tasks import retry_notification_emails, send_notification_emails
from tests.support.clock import WIB
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=WIB)
PAUSES = [1, 5, 15, 60]


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def tell(user, kunci, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [row] = notifications.notify(
            users=[user],
            jenis=JenisNotifikasi.PENDAFTARAN,
            kunci=kunci,
            judul="Pendaftaran ke PT Maju tercatat",
            isi="Pendaftaran Anda menunggu jawaban perusahaan.",
            tautan="/magang/1/",
        )
    return row


def sweep_through_every_pause(clock):
    minute = 0
    for pause in PAUSES:
        minute += pause
        clock.move_to(T0 + dt.timedelta(minutes=minute))
        retry_notification_emails()
    return minute


def test_a_refused_notification_email_is_tried_again_then_marked_failed(
    clock, smtp_server, student_a, staff, django_capture_on_commit_callbacks
):
    row = tell(student_a.user, "magang.peristiwa:1", django_capture_on_commit_callbacks)

    row.refresh_from_db()
    assert row.percobaan == 1 and row.coba_lagi_pada == T0 + dt.timedelta(minutes=1)
    assert "451" in row.galat and row.email_terkirim_pada is None

    clock.move_to(T0 + dt.timedelta(seconds=59))
    assert retry_notification_emails() == 0
    assert smtp_server.connections == 1

    last = sweep_through_every_pause(clock)

    row.refresh_from_db()
    assert row.percobaan == 5 and row.gagal_pada == T0 + dt.timedelta(minutes=last)
    assert row.coba_lagi_pada is None and smtp_server.connections == 5
    alert = Notifikasi.objects.get(jenis=JenisNotifikasi.EMAIL_GAGAL)
    assert alert.penerima == staff and alert.tautan == reverse("notifications:undelivered")
    assert student_a.user.email in alert.isi and "451" in alert.isi
    assert alert.email_terkirim_pada is None  # never e-mailed: the mail server is what failed

    # Given up: neither the sweep nor a late task sends it again.
    clock.move_to(T0 + dt.timedelta(days=1))
    assert retry_notification_emails() == 0
    send_notification_emails([row.pk])
    assert smtp_server.connections == 5


def test_a_retry_that_succeeds_sends_once(
    clock, smtp_server, student_a, django_capture_on_commit_callbacks
):
    row = tell(student_a.user, "magang.peristiwa:1", django_capture_on_commit_callbacks)
    smtp_server.refusing = False

    send_notification_emails([row.pk])  # the first task again, before its pause: nothing
    clock.move_to(T0 + dt.timedelta(minutes=1))
    assert retry_notification_emails() == 1
    assert retry_notification_emails() == 0

    row.refresh_from_db()
    assert row.email_terkirim_pada == T0 + dt.timedelta(minutes=1) and row.percobaan == 2
    [message] = smtp_server.received
    assert message["To"] == student_a.user.email


def test_staff_are_told_once_a_day_however_many_fail(
    client, clock, smtp_server, student_a, student_b, staff, django_capture_on_commit_callbacks
):
    tell(student_a.user, "magang.peristiwa:1", django_capture_on_commit_callbacks)
    tell(student_b.user, "magang.peristiwa:2", django_capture_on_commit_callbacks)

    sweep_through_every_pause(clock)

    assert Notifikasi.objects.filter(gagal_pada__isnull=False).count() == 2
    assert Notifikasi.objects.filter(jenis=JenisNotifikasi.EMAIL_GAGAL).count() == 1
    client.force_login(staff)
    listed = page_text(client.get(reverse("notifications:undelivered")))
    assert student_a.user.email in listed and student_b.user.email in listed
    assert "Pendaftaran ke PT Maju tercatat" in listed
