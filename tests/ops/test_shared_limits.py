"""The rate limits hold across processes (docs/runbook.md, "Scaling out"): several
real processes, and gunicorn with two workers, against the test database,
once with the database cache and once with a Redis server started here on
a socket of its own. Together they get one budget, not one each."""

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from surat.limits import VERIFY
from tests.support.ops import (
    ROOT,
    Browser,
    admin_sql,
    answers,
    clear_of_window_end,
    database_url,
    free_port,
    manage,
    manage_env,
    spawn,
    start_gunicorn,
    stop,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)

REDIS = shutil.which("redis-server") or shutil.which("redis-server", path="/usr/sbin:/usr/bin")


@pytest.fixture(scope="module")
def redis_binary():
    if REDIS is None:
        message = "Debian's redis-server is not installed (bin/setup dev installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI runs bin/setup dev: it must be there
        pytest.skip(message)
    return REDIS


@pytest.fixture
def redis_url(redis_binary):
    """A redis-server of this test only, on a Unix socket in a short folder
    (at most 107 characters), keeping nothing on disk."""
    folder = tempfile.mkdtemp(prefix="pkpk-redis-")
    sock = os.path.join(folder, "redis.sock")
    command = [redis_binary, "--port", "0", "--unixsocket", sock, "--unixsocketperm", "700"]
    command += ["--save", "", "--appendonly", "no", "--dir", folder]
    process = spawn(command, os.environ, os.path.join(folder, "redis.log"))
    try:
        wait_for(lambda: os.path.exists(sock), "redis-server", process, folder)
        yield f"unix://{sock}"
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["database", "redis"])
def cache_env(request):
    """The variables that choose the shared cache: none (the database cache)
    or REDIS_URL."""
    if request.param == "redis":
        return {"REDIS_URL": request.getfixturevalue("redis_url")}
    return {}


# Each process hits one key 10 times as soon as the go file appears, and
# prints how many of its hits were allowed.
HITTER = """
import os, time
from pkpk.lib.ratelimit import hit
print("ready", flush=True)
while not os.path.exists(os.environ["GO"]):
    time.sleep(0.002)
print(sum(hit("test:together", limit=20, window=3600) for _ in range(10)), flush=True)
"""


def test_processes_hitting_at_once_share_one_budget(cache_env, test_database, media, tmp_path):
    go = tmp_path / "go"
    env = manage_env(test_database, media, GO=go, **cache_env)
    command = [sys.executable, "manage.py", "shell", "--no-imports", "-c", HITTER]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    try:
        for process in processes:
            assert process.stdout.readline().strip() == "ready"
        clear_of_window_end(3600, margin=30)
        go.touch()
        allowed = [int(process.communicate(timeout=60)[0]) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    # 60 hits at once against a limit of 20: 20 allowed in all, not 20 each.
    assert sum(allowed) == 20, allowed


def test_two_gunicorn_workers_share_one_verification_limit(cache_env, test_database, media):
    folder = tempfile.mkdtemp(prefix="pkpk-workers-")
    port = free_port()
    gunicorn = start_gunicorn(
        f"127.0.0.1:{port}", folder, test_database, media, workers=2, PROXY_COUNT=0, **cache_env
    )
    access = Path(folder, "access.txt")
    try:
        wait_for(lambda: answers(port), "gunicorn", gunicorn, folder)
        wait_for(
            lambda: len(workers_seen(access, port, "/masuk/")) == 2,
            "both workers",
            gunicorn,
            folder,
        )
        clear_of_window_end(60, margin=20)
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(verify, [port] * (2 * VERIFY.per_code_minute)))
    finally:
        stop(gunicorn)
        log = access.read_text() if access.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
    served = [line.split() for line in log.splitlines() if line.endswith("/verifikasi/tebakan/")]
    # Both workers answered the burst, and between them allowed one budget.
    assert len({pid for pid, _status, _path in served}) == 2, log
    assert statuses.count(404) == VERIFY.per_code_minute, statuses
    assert statuses.count(429) == VERIFY.per_code_minute, statuses


def verify(port):
    return Browser(port).request("GET", "/verifikasi/tebakan/")[0]


def workers_seen(access, port, path):
    """Ask for `path` a few times at once; the workers that ever served it."""
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: Browser(port).request("GET", path), range(4)))
    lines = access.read_text().splitlines() if access.exists() else []
    return {line.split()[0] for line in lines if line.endswith(path)}


def test_migrate_alone_makes_the_cache_table(test_database, media):
    """A fresh clone runs `migrate` (bin/setup) and nothing else."""
    name = f"{test_database}_fresh"
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{name}"')
    try:
        result = manage("migrate", "--no-input", env=manage_env(name, media), timeout=300)
        assert result.returncode == 0, result.stderr
        with psycopg.connect(database_url(name)) as conn:
            tables = {row[0] for row in conn.execute("SELECT tablename FROM pg_tables")}
        assert {"pkpk_cache", "pkpk_ratelimitwindow"} <= tables
    finally:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
