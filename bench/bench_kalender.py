"""The calendar module against a bare loop over the same dates.

Usage: .venv/bin/python bench/bench_kalender.py (needs `make db`)."""

import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pkpk.settings")
django.setup()

from harness import figure  # noqa: E402

from pkpk import kalender  # noqa: E402

CALLS = 10_000
START = date(2026, 1, 1)


def bare_add_weekdays(day, n):
    while n:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def timed(fn):
    start = time.perf_counter()
    for i in range(CALLS):
        fn(START + timedelta(days=i % 365), 10)
    return time.perf_counter() - start


kalender.add_working_days(START, 10)  # warm the cache
bare = timed(bare_add_weekdays)
ours = timed(kalender.add_working_days)
print(
    f"add_working_days x{CALLS}: {ours * 1000:.0f} ms; bare weekday loop {bare * 1000:.0f} ms; "
    f"ratio {ours / bare:.1f}x (ours also reads holidays, cuti bersama and staff days, "
    f"and checks the cache stamp with one query per call)"
)
figure(f"add_working_days x{CALLS:,}", ours * 1000, bare * 1000, unit="ms")
