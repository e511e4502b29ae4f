"""Writes every workbook the system hands out: openpyxl in write-only mode, so
a 50,000-row export streams to the file instead of building the whole sheet
in memory.

An official record (`write_workbook`) opens each sheet with the header it
needs (who, what, which period, when, by whom), then a frozen, filterable
header row, typed cells and a totals row; a form people fill in
(`write_form`) has only the header row. Both print the way an office
prints: A4, landscape when the columns are wide, fitted to the page width,
the header row repeated on every page, page numbers in the footer. Dates are
real dates shown dd-mm-yyyy, instants dd-mm-yyyy hh:mm in WIB. Callers only
describe columns and yield rows, inside `exporting()`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .downloads import attachment

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# "number" is any number in Excel's general format (a mean of 2.4, a count).
KINDS = {"text", "int", "number", "date", "datetime", "percent", "decimal"}
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
NUMBERS = {"int", "number"}  # written as they come, in the general format
PERCENT_FORMAT = "0.0%"
DECIMAL_FORMAT = "0.0"
# Wider than this (in Excel's character widths) prints in landscape: A4
# portrait holds about 90 characters between the margins.
PORTRAIT_WIDTH = 90
# Characters Excel refuses in a sheet title, and its length limit.
_BAD_TITLE_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))
_MAX_TITLE = 31


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"
    width: int = 15
    # Summed in the totals row (numbers only).
    total: bool = False
    # "center" for a running number ("No."): right-aligned, it runs into the
    # text of the next column.
    align: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown column kind {self.kind!r}")


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[Sequence]
    # A totals row under the data: the row count (or this label, when it is
    # text) and the `total` columns' sums; False for a sheet whose rows
    # already end in its own total or that lists figures, not things.
    totals: bool | str = True


def exporting():
    """Build sheets inside this: a workbook is a record handed out and kept,
    so it is written in the system's language (Indonesian), labels and
    headers alike, whatever the language of the request."""
    return translation.override(settings.LANGUAGE_CODE)


def workbook_response(content: bytes, filename: str) -> HttpResponse:
    """A written workbook (an export, a form to fill in) as a download."""
    return attachment(content, filename, CONTENT_TYPE)


def write_workbook(
    target,
    *,
    title: str,
    form_code: str,
    period: str,
    generated_by: str,
    sheets: list[Sheet],
    generated_at: dt.datetime | None = None,
) -> int:
    """Write `sheets` to `target` (a path or a binary file object) and return
    the number of data rows written across all sheets."""
    generated_at = timezone.localtime(generated_at or timezone.now())
    header_lines = _header_lines(title, form_code, period, generated_at, generated_by)
    return _write(target, sheets, header_lines, fallback_title=str(title))


def write_form(target, *, sheets: list[Sheet]) -> int:
    """A workbook people fill in and upload again: the header row first (the
    reader looks for it there), no header block and no totals."""
    plain = [Sheet(s.title, s.columns, s.rows, totals=False) for s in sheets]
    return _write(target, plain, [], fallback_title="Sheet")


def _write(target, sheets, header_lines, *, fallback_title) -> int:
    wb = Workbook(write_only=True)
    total = 0
    used_titles: set[str] = set()
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_title(str(sheet.title), used_titles))
        total += _write_sheet(ws, sheet, header_lines)
    if not sheets:  # a workbook needs one sheet to open at all
        ws = wb.create_sheet(_sheet_title(fallback_title, used_titles))
        _write_sheet(ws, Sheet("", [], [], totals=False), [])
    wb.save(target)
    return total


def _header_lines(title, form_code, period, generated_at, generated_by):
    from pkpk.models import Institusi

    institusi = Institusi.objects.first()
    return [
        institusi.nama if institusi else "",
        institusi.nama_unit if institusi else "",
        f"{title} ({form_code})" if form_code else str(title),
        _("Period: %(period)s") % {"period": period},
        _("Generated at: %(when)s WIB") % {"when": f"{generated_at:%d-%m-%Y %H:%M}"},
        _("Generated by: %(who)s") % {"who": generated_by or _("system")},
    ]


def _print_setup(ws, columns, header_row):
    """A4, fitted to one page wide (as many pages down as it takes), the
    header row on every printed page, page numbers in the footer."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    wide = sum(column.width for column in columns) > PORTRAIT_WIDTH
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if columns:
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.left.text = ws.title.replace("&", "&&")
    ws.oddFooter.right.text = _("Page &P of &N")


