"""Structured logs: one JSON line per record, one record per request and one
per worker task, written to stderr where journald (or any shipper) picks
them up. Configured in settings.LOGGING and settings.MIDDLEWARE."""

import datetime as dt
import json
import logging
import time

from django.db import connection
from django.db.backends.signals import connection_created

request_log = logging.getLogger("pkpk.request")
task_log = logging.getLogger("pkpk.task")

# Attributes every LogRecord has; anything else was passed as `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """`{"time": ..., "level": ..., "logger": ..., "message": ..., **extra}`."""

    def format(self, record):
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class _QueryCounter:
    """Counts the queries of one request on the default connection; cheaper
    than CaptureQueriesContext, which keeps every SQL string."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestLogMiddleware:
    """One line per request: method, path, status, duration, user, queries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _QueryCounter()
        start = time.perf_counter()
        status = 500  # what the client gets if a view raises past us
        try:
            with connection.execute_wrapper(counter):
                response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            user = getattr(request, "user", None)
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                    "user_id": getattr(user, "pk", None),
                    "queries": counter.count,
                },
            )


def log_task(sender, func=None, task=None, **kwargs):
    """django-q2's post_execute_in_worker: one line per task run by a worker."""
    task = task or {}
    started, stopped = task.get("started"), task.get("stopped")
    duration = (stopped - started).total_seconds() * 1000 if started and stopped else None
    success = bool(task.get("success"))
    task_log.log(
        logging.INFO if success else logging.WARNING,
        "task %s %s",
        task.get("func"),
        "ok" if success else "failed",
        extra={
            "task": task.get("name"),
            "func": str(task.get("func")),
            "task_id": task.get("id"),
            "duration_ms": round(duration, 1) if duration is not None else None,
            "success": success,
        },
    )


def connect_task_hook(**kwargs):
    """Log every task a worker of this process runs (idempotent)."""
    from django_q.signals import post_execute_in_worker

    post_execute_in_worker.connect(log_task, dispatch_uid="pkpk.logs.task")


def _connect_on_first_connection(sender, **kwargs):
    # django_q.signals imports models, so it cannot be imported while logging
    # is configured (before the apps are loaded), which is when this module is
    # imported. A process's first database connection comes after that.
    connect_task_hook()
    connection_created.disconnect(dispatch_uid="pkpk.logs.connect")


connection_created.connect(_connect_on_first_connection, dispatch_uid="pkpk.logs.connect")
