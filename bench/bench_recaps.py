"""Recaps and the KPI dashboard at scale.

Usage: .venv/bin/python bench/bench_recaps.py   (after `make db`)

It builds a separate database `pkpk_bench_rekap` on this checkout's server with
10,000 students and 50,000 applications (bench/harness.LOAD_SQL), then:
- writes the registration recap (form BO.8.4.1.2) of all 50,000 rows to Excel
  the way the download and `manage.py rekap` do, against a bare openpyxl
  write-only loop of the same rows (fetched once beforehand, so the baseline is
  the writing alone) in the same run, and measures the export's peak Python
  memory in a separate, untimed pass (tracemalloc slows what it watches);
- loads five years of letters, clocks, events, partnerships and feedback
  (bench/kpi_data.sql) and measures the KPI dashboard page under gunicorn
  (2 workers) as staff, against the bare Django view of the same run."""

import io
import os
import subprocess
import sys
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from harness import (  # noqa: E402
    LOAD_SQL,
    ROOT,
    bench_env,
    fresh_database,
    gunicorn,
    load,
    psql,
    report,
    session_cookie,
)

sys.path.insert(0, str(ROOT))

DATABASE = "pkpk_bench_rekap"
ENV = bench_env(DATABASE)
os.environ.update(ENV)

import django  # noqa: E402

STUDENTS = 10_000
PER_STUDENT = 5
ROUNDS = 3  # the best of three runs of each side, against noise on a shared machine


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def best_of(fn):
    return min(timed(fn)[0] for _ in range(ROUNDS))


def recap_filters():
    from django.utils import timezone

    from rekap.forms import RecapFilters
    from rekap.periods import Period

    today = timezone.localdate()
    return RecapFilters(period=Period(today - timedelta(days=200), today))


def our_export(filters):
    from rekap import recap_workbooks, scope

    buffer = io.BytesIO()
    rows = recap_workbooks.write_recap(buffer, "pendaftaran", scope.WHOLE_INSTITUTION, filters)
    return rows, len(buffer.getvalue())


def excel_ready(row):
    """The values as Excel takes them: local naive datetimes, plain strings."""
    from django.utils import timezone
    from django.utils.functional import Promise

    zone = timezone.get_current_timezone()

    def value(v):
        if isinstance(v, datetime) and v.tzinfo is not None:
            return v.astimezone(zone).replace(tzinfo=None)
        return str(v) if isinstance(v, Promise) else v

    return tuple(value(v) for v in row)


def bare_export(rows):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Pendaftaran")
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return len(buffer.getvalue())


def bench_export():
    from rekap import recap_workbooks, scope

    filters = recap_filters()
    # The same rows the recap writes, fetched once: the bare loop only writes.
    sheet = recap_workbooks.registration_sheet(scope.WHOLE_INSTITUTION, filters)
    fetch, rows = timed(lambda: [excel_ready(row) for row in sheet.rows])
    bare = best_of(lambda: bare_export(rows))
    ours = best_of(lambda: our_export(filters))
    written, size = our_export(filters)

    tracemalloc.start()
    our_export(filters)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"registration recap to Excel, {written:,} rows ({size / 1e6:.1f} MB file): "
        f"ours {ours:.2f} s (query, header, typed cells, widths, filter); "
        f"bare openpyxl write-only loop {bare:.2f} s "
        f"(rows fetched, made Excel-ready beforehand: {fetch:.2f} s); "
        f"ratio {ours / bare:.2f}x (target <= 1.5x); "
        f"peak Python memory {peak / 2**20:.1f} MB (target < 100 MB)",
        flush=True,
    )
    assert written == STUDENTS * PER_STUDENT, written


def bench_dashboard():
    from django.contrib.auth.models import Group

    from pkpk import roles
    from pkpk.models import User

    staff = User.objects.get(username="staf.kpi@bench.example")
    staff.groups.add(Group.objects.get(name=roles.STAF))
    as_staff = session_cookie(staff)

    with gunicorn("bare:application", chdir=HERE) as port:
        baseline = load(port, "/", requests=200)
    report("bare Django view (baseline)", baseline)
    with gunicorn("pkpk.wsgi", env=ENV) as port:
        for name, path in [
            ("KPI dashboard 2026, all departments", "/rekap/kpi/?tahun=2026"),
            ("KPI dashboard 2023, all departments", "/rekap/kpi/?tahun=2023"),
            ("KPI breaches list, B.4.1.7.a 2026", "/rekap/kpi/layanan/a/?tahun=2026&status=late"),
        ]:
            report(name, load(port, path, requests=200, headers=as_staff), baseline)


def main():
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, **ENV},
        check=True,
    )
    fresh_database(DATABASE)
    django.setup()
    t, _ = timed(
        lambda: psql(LOAD_SQL.format(students=STUDENTS, per_student=PER_STUDENT), DATABASE)
    )
    print(f"loaded {STUDENTS:,} students and {STUDENTS * PER_STUDENT:,} applications in {t:.1f} s")
    bench_export()
    t, _ = timed(lambda: psql((HERE / "kpi_data.sql").read_text() + "\nANALYZE;", DATABASE))
    print(f"loaded five years of letters, clocks, events, partnerships, feedback in {t:.1f} s")
    bench_dashboard()

    from django.db import connection

    connection.close()
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
