"""The shared cache (pkpk/lib/cache.py) and the rate limit counted in it
(pkpk/lib/ratelimit.py), in one process; tests/ops/test_shared_limits.py
runs several."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from pkpk.lib import cache as shared_cache
from pkpk.lib.ratelimit import hit, prune
from pkpk.models import RateLimitWindow

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_the_cache_is_a_table_read_through_its_own_connection():
    with CaptureQueriesContext(connection) as page, CaptureQueriesContext(connections["cache"]):
        cache.set("greeting", "halo")
        assert cache.get("greeting") == "halo"
    assert len(page) == 0  # not one of the page's queries
    with connections["cache"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pkpk_cache")
        assert cursor.fetchone()[0] == 1


def test_it_allows_the_limit_then_refuses():
    assert [hit("test:a", limit=3) for _ in range(5)] == [True, True, True, False, False]
    assert hit("test:b", limit=3)  # another key has its own budget


def test_a_hit_adds_no_query_to_the_page():
    with CaptureQueriesContext(connection) as page:
        hit("test:a", limit=3)
    assert len(page) == 0


def test_a_hit_stays_counted_when_the_request_rolls_back():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        hit("test:a", limit=1)
        1 / 0  # noqa: B018 - the request fails after counting
    assert not hit("test:a", limit=1)


def test_a_new_window_starts_a_new_budget():
    with time_machine.travel(datetime(2026, 11, 2, 3, 0, 10, tzinfo=UTC), tick=False) as clock:
        assert [hit("test:a", limit=2) for _ in range(3)] == [True, True, False]
        clock.shift(timedelta(seconds=60))
        assert hit("test:a", limit=2)
        assert RateLimitWindow.objects.using("cache").get(key="test:a").hits == 1


def test_a_key_as_long_as_any_e_mail_address_is_counted():
    key = "sandi:email:" + "a" * 240 + "@example.test"
    assert [hit(key, limit=1) for _ in range(2)] == [True, False]


def test_pruning_forgets_only_windows_that_ended():
    with time_machine.travel(datetime(2026, 11, 2, 3, 0, 10, tzinfo=UTC), tick=False) as clock:
        hit("test:minute", limit=5, window=60)
        hit("test:quarter", limit=5, window=900)
        clock.shift(timedelta(seconds=120))
        prune()
    assert list(RateLimitWindow.objects.using("cache").values_list("key", flat=True)) == [
        "test:quarter"
    ]


def test_production_on_a_per_process_cache_is_warned(settings):
    settings.DEBUG = False
    settings.CACHES = LOCMEM
    (warning,) = shared_cache.per_process_cache(None)
    assert warning.id == "pkpk.W010"


def test_the_shared_cache_and_development_are_not_warned(settings):
    settings.DEBUG = False
    assert shared_cache.per_process_cache(None) == []
    settings.DEBUG = True
    settings.CACHES = LOCMEM
    assert shared_cache.per_process_cache(None) == []
