"""Forgot password: the link's e-mail goes out by the worker after commit,
and asking is throttled per e-mail address and per client address."""

import pytest
from django.core import mail
from django.urls import reverse
from django_q.models import Task

from pkpk import password_reset

pytestmark = pytest.mark.django_db


def ask(client, email, **extra):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


def test_the_link_is_sent_by_the_worker_after_the_request_commits(
    client, settings, student_a, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://magang.example.ac.id"
    with django_capture_on_commit_callbacks() as queued:
        assert ask(client, student_a.user.email).status_code == 302
    assert mail.outbox == []  # nothing sent while the request ran
    assert len(queued) == 1
    queued[0]()  # the commit: the task is queued (and run inline by the test settings)
    task = Task.objects.get()
    assert (task.func, task.args, task.success) == (
        "pkpk.tasks.send_password_reset",
        (student_a.user.pk,),
        True,
    )
    (message,) = mail.outbox
    assert message.to == [student_a.user.email]
    assert "https://magang.example.ac.id/sandi/atur/" in message.body


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = ask(client, "siapa@example.test")
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert queued == []
    assert mail.outbox == []


@pytest.mark.usefixtures("clock_stopped")  # one rate-limit window throughout
def test_one_email_address_may_ask_a_few_times_in_any_spelling(client, student_a):
    email = student_a.user.email
    spellings = [email, email.upper(), f"  {email.title()} "]
    for spelling in spellings[: password_reset.LIMIT_PER_EMAIL]:
        assert ask(client, spelling).status_code == 302
    response = ask(client, email.capitalize())
    assert response.status_code == 429
    assert "Terlalu banyak permintaan tautan" in response.content.decode()
    assert '<html lang="id">' in response.content.decode()


@pytest.mark.usefixtures("clock_stopped")  # one rate-limit window throughout
def test_unknown_email_addresses_are_throttled_alike(client, db):
    for _n in range(password_reset.LIMIT_PER_EMAIL):
        assert ask(client, "siapa@example.test").status_code == 302
    assert ask(client, "siapa@example.test").status_code == 429


@pytest.mark.usefixtures("clock_stopped")  # one rate-limit window throughout
def test_one_client_address_may_ask_for_a_class_but_not_for_everyone(client, db):
    for n in range(password_reset.LIMIT_PER_ADDRESS):
        assert ask(client, f"mhs{n}@example.test", REMOTE_ADDR="10.2.0.1").status_code == 302
    assert ask(client, "lagi@example.test", REMOTE_ADDR="10.2.0.1").status_code == 429
    assert ask(client, "lagi@example.test", REMOTE_ADDR="10.2.0.2").status_code == 302


@pytest.mark.usefixtures("clock_stopped")  # one rate-limit window throughout
def test_behind_the_proxy_the_client_address_counts_not_the_forged_header(client, settings, db):
    settings.PROXY_COUNT = 1
    for n in range(password_reset.LIMIT_PER_ADDRESS):
        forwarded = f"10.3.3.{n}, 203.0.113.7"
        response = ask(
            client, f"mhs{n}@example.test", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=forwarded
        )
        assert response.status_code == 302
    forwarded = "10.3.3.250, 203.0.113.7"
    response = ask(client, "lagi@example.test", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=forwarded)
    assert response.status_code == 429


def test_a_new_password_from_the_link_lifts_the_lockout(
    client, student_a, django_capture_on_commit_callbacks
):
    for _n in range(5):
        client.post(reverse("login"), {"username": "3312501001", "password": "salah"})
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, student_a.user.email)
    link = next(line for line in mail.outbox[0].body.splitlines() if "/sandi/atur/" in line)
    response = client.get("/" + link.strip().split("://", 1)[1].split("/", 1)[1], follow=True)
    new = {"new_password1": "Sandi-Baru-Sekali-42", "new_password2": "Sandi-Baru-Sekali-42"}
    assert client.post(response.redirect_chain[-1][0], new).status_code == 302
    login = {"username": student_a.user.email.upper(), "password": "Sandi-Baru-Sekali-42"}
    assert client.post(reverse("login"), login).status_code == 302


def test_the_worker_sends_nothing_to_an_account_closed_meanwhile(student_a):
    student_a.user.is_active = False
    student_a.user.save()
    assert password_reset.send_link(user_id=student_a.user.pk) is False
    assert mail.outbox == []
