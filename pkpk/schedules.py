"""Every timer the worker runs, declared here in code and written into
django-q2's schedule table after each migrate (so a deploy updates them)."""

from django.utils import timezone

# name: (task path, minutes between runs). Apps add their timers here.
SCHEDULES = {
    "pkpk.heartbeat": ("pkpk.tasks.heartbeat", 1),
    "magang.expire": ("magang.tasks.expire_overdue_applications", 5),
    "surat.clocks": ("surat.tasks.sweep_clocks", 1),
    # Failed e-mails, tried again after 1, 5, 15 and 60 minutes (pkpk.lib.outbox).
    "notifikasi.email_retries": ("notifikasi.tasks.retry_notification_emails", 1),
    "surat.delivery_retries": ("surat.company_tasks.retry_letter_emails", 1),
    # Rate limit windows that have ended (pkpk/lib/ratelimit.py).
    "pkpk.ratelimit_prune": ("pkpk.tasks.prune_rate_limits", 60),
}


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
    for app in ("pkpk.", "notifikasi.", "magang.", "surat.", "rekap."):
        ours.filter(func__startswith=app).delete()


def run_all():
    """Run every timer once, in this process (`manage.py run_timers`)."""
    from django.utils.module_loading import import_string

    for name, (func, _minutes) in SCHEDULES.items():
        import_string(func)()
        yield name
