"""Every timer the worker runs, declared here in code and written into
django-q2's schedule table after each migrate (so a deploy updates them)."""

from django.utils import timezone

from .lib.project import project_apps

# name: (task path, minutes between runs). The core's own timers are here;
# each app adds its own with `register` from its AppConfig.ready().
SCHEDULES = {
    "pkpk.heartbeat": ("pkpk.tasks.heartbeat", 1),
    # Rate limit windows that have ended (pkpk/lib/ratelimit.py).
    "pkpk.ratelimit_prune": ("pkpk.tasks.prune_rate_limits", 60),
}


def register(name: str, func: str, minutes: int) -> None:
    """Run the task `func` (a dotted path) every `minutes`, under `name`
    ("app.what"). Idempotent by name."""
    SCHEDULES[name] = (func, minutes)


def sync_schedules(**kwargs):
    from django_q.models import Schedule

    for name, (func, minutes) in SCHEDULES.items():
        Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": func,
                "schedule_type": Schedule.MINUTES,
                "minutes": minutes,
                "repeats": -1,
                "next_run": timezone.now(),
            },
        )
    # Timers removed from the code stop running.
    ours = Schedule.objects.exclude(name__in=SCHEDULES)
    for config in project_apps():
        ours.filter(func__startswith=f"{config.name}.").delete()


def run_all():
    """Run every timer once, in this process (`manage.py run_timers`)."""
    from django.utils.module_loading import import_string

    for name, (func, _minutes) in SCHEDULES.items():
        import_string(func)()
        yield name
