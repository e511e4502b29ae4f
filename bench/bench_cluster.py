"""Two app servers: the registration-day burst through nginx to two gunicorn
instances sharing Redis, pgbouncer and one PostgreSQL, and the checks.

Usage: .venv/bin/python bench/bench_cluster.py   (or `make bench-cluster`)
  --users 200          students (and locust users) of the burst
  --seconds 30         the burst's window
  --workers 2          gunicorn workers per instance
  --letters 40         letters staff issue at once, half on each instance
  --database NAME      the database it builds (pkpk_cluster), dropped afterwards
  --keep-db            ...unless this is given, for a look afterwards

What it starts, each on a private socket or port, and stops again (on an
error or Ctrl-C too): redis-server (Unix socket, nothing on disk); pgbouncer
in transaction mode in front of this checkout's PostgreSQL (as `postgres`
when run as root: pgbouncer refuses root); two "nodes", each one gunicorn
(REDIS_URL, DATABASE_URL through pgbouncer, DB_PREPARED_STATEMENTS=0,
PROXY_COUNT=1, one MEDIA_ROOT folder for both: the shared folder) and one
django-q2 worker cluster; Debian's nginx with deploy/pkpk.nginx.conf and
both instances as its upstream. nginx's sign-in limit_req is dropped here:
it counts per client address, and every simulated student comes from
127.0.0.1 (in production they come from many addresses; the limit itself is
tested in tests/ops/test_behind_nginx.py).

Then, on a fresh database seeded as bench_burst.py seeds it:
1. the burst (bench_burst's locust students) against nginx: 0 errors;
2. the 10-working-day rule held for every student (bench_burst.check_database);
3. staff issue --letters application letters at once, alternately on
   instance A and B directly: every one issued, their numbers unique and
   without a gap in their register, each PDF readable from the other instance;
4. the verification page's rate limit (10 a minute per code, surat/limits.py)
   hit alternately on A and B: one shared budget, 10 answers then 429.
It prints the figures (p50/p95 of the burst, CPU per request of gunicorn,
PostgreSQL, pgbouncer, Redis and nginx) and PASS/FAIL per check, and exits
non-zero when a check fails."""

import argparse
import atexit
import contextlib
import http.client
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_burst  # noqa: E402
from harness import GUNICORN, ROOT, SOCKET, bench_env, free_port, fresh_database, psql  # noqa: E402

sys.path.insert(0, str(ROOT))
from tests.support import nginx  # noqa: E402

DATABASE = "pkpk_cluster"
PGBOUNCER = shutil.which("pgbouncer") or shutil.which("pgbouncer", path="/usr/sbin:/usr/bin")
REDIS = shutil.which("redis-server") or shutil.which("redis-server", path="/usr/sbin:/usr/bin")
VERIFY_PER_CODE = 10  # surat.limits.VERIFY.per_code_minute (read again after django.setup)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--letters", type=int, default=40)
    parser.add_argument("--database", default="pkpk_cluster")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args(argv)
    global DATABASE  # noqa: PLW0603 (one run per process; the helpers read it)
    DATABASE = args.database
    # What bench_burst.run_locust reads.
    args.signin_concurrency = 4
    return args


# --- the processes ------------------------------------------------------------


class Processes:
    """Everything this run starts, each in a session of its own (a Ctrl-C in
    the terminal reaches only this script), stopped in reverse order."""

    def __init__(self, folder):
        self.folder, self.running = folder, []

    def start(self, name, command, env=None, *, group_signal=True):
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 (closed in stop_all)
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # django-q2's qcluster hangs when its whole group is signalled
        # (RECIPES.md): it gets SIGTERM on its main process only.
        self.running.append((name, process, log, group_signal))
        return process

    def stop_all(self):
        while self.running:
            name, process, log, group_signal = self.running.pop()
            with contextlib.suppress(ProcessLookupError):
                if group_signal:
                    os.killpg(process.pid, signal.SIGTERM)
                else:
                    process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                print(f"  {name} did not stop in 20 s: killed", flush=True)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            log.close()

    def log_tail(self, name):
        path = self.folder / f"{name}.log"
        return path.read_text()[-2000:] if path.exists() else ""


