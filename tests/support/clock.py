"""Time in the tests: WIB and moments frozen with time-machine."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

WIB = ZoneInfo("Asia/Jakarta")


def at(*args):
    """Freeze time at a WIB wall-clock moment: `with at(2026, 11, 2, 10, 0): ...`."""
    return time_machine.travel(dt.datetime(*args, tzinfo=WIB), tick=False)


D = dt.date  # short for the many hand-written dates


def wib(*args):
    return dt.datetime(*args, tzinfo=WIB)
