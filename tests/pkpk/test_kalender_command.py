"""manage.py kalender: the Nth working day and the year's non-working days."""

import datetime as dt
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils.translation import gettext as _

from pkpk.models import HariKalender

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("kalender", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_nth_working_day():
    assert run("hari-kerja", "2026-11-02", "10") == "2026-11-16\n"


def test_it_skips_idul_fitri_and_cuti_bersama():
    assert run("hari-kerja", "2026-03-17", "1") == "2026-03-25\n"


def test_it_lists_the_non_working_days_of_a_year():
    lines = run("libur", "2026").splitlines()
    assert len(lines) == 25
    assert lines[0] == "2026-01-01  Tahun Baru Masehi"
    assert "2026-03-20  Cuti Bersama Hari Raya Idul Fitri" in lines
    assert lines[-1] == "2026-12-25  Hari Raya Natal"


def test_it_lists_a_staff_added_day_and_leaves_out_a_cancelled_one():
    HariKalender.objects.create(
        tanggal=dt.date(2026, 11, 10), jenis=HariKalender.Jenis.LIBUR, keterangan="Dies natalis"
    )
    HariKalender.objects.create(
        tanggal=dt.date(2026, 12, 24), jenis=HariKalender.Jenis.MASUK, keterangan="Masuk"
    )
    lines = run("libur", "2026").splitlines()
    assert "2026-11-10  Dies natalis" in lines
    assert not any(line.startswith("2026-12-24") for line in lines)


def test_it_refuses_a_bad_date():
    with pytest.raises(CommandError) as exc:
        run("hari-kerja", "2026-13-01", "3")
    assert str(exc.value) == _(
        "“%(value)s” is not a date; write it as YYYY-MM-DD, for example 2026-11-02."
    ) % {"value": "2026-13-01"}


@pytest.mark.parametrize("n", ["tiga", "-1", "1.5"])
def test_it_refuses_a_bad_count(n):
    with pytest.raises(CommandError) as exc:
        run("hari-kerja", "2026-11-02", n)
    assert str(exc.value) == _(
        "“%(value)s” is not a number of working days; give a whole number, 0 or more."
    ) % {"value": n}


def test_it_refuses_a_count_beyond_the_calendar():
    with pytest.raises(CommandError) as exc:
        run("hari-kerja", "2026-11-02", "5000")
    assert str(exc.value) == _("%(n)s working days after %(date)s is beyond the calendar.") % {
        "n": 5000,
        "date": "2026-11-02",
    }


@pytest.mark.parametrize("year", ["dua ribu", "1900", "2101"])
def test_it_refuses_a_bad_year(year):
    with pytest.raises(CommandError) as exc:
        run("libur", year)
    assert str(exc.value) == _(
        "“%(value)s” is not a year the calendar covers (%(first)s to %(last)s)."
    ) % {"value": year, "first": 1946, "last": 2100}


@pytest.mark.parametrize(
    "args", [(), ("minggu",), ("hari-kerja", "2026-11-02"), ("libur",)], ids=repr
)
def test_it_refuses_missing_or_unknown_arguments(args):
    with pytest.raises(CommandError):
        run(*args)


def test_bad_input_exits_non_zero_from_the_shell():
    # The year is refused before the database is touched.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pkpk.settings_test"}
    done = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "kalender", "libur", "x"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "CommandError" in done.stderr
    assert done.stdout == ""
