"""The operations tests' processes: `manage.py`, gunicorn and friends run in
another process against a database of this test server, as an operator or
the worker would, and a plain HTTP client that picks its loopback address."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils.crypto import get_random_string

ROOT = settings.BASE_DIR


def _server():
    db = connection.settings_dict
    options = db.get("OPTIONS", {})
    return {
        "host": db.get("HOST") or options.get("host") or "",
        "port": db.get("PORT") or options.get("port") or "",
        "user": db.get("USER") or "",
        "password": db.get("PASSWORD") or "",
    }


def database_url(name):
    """A DATABASE_URL for `name` on the test server (socket folder or host)."""
    s = _server()
    auth = quote(s["user"]) + (":" + quote(s["password"]) if s["password"] else "")
    if str(s["host"]).startswith("/"):
        return f"postgres://{auth}@/{name}?host={s['host']}&port={s['port']}"
    return f"postgres://{auth}@{s['host']}:{s['port']}/{name}"


def admin_sql(sql):
    """Run `sql` outside any transaction on the server's `postgres` database."""
    s = _server()
    with psycopg.connect(
        host=s["host"] or None,
        port=s["port"] or None,
        user=s["user"] or None,
        password=s["password"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql)


def manage_env(database, media_root, **extra):
    """The production settings module pointed at `database` and `media_root`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pkpk.settings",
        "DATABASE_URL": database_url(database),
        "MEDIA_ROOT": str(media_root),
        "LOG_FORMAT": "plain",
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(*args, env, timeout=120):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


HONEST, OTHER = "127.0.0.1", "127.0.0.2"


def start_gunicorn(bind, folder, test_database, media, *, workers=1, **env):
    """gunicorn on `bind` with the production settings and the test database
    (`env` adds or overrides variables). Its access log names the worker
    (the process id) that served each request."""
    env = manage_env(
        test_database,
        media,
        **{
            "PROXY_COUNT": 1,
            "SECRET_KEY": get_random_string(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            # No collectstatic here: pages name the plain static paths.
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            **env,
        },
    )
    command = [
        *[sys.executable, "-m", "gunicorn", "pkpk.wsgi", "--bind", bind],
        *["--workers", str(workers), "--no-control-socket", "--error-logfile", "-"],
        *["--access-logfile", os.path.join(folder, "access.txt")],
        *["--access-logformat", "%(p)s %(s)s %(U)s"],
    ]
    return spawn(command, env, os.path.join(folder, "gunicorn.log"))


def spawn(command, env, log_path):
    log = open(log_path, "w")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    process.log = log
    return process


def stop(process):
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    process.log.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_for(condition, what, process, folder, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process.poll() is not None:
            break
        time.sleep(0.1)
    logs = {
        name: Path(folder, name).read_text()[-3000:]
        for name in os.listdir(folder)
        if name.endswith(".log")
    }
    pytest.fail(f"{what} did not come up: {logs}")


class Browser:
    """One client: its own loopback address and cookie jar."""

    def __init__(self, port, address=HONEST):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method, path, form=None, forwarded=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if forwarded:
            headers["X-Forwarded-For"] = forwarded
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.address, 0)
        )
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, text

    def post_form(self, path, fields, forwarded=None):
        """GET the page for its CSRF cookie, then POST `fields` with it."""
        self.request("GET", path)
        data = {"csrfmiddlewaretoken": self.cookies["csrftoken"], **fields}
        return self.request("POST", path, data, forwarded)

    def sign_in(self, username, password, forwarded=None):
        return self.post_form("/masuk/", {"username": username, "password": password}, forwarded)[0]


def clear_of_window_end(window, margin):
    """Wait for a fresh window when fewer than `margin` seconds of this one
    are left. Fixed windows: a burst that straddles a window's end gets two
    budgets, and a server in another process is out of time-machine's reach."""
    left = window - time.time() % window
    if left < margin:
        time.sleep(left + 0.5)
