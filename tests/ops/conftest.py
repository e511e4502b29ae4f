"""Helpers for the operations tests: run `manage.py` in another process
against a database of this test server, as an operator or the worker would."""

import os
import subprocess
import sys
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection

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


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def test_database():
    return connection.settings_dict["NAME"]
