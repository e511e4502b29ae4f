"""Errors reach Sentry (or GlitchTip) when SENTRY_DSN is set: a real gunicorn
and a real qcluster, configured by the production settings, send their
reports to a small envelope server on 127.0.0.1, and the passwords a form
posted never leave the host."""

import contextlib
import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest
from django_q.models import Schedule
from django_q.tasks import async_task

from pkpk import errors
from tests.support.ops import ROOT, manage_env

PASSWORD = "Rahasia-Sekali-123"
NEW_PASSWORD = "Rahasia-Baru-456"
DECODERS = {"gzip": gzip.decompress, "br": brotli.decompress, "": lambda body: body}


class EnvelopeServer(ThreadingHTTPServer):
    """Accepts Sentry envelopes (POST /api/<project>/envelope/) and keeps
    each raw body and the events in it."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), EnvelopeHandler)
        self.bodies, self.events = [], []

    @property
    def dsn(self):
        return f"http://testkey@127.0.0.1:{self.server_port}/1"

    def wait_for_event(self, condition, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in list(self.events):
                if condition(event):
                    return event
            time.sleep(0.1)
        raise AssertionError(f"no such event arrived; got {self.events!r}")


class EnvelopeHandler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the name http.server calls
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        body = DECODERS[self.headers.get("Content-Encoding", "")](raw)
        self.server.bodies.append(body)
        assert self.path == "/api/1/envelope/"
        # An envelope is lines of JSON: its header, then each item's header and payload.
        for line in body.splitlines()[1:]:
            with contextlib.suppress(ValueError):
                item = json.loads(line)
                if isinstance(item, dict) and "exception" in item:
                    self.server.events.append(item)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry():
    server = EnvelopeServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def started(tmp_path):
    """Starts a process in its own group; kills the group at the end."""
    processes = []

    def start(command, env):
        log = open(tmp_path / f"process-{len(processes)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        processes.append((process, log))
        return process

    yield start
    for process, log in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        log.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(url, data):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode())  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_serving(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - our server
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


@pytest.mark.django_db
def test_a_failing_page_is_reported_without_the_posted_passwords(
    sentry, started, test_database, media
):
    port = free_port()
    env = manage_env(
        test_database,
        media,
        DJANGO_SETTINGS_MODULE="tests.ops.failing_settings",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        SENTRY_DSN=sentry.dsn,
        SENTRY_ENVIRONMENT="uji",
    )
    env.pop("SENTRY_RELEASE", None)
    started(
        [sys.executable, "-m", "gunicorn", "pkpk.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "1", "--no-control-socket"],
        env,
    )
    wait_until_serving(f"http://127.0.0.1:{port}/healthz")

    form = {"nim": "3312501001", "password": PASSWORD, "new_password1": NEW_PASSWORD}
    status = post(f"http://127.0.0.1:{port}/gagal/", form)

    assert status == 500
    event = sentry.wait_for_event(
        lambda e: e["exception"]["values"][-1]["type"] == "ReportedFailure"
    )
    (exception,) = event["exception"]["values"]
    assert exception["value"] == "the page failed for NIM 3312501001"
    assert exception["stacktrace"]["frames"][-1]["function"] == "fail"
    assert event["environment"] == "uji"
    assert event["release"] == errors.release(ROOT)
    assert event["request"]["method"] == "POST"
    assert event["request"]["url"].endswith("/gagal/")
    assert event["request"]["data"]["password"] == "[Filtered]"
    assert event["request"]["data"]["new_password1"] == "[Filtered]"
    assert "ip_address" not in event.get("user", {})  # send_default_pii is off
    time.sleep(1)
    assert len(sentry.events) == 1  # not again from django.request's log line
    for body in sentry.bodies:
        assert PASSWORD.encode() not in body
        assert NEW_PASSWORD.encode() not in body


@pytest.mark.django_db(transaction=True)
def test_a_task_failing_in_the_worker_is_reported(sentry, started, test_database, media):
    Schedule.objects.all().delete()  # only the task under test runs
    env = manage_env(test_database, media, SENTRY_DSN=sentry.dsn, Q_WORKERS=1)
    started([sys.executable, "manage.py", "qcluster"], env)

    task_id = async_task("math.sqrt", -1, sync=False)

    event = sentry.wait_for_event(lambda e: e.get("tags", {}).get("task.func") == "math.sqrt")
    (exception,) = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("ValueError", "math domain error")
    assert event["contexts"]["task"]["id"] == task_id
    assert "Traceback (most recent call last)" in event["extra"]["traceback"]
    # Reported once, from the worker: not again from django-q2's error log line.
    time.sleep(2)
    assert len(sentry.events) == 1


def test_nothing_is_reported_without_a_dsn():
    import sentry_sdk

    assert not sentry_sdk.get_client().is_active()
