"""Reading a student workbook: is it an .xlsx at all, within the limits,
and its rows by header; and the example workbook staff fill in."""

import io
import re
import zipfile

import openpyxl
from defusedxml import DefusedXmlException
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..lib import xlsx
from ..lib.xlsx import Column, Sheet, exporting, write_form
from ..models import ImporMahasiswa, ProgramStudi
from .rows import COLUMNS, Row, column_label

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 50  # a student sheet has six; anything past this is ignored
XLSX_CONTENT_TYPE = xlsx.CONTENT_TYPE


def is_xlsx(file) -> bool:
    """Whether `file` is built like an .xlsx workbook: a zip holding xl/workbook.xml
    (a renamed CSV, .xls or program is not)."""
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    if head != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(file) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)


def _file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    return size


def too_large_message(size: int) -> str:
    return _("The file is too large (%(size).1f MB); at most %(max)d MB is allowed.") % {
        "size": size / 1024 / 1024,
        "max": MAX_BYTES // 1024 // 1024,
    }


def read_workbook(file) -> list[Row]:
    """The student rows of the workbook's first sheet. The first non-empty row
    is the header; columns are found by their header, in any order. Raises
    ValidationError for a file that cannot be read as an .xlsx workbook, is too
    large, or has no rows."""
    size = _file_size(file)
    if size > MAX_BYTES:
        raise ValidationError(too_large_message(size), code="too_large")
    file.seek(0)
    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
        try:
            rows = _read_sheet(book.worksheets[0])
        finally:
            book.close()
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged or foreign file fails anywhere in openpyxl
        if _declares_entities(exc):
            raise ValidationError(
                _(
                    "This file holds XML that a workbook saved by Excel never has (entity "
                    "declarations), so it was not read. Save it in Excel as "
                    "“Excel Workbook (.xlsx)” and upload it again."
                ),
                code="unsafe_xml",
            ) from exc
        raise ValidationError(
            _(
                "This file cannot be read as an Excel workbook. Save it in Excel as "
                "“Excel Workbook (.xlsx)” and upload it again."
            ),
            code="unreadable",
        ) from exc
    if not rows:
        raise ValidationError(
            _("The workbook has no student rows: its first sheet is empty or has only a header."),
            code="empty",
        )
    return rows


def _declares_entities(error: BaseException | None) -> bool:
    """Whether defusedxml refused the workbook's XML: openpyxl parses through
    it, so entity declarations (XML bombs, external entities that would read
    the server's files) stop the read. openpyxl wraps the error in its own."""
    while error is not None:
        if isinstance(error, DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
    return False


def _read_sheet(sheet) -> list[Row]:
    rows: list[Row] = []
    columns: dict[str, int] | None = None
    header_row = 0
    # In read-only mode openpyxl yields empty tuples for missing rows, so the
    # count from 1 is the row number Excel shows.
    for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
        texts = [_text(value) for value in values]
        if not any(texts):
            continue
        if columns is None:
            columns, header_row = _find_columns(texts), number
            continue
        found = {
            name: (texts[index] if index < len(texts) else "") for name, index in columns.items()
        }
        if not any(found.values()):
            continue  # only notes in columns we do not read
        if len(rows) >= MAX_ROWS:
            raise ValidationError(
                _("The workbook has more than %(max)d rows. Split it into smaller files.")
                % {"max": MAX_ROWS},
                code="too_many_rows",
            )
        values_by_field = {name: found.get(name) for name in COLUMNS}
        rows.append(Row(baris=number, header_row=header_row, **values_by_field))
    return rows


def _text(value) -> str:
    """A cell as text: 3312501001.0 typed as a number becomes "3312501001",
    and runs of spaces become one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _find_columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        key = re.sub(r"[^0-9a-z]", "", text.casefold())
        for name, (_label, accepted) in COLUMNS.items():
            if key in accepted and name not in columns:
                columns[name] = index
    return columns


def read_stored(*, impor: ImporMahasiswa) -> list[Row]:
    """The rows of an upload's stored file."""
    try:
        with impor.berkas.open("rb") as file:
            return read_workbook(file)
    except OSError as exc:
        raise ValidationError(
            _("The stored file can no longer be read. Upload the workbook again."),
            code="missing",
        ) from exc


# The example workbook -----------------------------------------------------------


def example_workbook() -> tuple[str, str, bytes]:
    """An empty student workbook with our headers and one example row, and a
    second sheet naming every programme code: (filename, content type, bytes)."""
    programmes = list(
        ProgramStudi.objects.filter(ikut_magang=True).select_related("jurusan").order_by("kode")
    )
    kode = programmes[0].kode if programmes else "IF"
    year = timezone.localdate().year
    widths = {"nim": 14, "nama": 30, "prodi": 12, "angkatan": 10, "email": 32, "telepon": 16}
    columns = [
        Column(column_label(name), "int" if name == "angkatan" else "text", widths[name])
        for name in COLUMNS
    ]
    example = ["3312501001", "Ani Lestari", kode, year, "ani.lestari@example.com", "081234567890"]
    with exporting():
        codes = Sheet(
            _("Programme codes"),
            [
                Column(column_label("prodi"), "text", 12),
                Column(_("Study programme"), "text", 34),
                Column(_("Department"), "text", 30),
            ],
            [(p.kode, str(p), p.jurusan.nama) for p in programmes],
        )
        out = io.BytesIO()
        write_form(out, sheets=[Sheet("Mahasiswa", columns, [example]), codes])
    return "contoh-impor-mahasiswa.xlsx", XLSX_CONTENT_TYPE, out.getvalue()
