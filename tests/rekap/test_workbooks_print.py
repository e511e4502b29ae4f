"""Every workbook we hand out, printed by LibreOffice (Debian's
libreoffice-calc-nogui, installed by `bin/setup dev`): no column too narrow for
its values ('###'), the header row on every printed page, the totals at the
end. The PDF LibreOffice makes is read back with pypdf."""

import datetime as dt
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from pkpk import student_import
from pkpk.lib.xlsx import Column, Sheet, write_workbook
from rekap import kpi_report, partners, recap_workbooks
from tests.support.recaps import at

pytestmark = pytest.mark.django_db


def printed(tmp_path, workbooks: dict[str, callable]) -> dict[str, list[str]]:
    """Write each workbook (name -> writer of a file object), print them all
    with one LibreOffice run, and return each one's page texts."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: run `bin/setup dev` (libreoffice-calc-nogui)")
    for name, write in workbooks.items():
        with open(tmp_path / f"{name}.xlsx", "wb") as target:
            write(target)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *(str(tmp_path / f"{name}.xlsx") for name in workbooks),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return {
        name: [page.extract_text() for page in PdfReader(tmp_path / "pdf" / f"{name}.pdf").pages]
        for name in workbooks
    }


def squeezed(*texts) -> str:
    """Page text without whitespace: pypdf does not always see the gap
    between two cells."""
    return "".join("".join(texts).split())


def assert_readable(pages, name):
    for number, text in enumerate(pages, 1):
        assert "###" not in text, f"{name}, page {number}: a column too narrow"


def test_a_long_sheet_repeats_its_header_on_every_page_and_ends_with_the_total(tmp_path, staff):
    columns = [
        Column("No.", "int", 5),
        Column("Didaftarkan", "date", 11),
        Column("Nama", "text", 26),
        Column("Diajukan", "datetime", 16),
        Column("Surat", "int", 8, total=True),
    ]
    when = at("2025-08-01", 14)
    rows = [(n, when.date(), f"Mahasiswa {n}", when, 1) for n in range(1, 151)]

    def write(target):
        write_workbook(
            target,
            title="Rekap Uji",
            form_code="",
            period="2024/2025",
            generated_by="Staf PKPK",
            sheets=[Sheet("Data", columns, rows)],
        )

    pages = printed(tmp_path, {"long": write})["long"]

    assert len(pages) >= 3
    assert_readable(pages, "long")
    for page in pages[1:]:
        assert "No.DidaftarkanNamaDiajukanSurat" in squeezed(page), page[:200]
    assert "01-08-2025 14:00" in pages[0] and "01-08-2025" in pages[0]
    assert "Jumlah(150baris)150" in squeezed(pages[-1])


def test_the_recaps_and_the_import_template_print_readably(
    tmp_path, recap_data, staff, prodi_x, period_filters
):
    def recap(jenis):
        return lambda target: recap_workbooks.write_recap(target, jenis, staff, period_filters)

    workbooks = {jenis: recap(jenis) for jenis in recap_workbooks.EXPORTS}
    workbooks["template"] = lambda target: target.write(student_import.example_workbook()[2])

    pages = printed(tmp_path, workbooks)

    for name, texts in pages.items():
        assert_readable(texts, name)
    registrations = squeezed(*pages["pendaftaran"])
    assert "15-08-2024BudiSantoso4312501002D3Akuntansi" in registrations
    assert "Menunggupersetujuanstaf" in registrations  # the longest state, whole
    assert "Jumlah(8baris)" in registrations
    assert "D3TeknikInformatika" in squeezed(*pages["template"])


def test_the_kpi_workbook_and_the_partner_register_print_readably(tmp_path, dataset, staff):
    workbooks = {
        "kpi": lambda target: kpi_report.write_kpi_workbook(target, year=2026, user=staff),
        "kerjasama": lambda target: partners.write_register(
            target, today=dt.date(2026, 12, 3), user=staff
        ),
    }

    pages = printed(tmp_path, workbooks)

    for name, texts in pages.items():
        assert_readable(texts, name)
    kpi = squeezed(*pages["kpi"])
    assert "Januari" in kpi and "Setahunpenuh" in kpi
    assert "02-11-202610:00" in kpi  # a breach, with its time
    assert "Jumlah(7baris)" in squeezed(*pages["kerjasama"])
