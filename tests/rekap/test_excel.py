"""The workbook writer: header block, frozen header row, filter, typed cells."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from rekap import recaps
from rekap.excel import Column, Sheet, write_workbook

from .conftest import at

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
    assert ws["C10"].value is None


def test_datetimes_are_naive_wib_and_formulas_stay_text(db):
    instant = dt.datetime(2024, 9, 2, 2, 30, tzinfo=dt.UTC)  # 09:30 WIB
    columns = [Column("Waktu", "datetime"), Column("Nama"), Column("Rasio", "percent")]
    _rows, wb = write([Sheet("S", columns, [(instant, "=HYPERLINK(1)", 0.25)])])
    ws = wb["S"]
    assert ws["A9"].value == dt.datetime(2024, 9, 2, 9, 30)
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
    rows = recaps.write_recap(buffer, "pendaftaran", staff, period_filters, generated_at=WHEN)
    assert rows == 8
    ws = load_workbook(buffer).worksheets[0]
    assert "BO.8.4.1.2" in ws["A3"].value
    data = list(ws.iter_rows(min_row=9, values_only=True))
    assert len(data) == 8
    first = data[0]
    assert first[0] == 1
    assert first[1] == dt.datetime(2024, 8, 15, 9, 0)  # registered, WIB
    assert first[3] == "4312501002"
    assert first[10] == 1 and isinstance(first[10], int)
    assert ws.auto_filter.ref == "A8:K16"


def test_the_acceptance_workbook_has_groups_and_rates(recap_data, staff, period_filters):
    buffer = io.BytesIO()
    rows = recaps.write_recap(buffer, "penerimaan", staff, period_filters)
    wb = load_workbook(buffer)
    assert len(wb.sheetnames) == 2
    assert rows == 4 + 3
    rates = list(wb.worksheets[1].iter_rows(min_row=9, values_only=True))
    assert rates[-1][2:4] == (7, 3)
    assert rates[-1][4] == pytest.approx(3 / 7)


def test_the_not_placed_workbook(recap_data, coordinator_x, period_filters):
    buffer = io.BytesIO()
    rows = recaps.write_recap(buffer, "belum-magang", coordinator_x.user, period_filters)
    data = list(load_workbook(buffer).active.iter_rows(min_row=9, values_only=True))
    assert rows == len(data) == 3
    assert [r[1] for r in data] == ["3312501004", "3312501002", "3312201003"]
    assert data[1][7] == dt.datetime(2025, 7, 21) and data[1][8] == 8
