from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PkpkConfig(AppConfig):
    name = "pkpk"
    verbose_name = _("Master data")

    def ready(self):
        from django.db.models.signals import post_migrate
        from django_q.signals import post_execute_in_worker, post_spawn

        from . import checks, errors, initial_data, roles, schedules, tasks  # noqa: F401

        # Timer schedules are declared in code and written after every migrate.
        post_migrate.connect(schedules.sync_schedules, sender=self)
        # After every app's migrate, not only ours: the permissions of the
        # apps listed after pkpk (magang, surat) exist only once theirs ran.
        post_migrate.connect(roles.sync_groups, dispatch_uid="pkpk.sync_groups")
        post_migrate.connect(initial_data.ensure_institution_profile, sender=self)
        # The database cache's table, which no migration makes (pkpk/lib/cache.py).
        from .lib import cache

        post_migrate.connect(cache.create_cache_table, sender=self)
        post_migrate.connect(initial_data.ensure_default_wording, sender=self)
        # A worker that just started is alive: /healthz need not wait a minute.
        post_spawn.connect(tasks.heartbeat, dispatch_uid="pkpk.heartbeat_on_spawn")
        # A task that fails in the worker is reported (when SENTRY_DSN is set).
        post_execute_in_worker.connect(errors.report_failed_task, dispatch_uid="pkpk.errors")
        # The audit trail: which records are tracked, and who acted (pkpk/audit.py).
        from . import audit

        audit.install()
