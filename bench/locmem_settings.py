"""The production settings with a per-process (local memory) cache, for
bench/bench_cache.py's comparison only (the rate limits still count in
PostgreSQL: pkpk/lib/ratelimit.py uses Redis or its own table)."""

from pkpk.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
