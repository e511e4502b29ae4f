"""The workbook writer (pkpk.lib.xlsx) and the recap workbooks: header block,
frozen header row, filter, typed and formatted cells, totals, print setup,
Indonesian labels."""

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from pkpk.lib.xlsx import Column, Sheet, write_form, write_workbook
from rekap import recap_workbooks
from tests.support.recaps import at

WHEN = at("2025-08-01", 14)


def write(sheets, **kwargs):
    buffer = io.BytesIO()
    rows = write_workbook(
        buffer,
        title="Rekap Uji",
        form_code="BO.8.4.1.2",
        period="2024/2025",
        generated_by="Staf PKPK",
        sheets=sheets,
        generated_at=WHEN,
        **kwargs,
    )
    return rows, load_workbook(buffer)


def test_a_sheet_has_the_header_block_frozen_header_and_filter(db):
    columns = [Column("Nama"), Column("Jumlah", "int", 8), Column("Tanggal", "date", 12)]
    rows, wb = write([Sheet("Data", columns, [("Ani", 3, dt.date(2024, 9, 2)), ("Budi", 0, None)])])
    assert rows == 2
    ws = wb["Data"]
    header = [ws.cell(row=r, column=1).value for r in range(1, 7)]
    assert header[2] == "Rekap Uji (BO.8.4.1.2)"
    assert "2024/2025" in header[3]
    assert "01-08-2025 14:00" in header[4]
    assert "Staf PKPK" in header[5]
    assert [c.value for c in ws[8]] == ["Nama", "Jumlah", "Tanggal"]
    assert ws.freeze_panes == "A9"
    assert ws.auto_filter.ref == "A8:C10"
    assert ws.column_dimensions["B"].width == 8
    assert ws["B9"].value == 3 and ws["B9"].data_type == "n"
    assert ws["C9"].is_date and ws["C9"].value == dt.datetime(2024, 9, 2)
    assert ws["C9"].number_format == "dd-mm-yyyy"
    assert ws["C10"].value is None


def test_the_totals_row_counts_the_rows_and_sums_the_totalled_columns(db):
    columns = [Column("Nama"), Column("Jumlah", "int", 8, total=True), Column("Nilai", "int")]
    _rows, wb = write([Sheet("Data", columns, [("Ani", 3, 7), ("Budi", None, 1), ("Cici", 4, 2)])])
    ws = wb["Data"]
    assert [c.value for c in ws[12]] == ["Jumlah (3 baris)", 7, None]
    assert ws["A12"].font.bold
    assert ws.auto_filter.ref == "A8:C11"  # sorting the data leaves the total below it
    assert ws.max_row == 12


def test_a_sheet_with_its_own_total_or_a_label_for_it(db):
    columns = [Column("Bulan"), Column("Jumlah", "int", total=True)]
    own = Sheet("Own", columns, [("Jan", 1), ("Total", 1)], totals=False)
    labelled = Sheet("Labelled", columns, [("Jan", 1), ("Feb", 2)], totals="Setahun")
    _rows, wb = write([own, labelled])
    assert wb["Own"].max_row == 10
    assert [c.value for c in wb["Labelled"][11]] == ["Setahun", 3]


def test_sheets_print_on_a4_fitted_to_the_width_with_the_header_on_every_page(db):
    narrow = Sheet("Narrow", [Column("Nama", "text", 30), Column("Jumlah", "int", 10)], [])
    wide = Sheet("Wide", [Column(f"Kolom {i}", "text", 20) for i in range(6)], [])
    _rows, wb = write([narrow, wide])
    for ws, orientation in [(wb["Narrow"], "portrait"), (wb["Wide"], "landscape")]:
        assert ws.page_setup.orientation == orientation
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.print_title_rows == "$8:$8"
        assert "&P" in ws.oddFooter.right.text
        assert ws.freeze_panes == "A9"


def test_a_long_heading_gets_the_lines_it_needs(db):
    columns = [Column("Nama", "text", 20), Column("Lama menunggu (hari kerja)", "int", 10)]
    _rows, wb = write([Sheet("S", columns, [])])
    assert wb["S"].row_dimensions[8].height == 60  # "Lama / menunggu / (hari / kerja)"


def test_a_form_has_only_its_header_row(db):
    buffer = io.BytesIO()
    write_form(buffer, sheets=[Sheet("Isi", [Column("NIM"), Column("Nama")], [("1", "Ani")])])
    ws = load_workbook(buffer)["Isi"]
    assert list(ws.values) == [("NIM", "Nama"), ("1", "Ani")]
    assert ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"


