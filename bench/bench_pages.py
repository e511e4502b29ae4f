"""Page latency under gunicorn (2 workers) against the bare Django view.

Usage: .venv/bin/python bench/bench_pages.py
Signs in as a demo staff member and a demo student when seed_demo data exist."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, gunicorn, load, report  # noqa: E402

PAGES = ["/masuk/", "/healthz"]


def main():
    env = {"DJANGO_SETTINGS_MODULE": "pkpk.settings", "ALLOWED_HOSTS": "127.0.0.1"}
    subprocess_env = {**os.environ, **env}
    import subprocess

    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=subprocess_env,
        check=True,
    )
    # /healthz also wants a recent worker heartbeat: write one, as a worker would.
    subprocess.run(
        [
            str(ROOT / ".venv/bin/python"),
            "manage.py",
            "shell",
            "-c",
            "from pkpk.tasks import heartbeat; heartbeat()",
        ],
        cwd=ROOT,
        env=subprocess_env,
        check=True,
    )
    with gunicorn("bare:application", chdir=ROOT / "bench") as port:
        baseline = load(port, "/")
    report("bare Django view (baseline)", baseline)
    with gunicorn("pkpk.wsgi", env=env) as port:
        for page in PAGES:
            report(page, load(port, page), baseline)


if __name__ == "__main__":
    main()
