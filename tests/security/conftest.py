"""One object of every kind, built once per module inside a transaction that
is rolled back at the end, for the authorization matrix and the fuzz tests.

The cast is the shared one of tests/conftest.py (same names, NIMs and
accounts), rebuilt here with the factories because pytest's function-scoped
fixtures cannot feed a module-scoped world."""

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from pkpk.models import WorkerHeartbeat
from tests.support.cast import build_world, signed_in_sessions


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """`build_world()` once for the module; each test runs in a savepoint
    inside this transaction (pytest-django's `db`), which is rolled back at
    the end so nothing leaks to other modules."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = build_world()
            w.sessions = signed_in_sessions(w.users)
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def worker_alive(db):
    """/healthz answers 200 only while the worker beats."""
    WorkerHeartbeat.objects.update_or_create(pk=1, defaults={"at": timezone.now()})
