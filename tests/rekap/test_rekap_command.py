"""`manage.py rekap`: scheduled recaps for the whole institution."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from rekap.models import RekapArsip


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_it_writes_the_whole_institutions_recap_and_keeps_it(recap_data, tmp_path):
    out = tmp_path / "rekap.xlsx"
    call_command("rekap", "pendaftaran", "--output", str(out), "--tahun", "2024")
    *rows, totals = load_workbook(out).active.iter_rows(min_row=9, values_only=True)
    assert len(rows) == 8
    assert totals[0] == "Jumlah (8 baris)"
    arsip = RekapArsip.objects.get()
    assert arsip.dibuat_oleh is None
    assert arsip.jumlah_baris == 8
    assert arsip.parameter["tahun"] == 2024
    assert arsip.berkas.read() == out.read_bytes()


def test_it_narrows_by_prodi_code_and_dates(recap_data, tmp_path):
    out = tmp_path / "ak.xlsx"
    call_command(
        "rekap",
        "belum-magang",
        "--output",
        str(out),
        "--prodi",
        "ak",
        "--dari",
        "2024-08-01",
        "--sampai",
        "2025-07-31",
    )
    *rows, _totals = load_workbook(out).active.iter_rows(min_row=9, values_only=True)
    assert [r[1] for r in rows] == ["4312501006"]


def test_it_writes_the_acceptance_recap_of_a_semester(recap_data, tmp_path):
    out = tmp_path / "p.xlsx"
    call_command(
        "rekap",
        "penerimaan",
        "--output",
        str(out),
        "--tahun",
        "2024",
        "--semester",
        "ganjil",
        "--jurusan",
        "MB",
    )
    *rows, _totals = load_workbook(out).worksheets[0].iter_rows(min_row=9, values_only=True)
    assert [(r[1], r[4]) for r in rows] == [("D3 Akuntansi", 1)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gaji"], "Unknown recap"),
        (["pendaftaran", "--dari", "2024-13-01", "--sampai", "2025-01-01"], "--dari"),
        (["pendaftaran", "--dari", "2024-08-01"], "both"),
        (["pendaftaran", "--prodi", "XX"], "XX"),
        (["pendaftaran", "--jurusan", "XX"], "XX"),
        (["pendaftaran", "--dari", "2025-02-01", "--sampai", "2025-01-01"], "before"),
        (["kpi", "--prodi", "IF"], "--tahun"),
    ],
)
def test_bad_arguments_are_refused_clearly(db, prodi_x, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("rekap", *args, "--output", str(tmp_path / "x.xlsx"))
    assert not RekapArsip.objects.exists()


def test_a_bad_argument_exits_non_zero(db, tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "rekap", "gaji", "--output", str(tmp_path / "x.xlsx")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Unknown recap" in result.stderr


def test_the_kpi_report_runs_when_it_exists(db, tmp_path):
    out = tmp_path / "kpi.xlsx"
    call_command("rekap", "kpi", "--output", str(out), "--tahun", "2025")
    assert load_workbook(out).sheetnames
    assert RekapArsip.objects.get().jenis == "kpi"
