"""The systemd units of deploy/: they parse as systemd reads them, and the
nightly backup runs the real `manage.py backup` as the other units run the
app (same user, environment file and checkout)."""

import configparser
import shlex
import shutil
import subprocess

import pytest
from django.core.management import get_commands, load_command_class

from tests.support.ops import ROOT

DEPLOY = ROOT / "deploy"
APP = "/srv/pkpk/app"  # where the units expect the checkout
UNITS = sorted(p for p in DEPLOY.iterdir() if p.suffix in {".service", ".socket", ".timer"})


def unit(name):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(DEPLOY / name)
    return parser


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_every_unit_passes_systemd_analyze_verify(tmp_path):
    # systemd checks that each command exists: point the units at this checkout.
    for path in UNITS:
        (tmp_path / path.name).write_text(path.read_text().replace(APP, str(ROOT)))

    result = subprocess.run(
        ["systemd-analyze", "verify", *[str(tmp_path / p.name) for p in UNITS]],
        capture_output=True,
        text=True,
        check=False,
    )

    assert {p.name for p in UNITS} >= {"pkpk-backup.service", "pkpk-backup.timer"}
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""  # no unknown key or bad value, not even a warning


def test_the_backup_runs_the_backup_command_like_the_other_units():
    service, worker = unit("pkpk-backup.service")["Service"], unit("pkpk-worker.service")["Service"]

    assert service["Type"] == "oneshot"
    for key in ("User", "Group", "WorkingDirectory", "EnvironmentFile"):
        assert service[key] == worker[key], key
    python, manage, command, *args = shlex.split(service["ExecStart"])
    assert python == shlex.split(worker["ExecStart"])[0]
    assert (manage, command) == ("manage.py", "backup")
    assert get_commands()[command] == "pkpk"
    options = load_command_class("pkpk", command).create_parser("manage.py", command)
    backups = options.parse_args(args).dir  # an unknown option would exit here
    # The unit may write there and nowhere else.
    assert service["ProtectSystem"] == "strict"
    assert service["ReadWritePaths"].split() == [backups]
    assert backups in service["ExecStartPost"]  # old backups are removed from that folder


def test_the_timer_starts_the_backup_every_night_and_catches_up():
    timer = unit("pkpk-backup.timer")

    assert timer["Timer"]["Unit"] == "pkpk-backup.service"
    assert timer["Timer"]["OnCalendar"].startswith("*-*-* ")  # every day
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["RandomizedDelaySec"]
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_the_runbook_installs_the_backup_units_from_deploy():
    readme = (ROOT / "docs" / "runbook.md").read_text()

    assert "deploy/pkpk-backup.service deploy/pkpk-backup.timer" in readme
    assert "systemctl enable --now pkpk-backup.timer" in readme
