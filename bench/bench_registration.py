"""Registration at scale: 10,000 students and 50,000 applications.

Usage: .venv/bin/python bench/bench_registration.py   (after `make db`)

It builds a separate database `pkpk_bench` on this checkout's server, loads
the rows with set-based SQL, then measures under gunicorn (2 workers):
- the student's application page and the vacancy list, as a student;
- the staff application list (first page, and filtered), as staff;
each as a ratio to the bare Django view of the same run; and times the expiry
sweep over every open application (10,000 here, then 50,000 open ones with
50,000 students), against a bare `UPDATE` of the same rows."""

import os
import subprocess
import sys
import time
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

DATABASE = "pkpk_bench"
ENV = bench_env(DATABASE)
os.environ.update(ENV)

import django  # noqa: E402

STUDENTS = 10_000
APPLICATIONS = 50_000


def load_rows(students, per_student):
    psql(LOAD_SQL.format(students=students, per_student=per_student), db=DATABASE)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench_sweep(label):
    from django.db import connection

    from magang.expiry import expire_overdue

    open_count = sweep_count = 0
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM magang_pendaftaran WHERE status = 'diajukan'")
        open_count = c.fetchone()[0]
        # The bare baseline: the same UPDATE alone, rolled back.
        c.execute("BEGIN")
        bare, _ = timed(
            lambda: c.execute(
                "UPDATE magang_pendaftaran SET status = 'kedaluwarsa' "
                "WHERE status = 'diajukan' AND batas_jawaban <= now()"
            )
        )
        c.execute("ROLLBACK")
    ours, sweep_count = timed(expire_overdue)
    print(
        f"{label}: expiry sweep over {open_count:,} open applications: {ours:.2f} s "
        f"({sweep_count:,} moved, events and notifications written); bare UPDATE {bare:.2f} s; "
        f"ratio {ours / bare:.1f}x; target < 2 s",
        flush=True,
    )


def bench_pages():
    from django.contrib.auth.models import Group

    from pkpk import roles
    from pkpk.models import Mahasiswa, User

    staff = User.objects.create(username="staf@bench.example", nama="Staf", is_staff=True)
    staff.groups.add(Group.objects.get(name=roles.STAF))
    student = Mahasiswa.objects.select_related("user").order_by("pk")[5000].user
    student.groups.add(Group.objects.get(name=roles.MAHASISWA))
    as_staff, as_student = session_cookie(staff), session_cookie(student)

    with gunicorn("bare:application", chdir=HERE) as port:
        baseline = load(port, "/")
    report("bare Django view (baseline)", baseline)
    with gunicorn("pkpk.wsgi", env=ENV) as port:
        pages = [
            ("student: my applications", "/magang/saya/", as_student),
            ("student: vacancies", "/magang/lowongan/", as_student),
            ("staff: applications, page 1", "/magang/staf/pendaftaran/", as_staff),
            ("staff: applications, page 200", "/magang/staf/pendaftaran/?page=200", as_staff),
            ("staff: applications, filtered", "/magang/staf/pendaftaran/?status=ditolak", as_staff),
        ]
        for name, path, cookie in pages:
            report(name, load(port, path, headers=cookie), baseline)


def main():
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, **ENV},
        check=True,
    )
    fresh_database(DATABASE)
    django.setup()
    t, _ = timed(lambda: load_rows(STUDENTS, APPLICATIONS // STUDENTS))
    print(f"loaded {STUDENTS:,} students and {APPLICATIONS:,} applications in {t:.1f} s")
    bench_pages()
    bench_sweep("10,000 students")

    from django.db import connection

    connection.close()
    fresh_database(DATABASE)
    load_rows(50_000, 1)
    bench_sweep("50,000 students")
    connection.close()
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
