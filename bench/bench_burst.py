"""Registration day: 500 students sign in, then browse and register within 60 seconds.

Usage: .venv/bin/python bench/bench_burst.py   (after `make db` and `make setup`)
  --users 500           students (and locust users)
  --seconds 60          the window in which they all browse and register
  --workers 4           gunicorn workers (deploy/pkpk-web.service runs 4)
  --threads 1           threads per worker (more than 1: gunicorn's gthread worker)
  --signin-concurrency 4  sign-ins in flight at once during the sign-in phase
  --request-log         also write the app's JSON request log and summarise the
                        queries and server time per page (costs CPU: diagnosis only)
  --keep-db             leave the database `pkpk_burst` for a look afterwards

It builds a separate database `pkpk_burst` on this checkout's server: the demo
data (`seed_demo`: programmes, companies, staff), then 500 more students with
the demo password (one hash, computed once) and 60 open vacancies, each open to
half the programmes, with places for everyone. Locust (bench/burst_locustfile.py)
plays the students against gunicorn serving pkpk.wsgi:

1. Sign-in phase: every student opens the sign-in page and signs in with NIM
   and password. Production hashes passwords with Django's PBKDF2 (1,000,000
   iterations, 0.2-0.6 s of CPU each here), and we keep it: 500 sign-ins are
   100-300 CPU-seconds, as much as 60 s of this machine's two cores give or
   more, even with nothing else to do. On the real day students sign in over the
   days before (a session lasts two weeks), so the sign-ins run first, at most
   --signin-concurrency at a time, in a locust run of their own whose cookies
   the window's run uses; they are reported on their own: the cost of one
   hash, the phase's length, sign-ins per second and their percentiles.
2. The window (--seconds): each student arrives at a random moment and opens
   their home page, the vacancy list (30% also search), a vacancy, its
   registration form, takes a few seconds to fill it in and submits it (two
   100 kB PDFs), then sees the application and their list of applications.
   Some try to break the 10-working-day rule: 15% click "submit" twice at once,
   10% submit two vacancies from two tabs at once, 10% come back later and
   submit another vacancy from a stale tab. The second attempt must be refused
   with the rule's message: counted as an expected refusal, not an error.

The baseline is the same locust users with the same pacing sending the same
number of GETs to the bare Django view (bench/bare.py) under the same gunicorn,
in the same run. The machine is shared, so it also prints the CPU gunicorn and
its PostgreSQL backends used in the window (from /proc), and what everything
else took: CPU per request is steadier than latency on a busy machine.
Errors are 5xx, connection errors, an unexpected status or an unexpected
refusal. Afterwards the database is checked: no student may have
two `diajukan` applications (nor two open ones, `menunggu` or `diajukan`), no
vacancy more applications than places, and every registration a student saw
accepted must be stored. Target: 0 errors, 0 rule violations and a 95th
percentile under 200 ms in the window."""

import argparse
import datetime as dt
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from harness import ROOT, bench_env, fresh_database, gunicorn, psql  # noqa: E402

sys.path.insert(0, str(ROOT))

