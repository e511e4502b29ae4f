"""Two app servers, for real (bench/bench_cluster.py, small): nginx in front
of two gunicorn instances on two ports, pgbouncer in transaction mode,
Redis for the cache, sessions and rate limits, a worker cluster per node.
A burst of students through nginx, then letters issued on both instances
and the verification limit hit on both: every check must pass, and every
process it started must be gone afterwards."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.support.nginx import BINARY as NGINX
from tests.support.ops import ROOT

pytestmark = pytest.mark.nginx

PROGRAMS = {
    "nginx": NGINX,
    "pgbouncer": "/usr/sbin/pgbouncer",
    "redis-server": "/usr/bin/redis-server",
}


@pytest.fixture(scope="module")
def programs():
    missing = [name for name, path in PROGRAMS.items() if not path or not os.path.exists(path)]
    if missing:
        message = f"not installed: {', '.join(missing)} (bin/setup dev installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI runs bin/setup dev: they must be there
        pytest.skip(message)


def started_by(folder_prefix):
    """Processes whose command line names one of the bench's folders."""
    found = []
    for proc in os.listdir("/proc"):
        if not proc.isdigit():
            continue
        try:
            with open(f"/proc/{proc}/cmdline", "rb") as f:
                cmdline = f.read()
        except OSError:
            continue
        if folder_prefix.encode() in cmdline:
            found.append(cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return found


def test_two_instances_behind_nginx_pgbouncer_and_redis_pass_every_check(programs):
    database = f"{connection.settings_dict['NAME']}_cluster"
    command = [sys.executable, "bench/bench_cluster.py", "--users", "30", "--seconds", "10"]
    command += ["--letters", "10", "--database", database]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    output = result.stdout + result.stderr[-3000:]
    assert result.returncode == 0, output
    for check in (
        "burst: 0 errors",
        "the 10-day rule held for every student",
        "letters: numbers unique and gapless, PDFs on both nodes",
        "one rate limit for both instances",
    ):
        assert f"PASS  {check}" in result.stdout, output
    assert "FAIL" not in result.stdout, output
    assert started_by("pkpk-cluster-") == []
