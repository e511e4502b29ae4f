"""Who calls: the bearer token names a client (401 without one, or with a
wrong or revoked one), its scope must allow the endpoint (403 for a read
token on a write endpoint; write also reads), and each client has its own
rate limit through the project's shared limiter (429 with Retry-After)."""

import re
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer

from pkpk.lib import ratelimit

from . import tokens
from .models import KlienApi

# How often a client's "last used" is written: not on every call.
LAST_USED_EVERY = timedelta(minutes=1)
_UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}


class ScopeRefused(Exception):
    """A read-only client on a write endpoint."""


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def rate() -> tuple[int, int]:
    """API_RATE_LIMIT as (calls, seconds): "120/min", "10/s", "1000/hour"."""
    found = re.fullmatch(r"\s*(\d+)\s*/\s*([a-z]+)\s*", settings.API_RATE_LIMIT)
    if not found or found[2] not in _UNITS:
        raise ValueError(f"API_RATE_LIMIT must look like 120/min, not {settings.API_RATE_LIMIT!r}")
    return int(found[1]), _UNITS[found[2]]


class Token(HttpBearer):
    def __init__(self, *, write: bool):
        super().__init__()
        self.write = write

    def authenticate(self, request, token):
        klien = tokens.client_for(token)
        if klien is None:
            return None
        request.klien = klien
        if self.write and klien.cakupan != KlienApi.Cakupan.TULIS:
            raise ScopeRefused
        limit, window = rate()
        if not ratelimit.hit(f"api:{klien.pk}", limit=limit, window=window):
            raise RateLimited(int(window - time.time() % window) + 1)
        now = timezone.now()
        if klien.terakhir_dipakai is None or now - klien.terakhir_dipakai > LAST_USED_EVERY:
            KlienApi.objects.filter(pk=klien.pk).update(terakhir_dipakai=now)
        return klien


READ = Token(write=False)
WRITE = Token(write=True)