def _write_sheet(ws, sheet: Sheet, header_lines: list[str]) -> int:
    columns = sheet.columns
    # Widths, panes and page properties must be set before the first row.
    for index, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    header_row = len(header_lines) + 2 if header_lines else 1  # a blank line under the block
    if columns:
        ws.freeze_panes = f"A{header_row + 1}"
        # Neither Excel nor LibreOffice grows a row for wrapped text it did
        # not lay out itself: the header row gets the lines its longest
        # heading needs, so no heading runs over the first data row.
        lines = max(_lines(column.header, column.width) for column in columns)
        ws.row_dimensions[header_row].height = 15 * lines
    _print_setup(ws, columns, header_row)

    bold = Font(bold=True)
    for number, line in enumerate(header_lines):
        cell = WriteOnlyCell(ws, value=line)
        if number < 3:
            cell.font = Font(bold=True, size=12 if number == 0 else 11)
        ws.append([cell])
    if header_lines:
        ws.append([])
    fill = PatternFill("solid", fgColor="DDE7F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    # A number's heading sits over its right-aligned figures.
    wrap_right = Alignment(wrap_text=True, vertical="top", horizontal="right")
    heads = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=_text(column.header))
        cell.font, cell.fill = bold, fill
        if column.align:
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal=column.align)
        elif column.kind in NUMBERS | {"percent", "decimal"}:
            cell.alignment = wrap_right
        else:
            cell.alignment = wrap
        heads.append(cell)
    ws.append(heads)

    # Only the columns whose values need changing get a converter; ints go
    # to openpyxl untouched, which keeps the per-row cost close to a bare
    # write-only loop.
    converters = [
        (index, _converter(ws, column))
        for index, column in enumerate(columns)
        if column.kind not in NUMBERS or column.align
    ]
    summed = [index for index, column in enumerate(columns) if column.total]
    sums = dict.fromkeys(summed, 0)
    append = ws.append
    count = 0
    for row in sheet.rows:
        for index in summed:
            sums[index] += row[index] or 0
        if converters:
            row = list(row)
            for index, convert in converters:
                value = row[index]
                if value is not None:
                    row[index] = convert(value)
        append(row)
        count += 1
    if columns:
        last = get_column_letter(len(columns))
        ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(count, 1)}"
    if sheet.totals and columns:
        label = sheet.totals if isinstance(sheet.totals, str) else None
        append(_totals_row(ws, columns, count, sums, label))
    return count


def _totals_row(ws, columns, count, sums, label):
    """The row count under the first column, each summed column's total
    under it; bold, with a rule above, outside the filter's range."""
    rule = Border(top=Side(style="thin"))
    cells = []
    first = label or _("Total (%(n)d rows)") % {"n": count}
    for index, column in enumerate(columns):
        value = first if index == 0 else sums.get(index)
        if isinstance(value, Decimal):
            value = float(value)
        cell = WriteOnlyCell(ws, value=value)
        cell.font, cell.border = Font(bold=True), rule
        if index == 0:
            cell.data_type = "s"
        elif column.kind in ("percent", "decimal") and value is not None:
            cell.number_format = PERCENT_FORMAT if column.kind == "percent" else DECIMAL_FORMAT
        cells.append(cell)
    return cells


def _lines(text, width) -> int:
    """Lines `text` takes wrapped at word breaks in a column `width`
    characters wide. Bold headings run wider than the digits a width
    counts; a line too many is room to spare, a line too few cuts the
    heading off."""
    room = max(int(width / 1.1) - 1, 1)
    lines, used = 1, 0
    for word in str(text).split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def _converter(ws, column):
    kind = column.kind
    if column.align:
        return _formatted(ws, "General", Alignment(horizontal=column.align))
    if kind == "text":
        return _text_cell(ws)
    if kind == "datetime":
        return _datetime_cell(ws)
    if kind == "date":
        return _date_cell(ws)
    return _number_cell(ws, PERCENT_FORMAT if kind == "percent" else DECIMAL_FORMAT)


def _text(value) -> str:
    return value if value.__class__ is str else str(value)


def _text_cell(ws):
    def convert(value):
        value = value if value.__class__ is str else str(value)
        if value.startswith("="):
            # A name typed by a user must never become a formula (CSV/Excel
            # injection): keep it as a literal string.
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            return cell
        return value

    return convert


def _formatted(ws, number_format, alignment=None):
    """A maker of cells in `number_format`. The style is resolved once and
    copied into each cell: setting number_format per cell looks the format
    up in the workbook's table every time."""
    template = WriteOnlyCell(ws)
    template.number_format = number_format
    if alignment is not None:
        template.alignment = alignment
    style = template._style

    def make(value):
        cell = WriteOnlyCell(ws)
        cell._style = copy(style)
        cell.value = value
        return cell

    return make


def _date_cell(ws):
    # A datetime becomes its WIB date.
    zone = timezone.get_current_timezone()
    # Centred: a right-aligned date runs into the text of the next column.
    make = _formatted(ws, DATE_FORMAT, Alignment(horizontal="center"))

    def convert(value):
        if isinstance(value, dt.datetime):
            value = value.astimezone(zone).date() if value.tzinfo else value.date()
        return make(value)

    return convert


def _datetime_cell(ws):
    # Excel has no time zones: the instant is written as WIB wall-clock time.
    # The zone is looked up once: timezone.localtime() per cell costs more
    # than writing the cell.
    zone = timezone.get_current_timezone()
    make = _formatted(ws, DATETIME_FORMAT, Alignment(horizontal="center"))

    def convert(value):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.astimezone(zone).replace(tzinfo=None)
        return make(value)

    return convert


def _number_cell(ws, number_format):
    make = _formatted(ws, number_format)

    def convert(value):
        if isinstance(value, Decimal):
            value = float(value)
        return make(value)

    return convert


def _sheet_title(title: str, used: set[str]) -> str:
    base = (title.translate(_BAD_TITLE_CHARS).strip("' ") or "Sheet")[:_MAX_TITLE]
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: _MAX_TITLE - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate
