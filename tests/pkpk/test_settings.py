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


SHOW_CLUSTER_SETTINGS = """
from django.conf import settings
db = settings.DATABASES["default"]
print(db.get("OPTIONS", {}).get("prepare_threshold", "unset"))
print(db.get("DISABLE_SERVER_SIDE_CURSORS", False))
print(settings.SESSION_ENGINE)
print(settings.STORAGES["default"]["BACKEND"])
"""


def test_one_server_keeps_prepared_statements_database_sessions_and_files():
    result = run_manage("shell", "-c", SHOW_CLUSTER_SETTINGS, SECRET_KEY="x" * 50)
    assert result.stdout.split()[-4:] == [
        "2",
        "False",
        "django.contrib.sessions.backends.db",
        "django.core.files.storage.FileSystemStorage",
    ], result.stderr


def test_several_servers_behind_pgbouncer_with_redis_and_a_bucket():
    result = run_manage(
        "shell",
        "-c",
        SHOW_CLUSTER_SETTINGS,
        SECRET_KEY="x" * 50,
        DB_PREPARED_STATEMENTS="0",
        REDIS_URL="redis://127.0.0.1:1/0",
        S3_BUCKET="pkpk-berkas",
    )
    # psycopg 3 would prepare after 5 uses without an explicit None.
    assert result.stdout.split()[-4:] == [
        "None",
        "True",
        "django.contrib.sessions.backends.cached_db",
        "storages.backends.s3.S3Storage",
    ], result.stderr