def wait_until(condition, what, processes, name, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise SystemExit(f"{what} did not come up:\n{processes.log_tail(name)}")


def answers(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/masuk/")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def as_postgres(command):
    """pgbouncer will not run as root: as `postgres` then, else as we are."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def start_redis(processes, folder):
    sock = folder / "redis.sock"
    command = [REDIS, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700"]
    command += ["--save", "", "--appendonly", "no", "--dir", str(folder)]
    processes.start("redis", command)
    wait_until(sock.exists, "redis-server", processes, "redis")
    return f"unix://{sock}"


def start_pgbouncer(processes, folder, workers):
    """Transaction mode: a server connection is a client's for one
    transaction only. Each gunicorn worker and worker process keeps one
    client connection; the pool gives them a few real ones."""
    pool = folder / "pgbouncer"
    pool.mkdir()
    if os.geteuid() == 0:
        shutil.chown(pool, "postgres")
    port = free_port()
    (pool / "pgbouncer.ini").write_text(
        f"""[databases]
{DATABASE} = host={SOCKET.resolve()} port=54329 dbname={DATABASE} user=app

[pgbouncer]
listen_addr =
listen_port = {port}
unix_socket_dir = {pool}
auth_type = any
pool_mode = transaction
default_pool_size = {max(4, workers * 2)}
max_client_conn = 500
ignore_startup_parameters = extra_float_digits,options
logfile = {pool}/pgbouncer.log
pidfile =
"""
    )
    processes.start("pgbouncer", as_postgres([PGBOUNCER, str(pool / "pgbouncer.ini")]))
    wait_until((pool / f".s.PGSQL.{port}").exists, "pgbouncer", processes, "pgbouncer", timeout=30)
    return f"postgres://app@/{DATABASE}?host={pool}&port={port}"


def node_env(database_url, redis_url, media):
    return {
        **bench_env(DATABASE),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DB_PREPARED_STATEMENTS": "0",
        "PROXY_COUNT": "1",
        "MEDIA_ROOT": str(media),
        # No collectstatic: nginx serves static/ itself, pages name plain paths.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "Q_WORKERS": "1",
    }


def start_node(processes, name, env, workers):
    port = free_port()
    command = [str(GUNICORN), "pkpk.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--no-control-socket", "--log-level", "warning"]
    processes.start(f"gunicorn-{name}", command, env)
    processes.start(
        f"qcluster-{name}", [sys.executable, "manage.py", "qcluster"], env, group_signal=False
    )
    wait_until(lambda: answers(port), f"gunicorn {name}", processes, f"gunicorn-{name}")
    return port


def start_nginx(processes, folder, ports):
    site = folder / "nginx"
    site.mkdir()
    port = free_port()
    upstreams = [f"127.0.0.1:{p}" for p in ports]
    command = nginx.nginx_command(nginx.BINARY, site, port, upstreams, signin_limit=False)
    processes.start("nginx", command)
    wait_until(lambda: answers(port), "nginx", processes, "nginx")
    return port


# --- CPU: every process of the set-up ---------------------------------------------


def pids_of(process):
    """`process` and its descendants (gunicorn's workers, runuser's pgbouncer)."""
    found, frontier = {process.pid}, [process.pid]
    while frontier:
        parent = frontier.pop()
        children = Path(f"/proc/{parent}/task/{parent}/children")
        with contextlib.suppress(OSError):
            for child in children.read_text().split():
                found.add(int(child))
                frontier.append(int(child))
    return found


def cpu_snapshot(processes):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [DATABASE],
        )
        backends = [row[0] for row in cursor.fetchall()]
    parts = {}
    for name, process, _log, _group in processes.running:
        kind = name.split("-")[0]
        for pid in pids_of(process):
            parts.setdefault(kind, {})[pid] = bench_burst._cpu_of(pid)
    parts["postgresql"] = {pid: bench_burst._cpu_of(pid) for pid in backends}
    return {"parts": parts, "machine": bench_burst._machine_busy(), "at": time.monotonic()}


def cpu_used(before, after):
    used = {
        kind: sum(cpu - before["parts"].get(kind, {}).get(pid, 0.0) for pid, cpu in pids.items())
        for kind, pids in after["parts"].items()
    }
    used["machine"] = after["machine"] - before["machine"]
    used["seconds"] = after["at"] - before["at"]
    return used


# --- the checks ---------------------------------------------------------------------


def request(port, method, path, *, cookies=None, form=None):
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        from urllib.parse import urlencode

        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read(), response.getheader("Location", "")
    finally:
        conn.close()


def staff_cookies(username):
    """A signed-in staff session (written to the database, which cached_db
    reads when Redis has not seen it) and a CSRF secret of our own."""
    from harness import session_cookie

    from pkpk.models import User

    session = session_cookie(User.objects.get(username=username))["Cookie"]
    return {"sessionid": session.split("=", 1)[1], "csrftoken": secrets.token_hex(16)}


def issue_letters(ports, count):
    """Staff issue `count` application letters at once, one after another
    alternately on A and B, two staff members. Returns what the checks need."""
    from demo import people
    from magang.models import Pendaftaran

    applications = list(
        Pendaftaran.objects.filter(status="diajukan", mahasiswa__nim__startswith="3990")
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    staff = [staff_cookies(people.STAF[0][0]), staff_cookies(people.STAF[1][0])]

    def issue(n_pk):
        n, pk = n_pk
        cookies = staff[n % 2]
        form = {
            "csrfmiddlewaretoken": cookies["csrftoken"],
            "penerima_jabatan": "Manajer HRD",
            "penerima_nama": "Ibu Ratna",
            "perlu_balasan": "on",
        }
        started = time.perf_counter()
        status, _body, location = request(
            ports[n % 2], "POST", f"/surat/terbitkan/?pendaftaran={pk}", cookies=cookies, form=form
        )
        return n, pk, status, location, (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(issue, enumerate(applications)))
    return applications, results, time.perf_counter() - started, staff


def check_letters(ports, applications, results, staff):
    from surat.models import Penomoran, Surat

    problems = []
    issued = [r for r in results if r[2] == 302 and "/surat/" in r[3]]
    if len(applications) == 0:
        problems.append("no `diajukan` application to issue a letter for")
    if len(issued) != len(applications):
        statuses = sorted({r[2] for r in results})
        problems.append(f"{len(issued)} of {len(applications)} issued (statuses {statuses})")
    letters = list(Surat.objects.filter(mahasiswa__pendaftaran__in=applications).distinct())
    if len(letters) != len(applications):
        problems.append(f"{len(letters)} letters stored for {len(applications)} applications")
    numbers = [s.nomor for s in letters]
    if len(set(numbers)) != len(numbers):
        problems.append("two letters share a number")
    for pola, tahun in {(s.pola, s.tahun) for s in letters}:
        counter = Penomoran.objects.get(pola=pola, tahun=tahun)
        sequence = sorted(
            Surat.objects.filter(pola=pola, tahun=tahun).values_list("urutan", flat=True)
        )
        if sequence != list(range(1, counter.terakhir + 1)):
            problems.append(f"register {pola} {tahun}: numbers {sequence} are not 1..N")
    # Each PDF from the instance that did not issue it: one storage for both.
    by_letter = {s.pk: s for s in letters}
    for n, _pk, _status, location, _ms in issued:
        letter_pk = int(location.rstrip("/").split("/")[-1])
        other = ports[(n + 1) % 2]
        status, body, _ = request(
            other, "GET", f"/surat/{letter_pk}/unduh/", cookies=staff[(n + 1) % 2]
        )
        if status != 200 or not body.startswith(b"%PDF"):
            problems.append(f"letter {by_letter.get(letter_pk)} not readable on the other node")
            break
    return problems, sorted(numbers)


def check_shared_limit(ports):
    """The per-code budget of the verification page, hit alternately on A
    and B: one budget for both (Redis), so VERIFY_PER_CODE answers then 429."""
    from surat.limits import VERIFY

    # Fixed one-minute windows: start clear of a window's end.
    left = 60 - time.time() % 60
    if left < 15:
        time.sleep(left + 0.5)
    code = f"/verifikasi/{secrets.token_hex(4)}/"
    statuses = [request(ports[n % 2], "GET", code)[0] for n in range(2 * VERIFY.per_code_minute)]
    allowed = statuses.count(404)
    ok = allowed == VERIFY.per_code_minute and statuses.count(429) == VERIFY.per_code_minute
    return ok, statuses


# --- the run --------------------------------------------------------------------------


def main(argv=None):
    args = parse_args(argv)
    missing = [name for name, path in [("pgbouncer", PGBOUNCER), ("redis-server", REDIS),
                                       ("nginx", nginx.BINARY)] if not path]  # fmt: skip
    if missing:
        raise SystemExit(f"not installed: {', '.join(missing)} (bin/setup dev installs them)")
    # Short: Unix socket paths have at most 107 characters.
    folder = Path(tempfile.mkdtemp(prefix="pkpk-cluster-"))
    folder.chmod(0o755)  # pgbouncer, as postgres, keeps its socket in here
    processes = Processes(folder)
    atexit.register(processes.stop_all)  # a last resort: main's finally stops them first
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    os.environ.update(bench_env(DATABASE), SITE_URL="https://magang.bench.example")
    checks = {}
    import django

    try:
        fresh_database(DATABASE)
        django.setup()
        started = time.perf_counter()
        nims, hash_seconds = bench_burst.seed(args.users)
        print(
            f"seeded the demo and {args.users} students in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        redis_url = start_redis(processes, folder)
        database_url = start_pgbouncer(processes, folder, args.workers)
        env = node_env(database_url, redis_url, folder / "media")
        ports = [start_node(processes, name, env, args.workers) for name in ("a", "b")]
        front = start_nginx(processes, folder, ports)
        print(
            f"nginx :{front} -> gunicorn A :{ports[0]}, B :{ports[1]} "
            f"({args.workers} workers each), pgbouncer (transaction mode), redis, "
            f"a worker cluster per node; {bench_burst.load_note()}",
            flush=True,
        )

        signin = bench_burst.run_locust("signin", front, args, folder, logins=nims)
        bench_burst.report_signin(signin, hash_seconds, args.users)
        before = cpu_snapshot(processes)
        result = bench_burst.run_locust(
            "students", front, args, folder, logins=nims, cookies=signin["cookies"]
        )
        cpu = cpu_used(before, cpu_snapshot(processes))
        samples, span = bench_burst.window_of(result)
        overall = bench_burst.figures(samples)
        print(
            f"\nburst: {result['done']} of {args.users} students browsed and registered in "
            f"{span:.1f} s ({len(samples) / span:.0f} requests/s through nginx)",
            flush=True,
        )
        bench_burst.line("all pages", overall)
        for page in sorted({s["page"] for s in samples}):
            bench_burst.line(
                f"  {page}", bench_burst.figures([s for s in samples if s["page"] == page])
            )
        parts = ", ".join(
            f"{kind} {cpu.get(kind, 0.0):.1f} s"
            for kind in ("gunicorn", "postgresql", "pgbouncer", "redis", "nginx", "qcluster")
        )
        served = cpu.get("gunicorn", 0.0) + cpu.get("postgresql", 0.0)
        print(
            f"CPU in the window: {parts}; gunicorn + PostgreSQL "
            f"{served * 1000 / max(1, len(samples)):.1f} ms a request, the whole set-up "
            f"{sum(v for k, v in cpu.items() if k not in ('machine', 'seconds')) * 1000 / max(1, len(samples)):.1f} ms; "  # noqa: E501
            f"the machine {cpu['machine']:.1f} s of {os.cpu_count() * cpu['seconds']:.0f} s",
            flush=True,
        )
        errors = {}
        for s in samples:
            if s["outcome"] not in ("ok", "refused"):
                key = f"{s['page']}: {s['outcome']} (status {s['status']})"
                errors[key] = errors.get(key, 0) + 1
        for what, count in sorted(errors.items()):
            print(f"  error: {what} x{count}")
        if errors:
            for name in ("gunicorn-a", "gunicorn-b", "pgbouncer"):
                print(f"  {name} log: {processes.log_tail(name)[-800:]}")
            pgbouncer_log = folder / "pgbouncer" / "pgbouncer.log"
            if pgbouncer_log.exists():
                warnings = [x for x in pgbouncer_log.read_text().splitlines() if "WARN" in x]
                print("  pgbouncer warnings: " + "\n".join(warnings[-10:]))
            nginx_log = folder / "nginx" / "pkpk.error.log"
            if nginx_log.exists():
                print(f"  nginx errors: {nginx_log.read_text()[-800:]}")
        checks["burst: 0 errors"] = overall["errors"] == 0 and result["done"] == args.users
        registered = sum(
            1
            for s in samples
            if s["page"] == "submit registration" and s["status"] == 302 and s["outcome"] == "ok"
        )
        print("\nthe 10-day rule, as the database holds it:")
        checks["the 10-day rule held for every student"] = (
            bench_burst.check_database(nims, registered) == 0
        )

        applications, results, seconds, staff = issue_letters(ports, args.letters)
        ms = sorted(r[4] for r in results)
        print(
            f"\nletters: {len(applications)} issued at once (8 in flight, alternately on A and "
            f"B) in {seconds:.1f} s; p50 {bench_burst.percentile(ms, 50):.0f} ms, "
            f"p95 {bench_burst.percentile(ms, 95):.0f} ms",
            flush=True,
        )
        problems, numbers = check_letters(ports, applications, results, staff)
        for problem in problems:
            print(f"  {problem}")
        if numbers:
            print(f"  numbers {numbers[0]} .. {numbers[-1]}")
        checks["letters: numbers unique and gapless, PDFs on both nodes"] = not problems

        ok, statuses = check_shared_limit(ports)
        print(f"\nverification limit, A and B in turn: {statuses}")
        checks["one rate limit for both instances"] = ok
    finally:
        if django.apps.apps.ready:
            from django.db import connections

            connections.close_all()
        processes.stop_all()
        shutil.rmtree(folder, ignore_errors=True)
        if not args.keep_db:
            psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    print()
    for name, passed in checks.items():
        print(f"{'PASS' if passed else 'FAIL'}  {name}")
    if len(checks) < 4 or not all(checks.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
