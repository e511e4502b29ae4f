"""The expiry sweep over 50,000 open, overdue applications, three times.

Usage: .venv/bin/python bench/bench_sweep.py [--runs 3] [--explain]   (after `make db`)

It loads 50,000 students with one open application each, past its deadline,
into a template database `pkpk_sweep_tpl`; each run copies it afresh
(CREATE DATABASE ... TEMPLATE, so every run starts from the same rows) and
times, in the same run:
- the bare baseline: the UPDATE of the same rows' status alone, rolled back;
- the sweep as the worker runs it (magang.expiry.expire_overdue): every
  application moved, its event, audit entry and notification written, the
  foreign keys checked at commit.
Target: under 2 s for the sweep. --explain prints EXPLAIN (ANALYZE, BUFFERS)
of one chunk's statement, for where the time goes."""

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from harness import LOAD_SQL, ROOT, bench_env, fresh_database, psql  # noqa: E402

sys.path.insert(0, str(ROOT))

TEMPLATE, DATABASE = "pkpk_sweep_tpl", "pkpk_sweep"
STUDENTS = 50_000


def copy_template():
    from django.db import connections

    connections.close_all()
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE} TEMPLATE {TEMPLATE}")


def bare_update():
    from django.db import connection

    with connection.cursor() as c:
        c.execute("BEGIN")
        start = time.perf_counter()
        c.execute(
            "UPDATE magang_pendaftaran SET status = 'kedaluwarsa' "
            "WHERE status = 'diajukan' AND batas_jawaban <= now()"
        )
        took = time.perf_counter() - start
        c.execute("ROLLBACK")
    return took


def sweep():
    from magang.expiry import expire_overdue

    start = time.perf_counter()
    moved = expire_overdue()
    return time.perf_counter() - start, moved


def explain_one_chunk():
    from django.db import connection, transaction

    from magang import expiry

    def explained(execute, sql, params, many, context):
        if "INSERT INTO notifikasi" in sql:
            sql = "EXPLAIN (ANALYZE, BUFFERS) " + sql
        return execute(sql, params, many, context)

    ids = list(
        expiry.Pendaftaran.objects.filter(status="diajukan")
        .order_by("pk")
        .values_list("pk", flat=True)[: expiry.CHUNK]
    )
    with connection.execute_wrapper(explained), transaction.atomic():
        plan = expiry.notify_set  # the statement's rows are the plan's lines
        lines = []

        def capture(**kwargs):
            lines.extend(plan(**kwargs))
            return []

        expiry.notify_set = capture
        try:
            expiry._expire(
                expiry._params(expiry.timezone.now()), "AND p.id = ANY(%(ids)s)", ids=ids
            )
        finally:
            expiry.notify_set = plan
        transaction.set_rollback(True)
    # The chunk's id list would fill a screen: cut long lines.
    print("\n".join(line if len(line) < 200 else line[:200] + " ..." for line in lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    os.environ.update(bench_env(DATABASE))
    fresh_database(TEMPLATE)
    start = time.perf_counter()
    psql(LOAD_SQL.format(students=STUDENTS, per_student=1), db=TEMPLATE)
    psql("VACUUM ANALYZE", db=TEMPLATE)
    print(
        f"loaded {STUDENTS:,} students with an overdue application each "
        f"in {time.perf_counter() - start:.1f} s",
        flush=True,
    )

    import django

    django.setup()
    try:
        if args.explain:
            copy_template()
            explain_one_chunk()
        for run in range(1, args.runs + 1):
            copy_template()
            bare = bare_update()
            copy_template()
            ours, moved = sweep()
            verdict = "ok" if ours < 2 else "OVER TARGET"
            print(
                f"run {run}: expiry sweep of {moved:,} applications {ours:.2f} s; "
                f"bare UPDATE {bare:.2f} s; ratio {ours / bare:.1f}x; target < 2 s: {verdict}",
                flush=True,
            )
    finally:
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")
        psql(f"DROP DATABASE IF EXISTS {TEMPLATE}")


if __name__ == "__main__":
    main()
