"""Structured logs: one JSON line per request and per worker task, written
to stderr for journald (pkpk/logs.py, settings.LOGGING)."""

import datetime as dt
import json
import logging
import sys

import pytest
from django.urls import reverse
from django_q.signals import post_execute_in_worker

from pkpk import logs
from pkpk import settings as production_settings
from tests.support.ops import manage, manage_env

pytestmark = pytest.mark.django_db


def lines(caplog, logger):
    return [r for r in caplog.records if r.name == logger]


def test_a_request_logs_one_line_with_its_timing(client, staff, caplog):
    client.force_login(staff)
    with caplog.at_level(logging.INFO, logger="pkpk.request"):
        response = client.get(reverse("pkpk:staff_home"))

    (record,) = lines(caplog, "pkpk.request")
    assert response.status_code == 200
    assert (record.method, record.path, record.status) == ("GET", "/staf/", 200)
    assert record.user_id == staff.pk
    assert isinstance(record.duration_ms, float) and record.duration_ms > 0
    assert record.queries > 0
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["logger"] == "pkpk.request"
    assert line["message"] == "GET /staf/ 200"
    assert line["duration_ms"] == record.duration_ms
    assert line["user_id"] == staff.pk


def test_an_anonymous_request_and_a_missing_page_are_logged_too(client, caplog):
    with caplog.at_level(logging.INFO, logger="pkpk.request"):
        client.get("/tidak-ada/")

    (record,) = lines(caplog, "pkpk.request")
    assert (record.status, record.user_id) == (404, None)


def test_a_worker_task_logs_its_name_duration_and_success(caplog):
    logs.connect_task_hook()
    started = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)
    task = {
        "id": "abc",
        "name": "alpha-bravo",
        "func": "surat.tasks.issue_batch",
        "started": started,
        "stopped": started + dt.timedelta(milliseconds=1234),
        "success": True,
    }
    with caplog.at_level(logging.INFO, logger="pkpk.task"):
        post_execute_in_worker.send(sender="django_q", func=None, task=task)
        post_execute_in_worker.send(sender="django_q", func=None, task={**task, "success": False})

    ok, failed = lines(caplog, "pkpk.task")
    line = json.loads(logs.JsonFormatter().format(ok))
    assert line["func"] == "surat.tasks.issue_batch" and line["task"] == "alpha-bravo"
    assert (line["duration_ms"], line["success"], line["level"]) == (1234.0, True, "INFO")
    assert (failed.success, failed.levelname) == (False, "WARNING")


def test_an_error_carries_its_traceback_in_the_line():
    try:
        raise ValueError("rusak")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "gagal", None, sys.exc_info())
    line = json.loads(logs.JsonFormatter().format(record))
    assert "ValueError: rusak" in line["exc"]


def test_production_settings_write_json_lines_to_stderr():
    handler = production_settings.LOGGING["handlers"]["console"]
    assert handler["class"] == "logging.StreamHandler"  # stderr: journald collects it
    assert handler["formatter"] == "json"
    assert production_settings.MIDDLEWARE[0] == "pkpk.logs.RequestLogMiddleware"


@pytest.mark.django_db(transaction=True)
def test_a_served_request_writes_a_json_line(test_database, tmp_path):
    env = manage_env(test_database, tmp_path, LOG_FORMAT="json")
    env.pop("LOG_LEVEL", None)
    code = "from django.test import Client; Client().get('/healthz', HTTP_HOST='localhost')"

    result = manage("shell", "-c", code, env=env)

    assert result.returncode == 0, result.stderr
    requests = [
        json.loads(line)
        for line in result.stderr.splitlines()
        if line.startswith("{") and '"pkpk.request"' in line
    ]
    assert [(r["method"], r["path"]) for r in requests] == [("GET", "/healthz")]
    assert requests[0]["status"] in (200, 503)  # no worker beats here
    assert requests[0]["duration_ms"] > 0
