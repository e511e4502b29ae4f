import pytest
from django.core.management import call_command
from django_q.models import Schedule
from django_q.signals import post_spawn

from pkpk.models import WorkerHeartbeat
from pkpk.schedules import SCHEDULES, sync_schedules

pytestmark = pytest.mark.django_db


def test_every_timer_declared_in_code_is_scheduled_after_migrate():
    names = set(Schedule.objects.values_list("name", flat=True))
    assert set(SCHEDULES) <= names


def test_syncing_twice_keeps_one_schedule_per_timer():
    sync_schedules()
    sync_schedules()
    assert Schedule.objects.filter(name="pkpk.heartbeat").count() == 1


def test_a_timer_removed_from_the_code_is_unscheduled():
    Schedule.objects.create(name="pkpk.gone", func="pkpk.tasks.gone", schedule_type="I")
    sync_schedules()
    assert not Schedule.objects.filter(name="pkpk.gone").exists()


def test_run_timers_runs_each_timer_once(capsys):
    call_command("run_timers")
    assert "pkpk.heartbeat: ok" in capsys.readouterr().out
    assert WorkerHeartbeat.objects.filter(pk=1).exists()


def test_a_spawned_worker_beats_at_once():
    post_spawn.send(sender="django_q", proc_name="Process-1")
    assert WorkerHeartbeat.objects.filter(pk=1).exists()
