from datetime import timedelta

import pytest
from django.utils import timezone

from pkpk.models import WorkerHeartbeat
from pkpk.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_it_is_unhealthy_without_a_worker_heartbeat(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "worker": "no heartbeat yet"}


def test_it_is_healthy_after_a_heartbeat(client):
    heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_it_names_a_stale_worker(client):
    WorkerHeartbeat.objects.create(pk=1, at=timezone.now() - timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"].startswith("last heartbeat")
