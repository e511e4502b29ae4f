"""Small tools the benchmarks share: start gunicorn, fire requests, report."""

import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SOCKET = ROOT / ".pg" / "run"  # this checkout's PostgreSQL (bin/db)


# Students with `per_student` applications each: all but the last closed
# (rejected or expired), the last one open and overdue. Shared by the
# registration and recap benchmarks.
LOAD_SQL = """
INSERT INTO pkpk_jurusan (kode, nama) VALUES ('TI', 'Teknik Informatika');
INSERT INTO pkpk_programstudi (jurusan_id, kode, nama, jenjang, ikut_magang, informasi_kompetensi)
SELECT (SELECT id FROM pkpk_jurusan), 'P' || g, 'Prodi ' || g, 'D3', true, ''
FROM generate_series(1, 20) g;
INSERT INTO pkpk_perusahaan (nama, nama_normal, alamat, kota, kota_normal, sektor, kontak_nama,
    kontak_jabatan, email, telepon, dibuat)
SELECT 'PT Mitra ' || g, 'mitra ' || g, 'Jl. ' || g, 'Batam', 'batam', 'manufaktur', 'HRD', '',
    '', '', now()
FROM generate_series(1, 500) g;
INSERT INTO pkpk_user (password, is_superuser, username, email, is_staff, is_active,
    date_joined, nama)
SELECT '!', false, (3300000000 + g)::text, (3300000000 + g)::text || '@m.example', false, true,
    now(), 'Mahasiswa ' || g
FROM generate_series(1, {students}) g;
INSERT INTO pkpk_mahasiswa (user_id, nim, prodi_id, angkatan, telepon)
SELECT u.id, u.username, (SELECT min(id) FROM pkpk_programstudi) + (u.id % 20), 2024, ''
FROM pkpk_user u WHERE u.username ~ '^[0-9]+$';
-- Four closed applications per student, then one open one that is overdue.
INSERT INTO magang_pendaftaran (mahasiswa_id, perusahaan_id, jalur, posisi, mulai, selesai,
    kontak_nama, kontak_jabatan, kontak_email, kontak_telepon, cv, transkrip, status, dibuat,
    diajukan_pada, batas_jawaban, dijawab_pada, alasan, penempatan)
SELECT m.id, (SELECT min(id) FROM pkpk_perusahaan) + ((m.id * 7 + k) % 500), 'mandiri',
    'Posisi ' || k, date '2027-02-01', date '2027-05-31', 'HRD', '', '', '', '', '',
    CASE WHEN k = {per_student} THEN 'diajukan'
         WHEN k % 2 = 0 THEN 'ditolak' ELSE 'kedaluwarsa' END,
    now() - ({per_student} + 1 - k) * interval '20 days',
    now() - ({per_student} + 1 - k) * interval '20 days',
    now() - interval '1 hour', NULL, '', ''
FROM pkpk_mahasiswa m, generate_series(1, {per_student}) k;
INSERT INTO magang_peristiwa (pendaftaran_id, mahasiswa_id, jenis, dari, ke, waktu, catatan)
SELECT id, mahasiswa_id, 'diajukan', '', 'diajukan', diajukan_pada, '' FROM magang_pendaftaran;
ANALYZE;
"""


def bench_env(database):
    """Settings for a benchmark database on this checkout's server."""
    return {
        "DJANGO_SETTINGS_MODULE": "pkpk.settings",
        "DATABASE_URL": f"postgres://app@/{database}?host={SOCKET}&port=54329",
        "ALLOWED_HOSTS": "127.0.0.1",
        # One log line per request would be measured with the page.
        "LOG_LEVEL": "WARNING",
    }


def psql(sql, db="postgres"):
    subprocess.run(
        ["psql", "-h", str(SOCKET), "-p", "54329", "-U", "app", "-d", db, "-q", "-c", sql],
        check=True,
        capture_output=True,
    )


def fresh_database(database):
    """Drop and re-create `database`, then migrate it."""
    psql(f"DROP DATABASE IF EXISTS {database}")
    psql(f"CREATE DATABASE {database}")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, **bench_env(database)},
        check=True,
    )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(app, *, workers=2, env=None, chdir=ROOT, options=()):
    """Serve `app` on a free port; `options` are more gunicorn flags (threads, logs)."""
    port = free_port()
    proc = subprocess.Popen(
        [
            str(GUNICORN),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
            "--log-level",
            "warning",
            *options,
        ],
        cwd=chdir,
        env={**os.environ, **(env or {})},
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def fetch(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    return response.status, elapsed


def load(port, path, *, requests=400, concurrency=2, headers=None):
    """Latencies in ms of `requests` GETs, `concurrency` at a time (as many as
    gunicorn has workers, so this measures pages, not queueing), after a warm-up."""
    for _ in range(20):
        fetch(port, path, headers)
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda _: fetch(port, path, headers), range(requests)))
    statuses = {s for s, _ in results}
    times = sorted(t * 1000 for _, t in results)
    return {
        "statuses": statuses,
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
    }


def report(name, result, baseline=None, *, target=None):
    """One page's line; with a baseline, its p95 is also a figure of the
    summary (`target`: the most its ratio to the baseline may be)."""
    line = f"{name:<40} p50 {result['p50']:7.2f} ms   p95 {result['p95']:7.2f} ms"
    if baseline:
        line += f"   p95 ratio {result['p95'] / baseline['p95']:5.2f}x"
    print(line + f"   status {sorted(result['statuses'])}", flush=True)
    sys.stdout.flush()
    if baseline:
        figure(
            f"{name} (p95)",
            result["p95"],
            baseline["p95"],
            unit="ms",
            max_ratio=target,
        )


def figure(name, value, baseline, *, unit, max_ratio=None, max_value=None):
    """A figure and the bare baseline of the same run, for the summary that
    `make bench` (bench/run.py) prints at the end: it collects them through
    the file named by BENCH_SUMMARY. A target is a ratio (`max_ratio`), an
    absolute bound (`max_value`, in `unit`), or both; without one the figure
    is reported only. Returns whether it met its targets."""
    ratio = value / baseline if baseline else None
    met = None
    if max_ratio is not None or max_value is not None:
        met = (max_ratio is None or (ratio is not None and ratio <= max_ratio)) and (
            max_value is None or value <= max_value
        )
    path = os.environ.get("BENCH_SUMMARY")
    if path:
        row = {
            "bench": Path(sys.argv[0]).stem,
            "name": name,
            "value": value,
            "baseline": baseline,
            "unit": unit,
            "ratio": ratio,
            "max_ratio": max_ratio,
            "max_value": max_value,
            "met": met,
        }
        with open(path, "a") as out:
            out.write(json.dumps(row) + "\n")
    return met


def session_cookie(user):
    """A signed-in session for `user` as a Cookie header (needs django.setup())."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "pkpk.auth.NimOrEmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"Cookie": f"sessionid={session.session_key}"}