def test_datetimes_are_naive_wib_and_formulas_stay_text(db):
    instant = dt.datetime(2024, 9, 2, 2, 30, tzinfo=dt.UTC)  # 09:30 WIB
    columns = [Column("Waktu", "datetime"), Column("Nama"), Column("Rasio", "percent")]
    _rows, wb = write([Sheet("S", columns, [(instant, "=HYPERLINK(1)", 0.25)])])
    ws = wb["S"]
    assert ws["A9"].value == dt.datetime(2024, 9, 2, 9, 30)
    assert ws["A9"].number_format == "dd-mm-yyyy hh:mm"
    assert ws["B9"].data_type == "s"
    assert ws["B9"].value == "=HYPERLINK(1)"
    assert ws["C9"].value == 0.25 and ws["C9"].number_format == "0.0%"


def test_sheet_titles_are_made_valid_and_unique(db):
    sheets = [Sheet("Breaches B.4.1.7/a: [late]", [Column("x")], []) for _ in range(2)]
    rows, wb = write(sheets)
    assert rows == 0
    assert len(wb.sheetnames) == 2
    assert all(len(t) <= 31 and "/" not in t for t in wb.sheetnames)


def test_the_registration_recap_workbook(recap_data, staff, period_filters):
    buffer = io.BytesIO()
    rows = recap_workbooks.write_recap(
        buffer, "pendaftaran", staff, period_filters, generated_at=WHEN
    )
    assert rows == 8
    ws = load_workbook(buffer).worksheets[0]
    assert "BO.8.4.1.2" in ws["A3"].value
    data = list(ws.iter_rows(min_row=9, max_row=16, values_only=True))
    first = data[0]
    assert first[0] == 1
    assert first[1] == dt.datetime(2024, 8, 15)  # the day it was registered, WIB
    assert ws["B9"].is_date and ws["B9"].number_format == "dd-mm-yyyy"
    assert first[3] == "4312501002"
    assert first[4] == "D3 Akuntansi"  # level and name, not the code AK
    assert first[6] == "Jalur mandiri" and first[8] == "Diterima"
    assert first[10] == 1 and isinstance(first[10], int)
    assert [r[8] for r in data].count("Menunggu persetujuan staf") == 1
    assert ws.auto_filter.ref == "A8:K16"
    assert (ws["A17"].value, ws["K17"].value) == ("Jumlah (8 baris)", 3)  # letters issued
    headers = [c.value for c in ws[8]]
    assert len(headers) == len(set(headers))


def test_the_workbooks_are_in_indonesian_whatever_the_reader_s_language(
    recap_data, staff, period_filters
):
    buffer = io.BytesIO()
    with translation.override("en"):
        recap_workbooks.write_recap(buffer, "pendaftaran", staff, period_filters)
    ws = load_workbook(buffer).worksheets[0]
    assert ws.title == "Pendaftaran"
    assert ws["I8"].value == "Status" and ws["I9"].value == "Diterima"
    assert ws["A17"].value == "Jumlah (8 baris)"


def test_the_acceptance_workbook_has_groups_and_rates(recap_data, staff, period_filters):
    buffer = io.BytesIO()
    rows = recap_workbooks.write_recap(buffer, "penerimaan", staff, period_filters)
    wb = load_workbook(buffer)
    assert len(wb.sheetnames) == 2
    assert rows == 4 + 3
    groups = list(wb.worksheets[0].iter_rows(min_row=9, values_only=True))
    assert groups[0][:2] == ("Manajemen Bisnis", "D3 Akuntansi")
    assert groups[-1] == ("Jumlah (4 baris)", None, None, None, 4)
    rates = list(wb.worksheets[1].iter_rows(min_row=9, values_only=True))
    assert len(rates) == 3  # two programmes and their own total row, nothing added
    assert rates[0][1] == "D3 Akuntansi"
    assert rates[-1][2:4] == (7, 3)
    assert rates[-1][4] == pytest.approx(3 / 7)


def test_the_not_placed_workbook(recap_data, coordinator_x, period_filters):
    buffer = io.BytesIO()
    rows = recap_workbooks.write_recap(buffer, "belum-magang", coordinator_x.user, period_filters)
    ws = load_workbook(buffer).active
    data = list(ws.iter_rows(min_row=9, max_row=11, values_only=True))
    assert rows == len(data) == 3
    assert [r[1] for r in data] == ["3312501004", "3312501002", "3312201003"]
    assert data[1][3] == "D3 Teknik Informatika"
    assert data[1][6] == "Diajukan"
    assert data[1][7] == dt.datetime(2025, 7, 21) and data[1][8] == 8
    assert ws["H10"].number_format == "dd-mm-yyyy"
    assert ws["A12"].value == "Jumlah (3 baris)"
