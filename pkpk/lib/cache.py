"""The shared cache: Django's database cache on the project's PostgreSQL
(through a connection of its own, the `cache` alias) unless REDIS_URL names
a Redis server. settings.py chooses; this module routes the cache's tables
to that connection, creates the cache table after migrate and warns when
production runs on a per-process cache."""

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command

ALIAS = "cache"


class CacheRouter:
    """Cache reads and writes, and the rate limit counts, go through the
    `cache` alias: the same database, another connection. A page's own
    queries (asserted in the tests) stay what they were, and a count is
    committed at once, never rolled back with the request's transaction."""

    labels = {"django_cache"}  # the app label of DatabaseCache's stand-in model
    models = {("pkpk", "ratelimitwindow")}

    def _ours(self, model):
        meta = model._meta
        return meta.app_label in self.labels or (meta.app_label, meta.model_name) in self.models

    def db_for_read(self, model, **hints):
        return ALIAS if self._ours(model) else None

    db_for_write = db_for_read

    def allow_migrate(self, db, app_label, **hints):
        if app_label in self.labels:
            return True  # createcachetable on either alias: one table
        if db == ALIAS:
            return False  # the same database: `default` migrates it
        return None


def create_cache_table(using, **kwargs):
    """After every migrate: the database cache's table exists, so `migrate`
    alone sets a checkout up (createcachetable skips an existing table)."""
    call_command("createcachetable", database=using, verbosity=0)


@checks.register(checks.Tags.caches)
def per_process_cache(app_configs, **kwargs):
    """Several gunicorn workers, each with a cache in its own memory, would
    each show their own version of a cached fragment (the rate limits count
    in PostgreSQL or Redis whatever CACHES says)."""
    if settings.DEBUG or not isinstance(caches["default"], LocMemCache):
        return []
    return [
        checks.Warning(
            "CACHES['default'] keeps the cache in each process's memory: every "
            "gunicorn worker then caches page fragments of its own.",
            hint="Leave CACHES unset (the database cache) or set REDIS_URL.",
            id="pkpk.W010",
        )
    ]
