import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    skip = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    full_env = {k: v for k, v in os.environ.items() if k not in skip}
    full_env.update(env)
    full_env["DJANGO_SETTINGS_MODULE"] = "pkpk.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_no_issue_with_production_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x7Qp2-" * 10,
        ALLOWED_HOSTS="magang.example.ac.id",
        SITE_URL="https://magang.example.ac.id",
        SECURE="1",
        SECURE_HSTS_PRELOAD="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_set():
    result = run_manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_a_missing_secret_key_fails_loudly_in_production(tmp_path):
    result = run_manage("check", SECRET_KEY_FILE=str(tmp_path / "none"))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_rotated_key_still_opens_what_the_old_key_signed(settings):
    from django.core import signing

    token = signing.dumps(7, salt="pkpk.test")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" * 6
    assert signing.loads(token, salt="pkpk.test") == 7
