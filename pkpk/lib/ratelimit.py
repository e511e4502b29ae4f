"""A fixed-window rate limit: `limit` hits per `window` seconds per key,
counted where every web process sees the same number (docs/runbook.md,
"Scaling out"). Good enough to slow down token guessing on public pages.

The count is one atomic statement, never a read then a write: Django's
`cache.incr` on the database cache reads the value and writes it back, so
two workers hitting at once could both pass the last free hit.
- With Redis (REDIS_URL): INCR and EXPIRE in one MULTI/EXEC.
- Otherwise: one upsert on pkpk_ratelimitwindow (`INSERT ... ON CONFLICT DO
  UPDATE ... RETURNING`), which PostgreSQL runs under the row's lock, on the
  cache's own connection (pkpk.lib.cache.CacheRouter): committed at once,
  outside any transaction of the request, and not one of the page's queries.
"""

import time
from datetime import UTC, datetime

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router

from pkpk.models import RateLimitWindow

_UPSERT = """
INSERT INTO pkpk_ratelimitwindow AS w (key, hits, ends) VALUES (%s, 1, %s)
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN w.ends >= EXCLUDED.ends THEN w.hits + 1 ELSE 1 END,
    ends = GREATEST(w.ends, EXCLUDED.ends)
RETURNING hits
"""


def hit(key, *, limit, window=60) -> bool:
    """Count one hit for `key`; False once the window's budget is spent."""
    bucket = int(time.time() // window)
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        count = _count_in_redis(cache, f"ratelimit:{key}:{bucket}", window)
    else:
        count = _count_in_postgres(key, ends=(bucket + 1) * window)
    return count <= limit


def _count_in_redis(cache, name, window):
    key = cache.make_key(name)
    # Django's RedisCache.incr checks that the key exists first (a race of
    # its own), so its client's pipeline is used directly.
    pipe = cache._cache.get_client(key, write=True).pipeline(transaction=True)
    pipe.incr(key)
    pipe.expire(key, window + 5)
    count, _expire = pipe.execute()
    return count


def _count_in_postgres(key, *, ends):
    alias = router.db_for_write(RateLimitWindow)
    with connections[alias].cursor() as cursor:
        cursor.execute(_UPSERT, [key, datetime.fromtimestamp(ends, UTC)])
        return cursor.fetchone()[0]


def prune():
    """Forget windows that have ended (a timer): one row per key seen."""
    alias = router.db_for_write(RateLimitWindow)
    RateLimitWindow.objects.using(alias).filter(ends__lt=datetime.now(UTC)).delete()
