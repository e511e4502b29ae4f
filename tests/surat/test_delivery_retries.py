"""A letter e-mail the mail server refuses is tried again after 1, 5, 15
and 60 minutes (pkpk.lib.outbox), the last error kept; after the fifth try it is
marked failed, the staff member who sent it is told, and the letter page and
the list of undelivered e-mails show it. Django's SMTP backend talks to a
real local server (tests/support/mail.py); time-machine moves the clock."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext

from notifikasi.models import Notifikasi
from pkpk import schedules
from surat import company_tasks
from surat.company import services as company_services
from surat.models import Pengiriman
from tests.support.clock import WIB
from tests.support.pages import page_text, user_of

pytestmark = pytest.mark.django_db

COMPANY = "hrd@mitra.example.test"
T0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=WIB)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def queue(letter, staff, django_capture_on_commit_callbacks):
    """Staff send the letter; the worker's first try runs after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        return company_services.send_to_company(surat=letter, email=COMPANY, by=staff)


def at_minute(clock, minutes):
    clock.move_to(T0 + dt.timedelta(minutes=minutes))


def test_a_refused_letter_is_tried_again_with_growing_pauses_then_marked_failed(
    clock, smtp_server, letter_a, staff, django_capture_on_commit_callbacks
):
    pengiriman = queue(letter_a, staff, django_capture_on_commit_callbacks)

    pengiriman.refresh_from_db()
    assert (pengiriman.percobaan, pengiriman.terkirim_pada) == (1, None)
    assert pengiriman.coba_lagi_pada == T0 + dt.timedelta(minutes=1)
    assert "451" in pengiriman.galat and "SMTP" in pengiriman.galat

    # Not due yet: the sweep leaves it.
    at_minute(clock, 0.5)
    assert company_tasks.retry_letter_emails() == 0
    assert smtp_server.connections == 1

    tries = [(1, 2, 5), (6, 3, 15), (21, 4, 60)]  # (minute, attempts after it, next pause)
    for minute, attempts, pause in tries:
        at_minute(clock, minute)
        assert company_tasks.retry_letter_emails() == 0
        pengiriman.refresh_from_db()
        assert pengiriman.percobaan == attempts
        assert pengiriman.coba_lagi_pada == T0 + dt.timedelta(minutes=minute + pause)
        assert pengiriman.gagal_pada is None
        assert not Notifikasi.objects.filter(jenis="email_gagal").exists()

    at_minute(clock, 81)
    company_tasks.retry_letter_emails()

    pengiriman.refresh_from_db()
    assert pengiriman.percobaan == 5 and pengiriman.gagal_pada == T0 + dt.timedelta(minutes=81)
    assert pengiriman.coba_lagi_pada is None and pengiriman.terkirim_pada is None
    assert smtp_server.connections == 5 and smtp_server.received == []
    alert = Notifikasi.objects.get(jenis="email_gagal")
    assert alert.penerima == staff
    assert alert.tautan == reverse("surat:detail", args=[letter_a.pk])
    assert letter_a.nomor in alert.judul and COMPANY in alert.judul
    assert "451" in alert.isi

    # Given up: later sweeps and a late run of the first task send nothing.
    at_minute(clock, 500)
    assert company_tasks.retry_letter_emails() == 0
    assert company_tasks.send_letter_email(pengiriman.pk) is False
    assert smtp_server.connections == 5


def test_a_later_try_that_succeeds_sends_the_letter_once(
    clock, smtp_server, letter_a, staff, django_capture_on_commit_callbacks
):
    pengiriman = queue(letter_a, staff, django_capture_on_commit_callbacks)
    smtp_server.refusing = False

    # A retried first task before the pause is over does nothing.
    assert company_tasks.send_letter_email(pengiriman.pk) is False
    at_minute(clock, 1)
    assert company_tasks.retry_letter_emails() == 1
    assert company_tasks.retry_letter_emails() == 0
    assert company_tasks.send_letter_email(pengiriman.pk) is False

    pengiriman.refresh_from_db()
    assert pengiriman.terkirim_pada == T0 + dt.timedelta(minutes=1)
    assert pengiriman.percobaan == 2 and pengiriman.coba_lagi_pada is None
    [message] = smtp_server.received
    assert message["To"] == COMPANY and letter_a.nomor in message["Subject"]
    assert not Notifikasi.objects.filter(jenis="email_gagal").exists()


def test_a_closed_port_counts_as_a_failed_try(
    clock, closed_port, letter_a, staff, django_capture_on_commit_callbacks
):
    pengiriman = queue(letter_a, staff, django_capture_on_commit_callbacks)

    pengiriman.refresh_from_db()
    assert pengiriman.percobaan == 1 and "ConnectionRefusedError" in pengiriman.galat
    assert pengiriman.coba_lagi_pada == T0 + dt.timedelta(minutes=1)


def test_staff_see_the_tries_and_the_failure_on_the_letter_page_and_the_list(
    client, clock, smtp_server, letter_a, staff, django_capture_on_commit_callbacks
):
    pengiriman = queue(letter_a, staff, django_capture_on_commit_callbacks)
    client.force_login(staff)

    text = page_text(client.get(reverse("surat:detail", args=[letter_a.pk])))
    assert gettext("trying again") in text and "451" in text
    listed = page_text(client.get(reverse("notifications:undelivered")))
    assert COMPANY in listed and letter_a.nomor in listed and "1/5" in listed

    Pengiriman.objects.filter(pk=pengiriman.pk).update(percobaan=4)
    at_minute(clock, 1)
    company_tasks.retry_letter_emails()

    text = page_text(client.get(reverse("surat:detail", args=[letter_a.pk])))
    assert gettext("failed") in text and gettext("trying again") not in text
    listed = page_text(client.get(reverse("notifications:undelivered")))
    assert gettext("failed") in listed and "5/5" in listed
    # The alert in the staff member's notifications leads to the letter.
    alert = Notifikasi.objects.get(jenis="email_gagal", penerima=staff)
    response = client.post(reverse("notifications:open", args=[alert.pk]))
    assert response.url == reverse("surat:detail", args=[letter_a.pk])


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_only_staff_see_the_list(client, request, who):
    client.force_login(user_of(request, who))
    assert client.get(reverse("notifications:undelivered")).status_code == 403


def test_the_retry_sweeps_are_timers_of_the_worker():
    assert schedules.SCHEDULES["surat.delivery_retries"] == (
        "surat.company_tasks.retry_letter_emails",
        1,
    )
    assert schedules.SCHEDULES["notifikasi.email_retries"] == (
        "notifikasi.tasks.retry_notification_emails",
        1,
    )