DATABASE = "pkpk_burst"
LOCUST = ROOT / ".venv" / "bin" / "locust"
VACANCIES = 60
PLACES = 40  # per vacancy: 60 x 40 places for 500 students, none fills up
POSITIONS = [
    "Programmer Web",
    "Teknisi Jaringan",
    "Desainer Grafis",
    "Operator Produksi",
    "Analis Data",
    "Teknisi Elektronika",
    "Staf Administrasi",
    "Drafter Mekanik",
    "Quality Control",
    "Animator 2D",
]
SEARCH_WORDS = ["Teknisi", "Programmer", "Desain", "Data", "Batam", "Quality"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--signin-concurrency", type=int, default=4)
    parser.add_argument("--request-log", action="store_true")
    parser.add_argument("--keep-db", action="store_true")
    return parser.parse_args()


# --- the data -----------------------------------------------------------------


def seed(users):
    """Demo data, `users` more students and the open vacancies. Returns the
    students' NIMs and the seconds one password hash takes."""
    import random

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import connection

    from demo import people
    from demo.seed import seed as seed_demo
    from magang.models import Lowongan
    from pkpk import roles
    from pkpk.models import Mahasiswa, Perusahaan, ProgramStudi, User

    seed_demo()
    start = time.perf_counter()
    password = make_password(people.PASSWORD)
    hash_seconds = time.perf_counter() - start

    programmes = list(ProgramStudi.objects.filter(ikut_magang=True).order_by("pk"))
    nims = [f"3990{n:06d}" for n in range(1, users + 1)]
    accounts = User.objects.bulk_create(
        User(
            username=nim,
            email=f"{nim}@{people.STUDENT_DOMAIN}",
            nama=f"Mahasiswa Burst {n}",
            password=password,
        )
        for n, nim in enumerate(nims, 1)
    )
    group = Group.objects.get(name=roles.MAHASISWA)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=group.pk) for u in accounts
    )
    Mahasiswa.objects.bulk_create(
        Mahasiswa(user=u, nim=u.username, prodi=programmes[n % len(programmes)], angkatan=2024)
        for n, u in enumerate(accounts)
    )

    rng = random.Random(2026)  # noqa: S311 (fictional vacancies)
    companies = list(Perusahaan.objects.order_by("pk"))
    staff = User.objects.get(username=people.STAF[0][0])
    today = dt.date.today()
    vacancies = Lowongan.objects.bulk_create(
        Lowongan(
            perusahaan=companies[n % len(companies)],
            posisi=POSITIONS[n % len(POSITIONS)],
            deskripsi="Membantu tim dalam pekerjaan sehari-hari sesuai bidang.",
            persyaratan="Mahasiswa aktif, IPK minimal 2,75.",
            kuota=PLACES,
            mulai=dt.date(today.year + 1, 2, 1),
            selesai=dt.date(today.year + 1, 5, 31),
            batas_daftar=today + dt.timedelta(days=30),
            dibuat_oleh=staff,
        )
        for n in range(VACANCIES)
    )
    Lowongan.prodi.through.objects.bulk_create(
        Lowongan.prodi.through(lowongan_id=v.pk, programstudi_id=p.pk)
        for v in vacancies
        for p in rng.sample(programmes, len(programmes) // 2)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return nims, hash_seconds


def check_database(nims, registered_seen):
    """The rule and the places, as the database holds them after the burst."""
    from django.db import connection

    queries = {
        "students with two `diajukan` applications": """
            SELECT count(*) FROM (SELECT mahasiswa_id FROM magang_pendaftaran
            WHERE status = 'diajukan' GROUP BY mahasiswa_id HAVING count(*) > 1) t""",
        "students with two open applications (menunggu/diajukan)": """
            SELECT count(*) FROM (SELECT mahasiswa_id FROM magang_pendaftaran
            WHERE status IN ('menunggu', 'diajukan') GROUP BY mahasiswa_id
            HAVING count(*) > 1) t""",
        "vacancies with more applications than places": """
            SELECT count(*) FROM magang_lowongan l WHERE l.kuota < (SELECT count(*)
            FROM magang_pendaftaran p WHERE p.lowongan_id = l.id
            AND p.status IN ('menunggu', 'diajukan', 'diterima'))""",
    }
    violations = 0
    with connection.cursor() as cursor:
        for label, sql in queries.items():
            cursor.execute(sql)
            found = cursor.fetchone()[0]
            violations += found
            print(f"  {label}: {found}")
        cursor.execute(
            """SELECT count(*), count(DISTINCT p.mahasiswa_id),
                      count(*) FILTER (WHERE p.status = 'diajukan')
               FROM magang_pendaftaran p JOIN pkpk_mahasiswa m ON m.id = p.mahasiswa_id
               WHERE m.nim = ANY(%s)""",
            [nims],
        )
        stored, students, submitted = cursor.fetchone()
    print(
        f"  registrations stored: {stored} for {students} students ({submitted} `diajukan`); "
        f"accepted as the students saw it: {registered_seen}"
    )
    if stored != students:
        violations += 1
        print("  VIOLATION: a student has more than one registration")
    elif stored != registered_seen:
        # Not the rule: a request the client gave up on (timeout) still registered.
        print("  note: registrations differ from what the students saw (a timed-out request?)")
    return violations


# --- running and reading the burst ------------------------------------------------


def run_locust(mode, port, args, workdir, *, logins=(), cookies=None):
    from demo.people import PASSWORD

    out = workdir / f"{mode}.json"
    settings = workdir / f"{mode}-settings.json"
    settings.write_text(
        json.dumps(
            {
                "mode": mode,
                "host": "127.0.0.1",
                "users": args.users,
                "seconds": args.seconds,
                "signin_concurrency": args.signin_concurrency,
                "logins": list(logins),
                "password": PASSWORD,
                "cookies": cookies or {},
                "search_words": SEARCH_WORDS,
                "out": str(out),
            }
        )
    )
    # A safety stop only: the locustfile ends the run when every student is done.
    limit = args.seconds + 120 + (args.users * 2 if mode == "signin" else 0)
    log = workdir / f"locust-{mode}.log"
    with log.open("w") as log_file:
        subprocess.run(
            [
                str(LOCUST),
                "-f",
                str(HERE / "burst_locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                "100",
                "--run-time",
                f"{limit}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "10",
            ],
            cwd=HERE,
            env={**os.environ, "BURST": str(settings)},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if not out.exists():
        print(log.read_text()[-3000:])
        raise SystemExit(f"locust wrote no results ({mode})")
    return json.loads(out.read_text())


# --- where the CPU went -----------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid):
    """CPU-seconds (user + system) process `pid` used so far, 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _gunicorn_pids(port):
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if b"gunicorn" in cmdline and f"127.0.0.1:{port}".encode() in cmdline:
            found.append(int(proc.name))
    return found


def _backend_pids():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [DATABASE],
        )
        return [row[0] for row in cursor.fetchall()]


def _machine_busy():
    """CPU-seconds the whole machine has been busy (all cores, all users)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


def cpu_snapshot(port):
    app = {pid: _cpu_of(pid) for pid in _gunicorn_pids(port)}
    db = {pid: _cpu_of(pid) for pid in _backend_pids()}
    return {"app": app, "db": db, "machine": _machine_busy(), "at": time.monotonic()}


def cpu_used(before, after):
    """CPU-seconds of gunicorn and of its database backends between two snapshots."""

    def used(kind):
        return sum(cpu - before[kind].get(pid, 0.0) for pid, cpu in after[kind].items())

    return {
        "app": used("app"),
        "db": used("db"),
        "machine": after["machine"] - before["machine"],
        "seconds": after["at"] - before["at"],
    }


def percentile(sorted_ms, p):
    return sorted_ms[max(0, math.ceil(p / 100 * len(sorted_ms)) - 1)] if sorted_ms else float("nan")


def figures(samples):
    ms = sorted(s["ms"] for s in samples if s["ms"] is not None)
    return {
        "n": len(samples),
        "errors": sum(1 for s in samples if s["outcome"] not in ("ok", "refused")),
        "refused": sum(1 for s in samples if s["outcome"] == "refused"),
        "under_200": sum(1 for m in ms if m < 200) / len(ms) if ms else 0,
        "p50": percentile(ms, 50),
        "p95": percentile(ms, 95),
        "p99": percentile(ms, 99),
        "max": ms[-1] if ms else float("nan"),
    }


def line(name, f, baseline=None):
    text = (
        f"{name:<26} {f['n']:6d} req  {f['errors']:4d} err  {f['refused']:4d} refused  "
        f"<200 ms {f['under_200']:6.1%}  p50 {f['p50']:7.1f}  p95 {f['p95']:7.1f}  "
        f"p99 {f['p99']:7.1f}  max {f['max']:7.1f} ms"
    )
    if baseline:
        text += f"  p95 ratio {f['p95'] / baseline['p95']:5.1f}x"
    print(text, flush=True)


def window_of(result):
    samples = [s for s in result["samples"] if s["phase"] == "window"]
    ended = max((s["at"] for s in samples if s["at"]), default=result["window_started"] or 0)
    span = ended - (result["window_started"] or ended)
    return samples, span


def report_signin(result, hash_seconds, users):
    samples = result["samples"]
    span = (result["window_started"] or 0) - (result["signin_started"] or 0)
    print(
        f"sign-in phase: {users} students in {span:.1f} s ({users / span:.1f} sign-ins/s); "
        f"one PBKDF2 hash takes {hash_seconds * 1000:.0f} ms here, so {users} sign-ins "
        f"need {users * hash_seconds:.0f} CPU-seconds",
        flush=True,
    )
    for page in ("sign-in page", "sign-in"):
        line(page, figures([s for s in samples if s["page"] == page]))
    errors = [s for s in samples if s["outcome"] != "ok"]
    for s in errors[:5]:
        print(f"  sign-in error: {s['page']} {s['status']} {s['outcome']}")


def summarise_request_log(path):
    """Queries and server time per page from the JSON request log."""
    pages = defaultdict(list)
    for raw in path.read_text().splitlines():
        if not raw.startswith("{"):
            continue
        entry = json.loads(raw)
        if entry.get("logger") != "pkpk.request":
            continue
        path = re.sub(r"/\d+/", "/<n>/", entry["path"])
        key = f"{entry['method']} {path}"
        pages[key].append((entry["duration_ms"], entry["queries"]))
    print("request log (server side):")
    for key, rows in sorted(pages.items()):
        ms = sorted(r[0] for r in rows)
        queries = [r[1] for r in rows]
        print(
            f"  {key:<34} {len(rows):5d} req  queries {min(queries)}-{max(queries)} "
            f"(mean {statistics.mean(queries):.1f})  server p50 {percentile(ms, 50):6.1f}  "
            f"p95 {percentile(ms, 95):6.1f} ms"
        )


def load_note():
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def main():
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="pkpk-burst-"))
    env = {
        **bench_env(DATABASE),
        "MEDIA_ROOT": str(workdir / "media"),  # the uploaded PDFs, removed afterwards
    }
    os.environ.update(env)
    options = ["--threads", str(args.threads)] if args.threads > 1 else []
    server = f"gunicorn, {args.workers} workers" + (
        f" x {args.threads} threads" if args.threads > 1 else ""
    )
    import django

    try:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=os.environ,
            check=True,
        )
        fresh_database(DATABASE)
        django.setup()
        started = time.perf_counter()
        nims, hash_seconds = seed(args.users)
        print(
            f"seeded the demo, {args.users} students and {VACANCIES} vacancies "
            f"in {time.perf_counter() - started:.1f} s; {server}",
            flush=True,
        )
        from django.db import connection

        connection.close()

        print(f"bare view: {load_note()}", flush=True)
        with gunicorn(
            "bare:application", chdir=HERE, workers=args.workers, options=options
        ) as port:
            bare = run_locust("bare", port, args, workdir)
        baseline = figures(window_of(bare)[0])

        app_options = list(options)
        app_env = dict(env)
        if args.request_log:
            app_env["LOG_LEVEL"] = "INFO"
            log_path = workdir / "requests.log"
            app_options += ["--capture-output", "--error-logfile", str(log_path)]
        print(f"sign-in: {load_note()}", flush=True)
        with gunicorn("pkpk.wsgi", env=app_env, workers=args.workers, options=app_options) as port:
            signin = run_locust("signin", port, args, workdir, logins=nims)
            print(f"students: {load_note()}", flush=True)
            before = cpu_snapshot(port)
            result = run_locust(
                "students", port, args, workdir, logins=nims, cookies=signin["cookies"]
            )
            cpu = cpu_used(before, cpu_snapshot(port))
        print(f"after the burst: {load_note()}\n", flush=True)

        report_signin(signin, hash_seconds, args.users)
        samples, span = window_of(result)
        print(
            f"\nwindow: {result['done']} of {args.users} students browsed and registered; "
            f"the last request ended {span:.1f} s after the window opened "
            f"({len(samples) / span:.0f} requests/s)",
            flush=True,
        )
        others = cpu["machine"] - cpu["app"] - cpu["db"]
        print(
            f"CPU in the window: gunicorn {cpu['app']:.1f} s, PostgreSQL {cpu['db']:.1f} s "
            f"({(cpu['app'] + cpu['db']) * 1000 / len(samples):.1f} ms a request); everything "
            f"else on the machine (locust, other work) {others:.1f} s; "
            f"{os.cpu_count() * cpu['seconds']:.0f} s of CPU were there",
            flush=True,
        )
        line("bare Django view (baseline)", baseline)
        overall = figures(samples)
        line("all pages", overall, baseline)
        for page in sorted({s["page"] for s in samples}):
            line(f"  {page}", figures([s for s in samples if s["page"] == page]), baseline)
        errors = defaultdict(int)
        for s in samples:
            if s["outcome"] not in ("ok", "refused"):
                errors[f"{s['page']}: {s['outcome']}"] += 1
        for what, count in sorted(errors.items()):
            print(f"  error: {what} x{count}")
        if args.request_log:
            summarise_request_log(log_path)

        registered = sum(
            1
            for s in samples
            if s["page"] == "submit registration" and s["status"] == 302 and s["outcome"] == "ok"
        )
        print("\ndatabase check:")
        violations = check_database(nims, registered)
        met = overall["errors"] == 0 and violations == 0 and overall["p95"] < 200
        print(
            f"\ntarget (0 errors, 0 rule violations, p95 < 200 ms): {'met' if met else 'NOT met'} "
            f"({overall['errors']} errors, {violations} violations, p95 {overall['p95']:.1f} ms; "
            f"bare view p95 {baseline['p95']:.1f} ms)",
            flush=True,
        )
        connection.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if not args.keep_db:
            psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    if violations:
        raise SystemExit("the rule was broken")


if __name__ == "__main__":
    main()
