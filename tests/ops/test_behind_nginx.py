"""The client's address as production sees it: Debian's nginx, configured by
deploy/pkpk.nginx.conf, in front of gunicorn on a Unix socket (so Django gets
no REMOTE_ADDR), PROXY_COUNT=1. Both servers run for real against the test
database, started and stopped here.

The test connects from two loopback addresses (127.0.0.1 and 127.0.0.2),
which nginx sees as two clients; what a client writes into X-Forwarded-For
must not change who it is."""

import os
import shutil
import tempfile

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from django.utils.crypto import get_random_string

from magang.models import Pendaftaran
from surat import limits
from tests.factories import PASSWORD
from tests.support.nginx import BINARY as NGINX
from tests.support.nginx import nginx_command
from tests.support.ops import (
    HONEST,
    OTHER,
    Browser,
    answers,
    clear_of_window_end,
    free_port,
    spawn,
    start_gunicorn,
    stop,
    wait_for,
)

pytestmark = [pytest.mark.nginx, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def nginx_binary():
    if NGINX is None:
        message = "Debian's nginx is not installed (bin/setup dev installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI runs bin/setup dev: it must be there
        pytest.skip(message)
    return NGINX


@pytest.fixture
def site(nginx_binary, test_database, media):
    """gunicorn on a Unix socket and nginx on a free local port in front;
    yields the port. A short folder of its own: a socket path has at most
    107 characters."""
    folder = tempfile.mkdtemp(prefix="pkpk-nginx-")
    sock = os.path.join(folder, "gunicorn.sock")
    port = free_port()
    processes = []
    try:
        processes.append(start_gunicorn(f"unix:{sock}", folder, test_database, media))
        wait_for(lambda: os.path.exists(sock), "gunicorn's socket", processes[0], folder)
        processes.append(start_nginx(nginx_binary, folder, port, sock))
        wait_for(lambda: answers(port), "nginx", processes[1], folder)
        yield port
    finally:
        for process in reversed(processes):
            stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def start_nginx(binary, folder, port, sock):
    command = nginx_command(binary, folder, port, [f"unix:{sock}"])
    return spawn(command, os.environ, os.path.join(folder, "nginx.log"))


def production_password(user):
    """The production settings know no MD5 (the test settings' fast hasher)."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, get_random_string(12))
    user.save(update_fields=["password"])


def test_an_honest_client_is_seen_as_itself_in_the_lockout_and_the_audit_trail(
    site, staff, pendaftaran_a
):
    production_password(staff)
    browser = Browser(site)
    assert browser.sign_in(staff.username, "salah") == 200
    assert AccessAttempt.objects.get().ip_address == HONEST
    assert browser.sign_in(staff.username, PASSWORD, forwarded="6.6.6.6") == 302
    path = reverse("magang:staff_record_answer", args=[pendaftaran_a.pk])
    status, _text = browser.post_form(path, {"hasil": "diterima"}, forwarded="6.6.6.6")
    assert status == 302
    assert Pendaftaran.objects.get(pk=pendaftaran_a.pk).status == "diterima"
    entry = LogEntry.objects.filter(object_pk=str(pendaftaran_a.pk), actor=staff).last()
    assert entry.remote_addr == HONEST


def test_failed_sign_ins_lock_one_student_from_one_client_only(site, student_a, student_b):
    for mahasiswa in (student_a, student_b):
        production_password(mahasiswa.user)
    attacker, other = Browser(site), Browser(site, OTHER)
    for attempt in range(5):
        # A fresh forged address every time: still one client to Django.
        attacker.sign_in(student_a.nim, "salah", forwarded=f"203.0.113.{attempt}")
    assert attacker.sign_in(student_a.user.email.upper(), PASSWORD) == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HONEST}
    assert Browser(site).sign_in(student_b.nim, PASSWORD) == 302
    assert other.sign_in(student_a.nim, PASSWORD) == 302


def test_the_verification_limit_is_per_client_whatever_it_forwards(site, db):
    client, other = Browser(site), Browser(site, OTHER)
    clear_of_window_end(60, margin=20)  # the whole burst in one minute's budget
    for attempt in range(limits.VERIFY.per_ip_minute):
        # Codes one by one (the per-code budget is not what is tested here).
        status, _text = client.request(
            "GET", f"/v/ZZZZ{attempt:04d}", forwarded=f"10.0.0.{attempt}"
        )
        assert status == 404
    assert client.request("GET", "/verifikasi/tebakan/", forwarded="10.9.9.9")[0] == 429
    assert other.request("GET", "/verifikasi/tebakan/")[0] == 404


@pytest.mark.parametrize("prefix", ["/v/", "/p/"])
def test_nginx_stops_a_flood_of_the_short_addresses(site, db, prefix):
    # 60 (or 120) a minute with a burst of 60: of 130 at once, nginx answers some.
    answers = [Browser(site).request("GET", f"{prefix}Z{n:07d}") for n in range(130)]
    assert sum("nginx" in text for status, text in answers if status == 429) >= 60
    assert {status for status, _text in answers} <= {404, 429}


def test_nginx_answers_429_to_a_burst_of_sign_ins(site, db):
    # 30 a minute with a burst of 20: of 40 POSTs at once, at least the
    # last ten are nginx's 429 (the others reach Django, which refuses them
    # without a CSRF token and counts no sign-in).
    answers = [Browser(site).request("POST", "/masuk/", {"username": "x"}) for _ in range(40)]
    statuses = [status for status, _text in answers]
    assert statuses.count(429) >= 10
    assert all("nginx" in text for status, text in answers if status == 429)
    assert set(statuses) <= {403, 429}
    # Reading the page is not limited, and the other client is its own.
    assert Browser(site).request("GET", "/masuk/")[0] == 200
    assert Browser(site, OTHER).request("POST", "/masuk/", {"username": "x"})[0] == 403
