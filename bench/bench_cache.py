"""The shared cache's cost: a rate-limited public page (the verification
page: every request counts one hit; past 30 a minute it answers 429, so the
figure is mostly the limiter) and a page with a cached fragment (the sign-in
page's navigation), under gunicorn (2 workers), with a per-process cache
(LocMem), the database cache (the default) and Redis, as ratios to the bare
Django view measured in the same run.

Usage: .venv/bin/python bench/bench_cache.py"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, gunicorn, load, report  # noqa: E402

PAGES = {"/verifikasi/tebakan/": "rate-limited page", "/masuk/": "fragment-cached page"}
BASE = {
    "DJANGO_SETTINGS_MODULE": "pkpk.settings",
    "ALLOWED_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "ERROR",  # not a line per 429
    "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}


def redis_server(folder):
    sock = os.path.join(folder, "redis.sock")
    process = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", sock, "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    while not os.path.exists(sock):
        time.sleep(0.05)
    return process, f"unix://{sock}"


def main():
    folder = tempfile.mkdtemp(prefix="pkpk-bench-")
    redis, url = redis_server(folder)
    try:
        with gunicorn("bare:application", chdir=ROOT / "bench") as port:
            baseline = load(port, "/")
        report("bare Django view (baseline)", baseline)
        for name, env in [
            ("LocMem", {"DJANGO_SETTINGS_MODULE": "locmem_settings", "PYTHONPATH": "bench"}),
            ("database", {}),
            ("Redis", {"REDIS_URL": url}),
        ]:
            with gunicorn("pkpk.wsgi", env={**BASE, **env}) as port:
                for page, what in PAGES.items():
                    report(f"{what}, {name}", load(port, page), baseline)
    finally:
        redis.terminate()
        redis.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
