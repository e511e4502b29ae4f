"""The rate limits of the public letter pages (verification, the company's
links): a budget per code or token AND per client address, counted with
pkpk.lib.ratelimit.hit on the shared cache.

Why two: a company's office reaches us from one public address, so the
address budget is wide enough for a whole office checking and answering
letters all day; guessing one letter's code is held by the tight budget
per code, and guessing codes at random by the address's daily budget (the
arithmetic is in surat/codes.py). A refused request gets a page saying, in
Indonesian, what happened, when to try again and how to reach the unit."""

import datetime
import hashlib
import time
from dataclasses import dataclass

from django.shortcuts import render
from django.utils import timezone

from pkpk.lib.net import client_ip
from pkpk.lib.ratelimit import hit
from pkpk.models import Institusi

MINUTE = 60
DAY = 24 * 60 * 60


@dataclass(frozen=True)
class Budget:
    scope: str
    per_code_minute: int  # one letter's code or link, from anywhere
    per_ip_minute: int  # one address (an office), any code
    per_ip_day: int  # one address, sustained


# A person checking one letter reloads it a few times; an office may check
# a pile of letters in a few minutes, but never thousands a day.
VERIFY = Budget("verifikasi", per_code_minute=10, per_ip_minute=60, per_ip_day=1000)
# A company answering one letter opens the link, posts, is redirected, opens
# the feedback form and posts again: a few requests a minute per link, but
# an office answers many letters.
COMPANY = Budget("perusahaan", per_code_minute=30, per_ip_minute=120, per_ip_day=2000)


def _seconds_left(window):
    return int(window - time.time() % window) + 1


def refused(request, budget, code):
    """None when the request may go on; else the 429 page to answer with.
    The address is counted first, so a request it refuses does not spend
    the code's budget of the people who really hold that letter."""
    ip = client_ip(request) or "unknown"
    key = hashlib.sha256(str(code).encode()).hexdigest()[:32]
    for name, limit, window in [
        (f"{budget.scope}:ip:{ip}", budget.per_ip_minute, MINUTE),
        (f"{budget.scope}:ip-day:{ip}", budget.per_ip_day, DAY),
        (f"{budget.scope}:kode:{key}", budget.per_code_minute, MINUTE),
    ]:
        if not hit(name, limit=limit, window=window):
            return too_many(request, seconds=_seconds_left(window))
    return None


def too_many(request, *, seconds):
    retry_at = timezone.localtime(timezone.now() + datetime.timedelta(seconds=seconds))
    response = render(
        request,
        "surat/too_many_requests.html",
        {
            "minutes": max(1, round(seconds / 60)),
            "retry_at": retry_at,
            "institusi": Institusi.load(),
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
