"""A fixed-window rate limit on Django's cache: `limit` hits per `window`
seconds per key. Good enough to slow down token guessing on public pages."""

import time

from django.core.cache import cache


def hit(key, *, limit, window=60) -> bool:
    """Count one hit for `key`; False once the window's budget is spent."""
    bucket = int(time.time() // window)
    name = f"ratelimit:{key}:{bucket}"
    if cache.add(name, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.add(name, 1, timeout=window + 5)
            count = 1
    return count <= limit
