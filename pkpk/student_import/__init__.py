"""Students imported from an Excel workbook: read the rows, check every one of
them, and import all of them in one transaction or none at all. The NIM is the
key, so importing the same file again updates students instead of doubling them.

Nobody is moved silently: a known student whose row differs (name, prodi and
so jurusan, e-mail...) is shown as a change from old to new, applied only when
staff confirm the changes besides the new students; a prodi change of a
student held in their prodi (pkpk.students) needs staff to choose to move
them anyway, with a reason, which their audit entries carry."""

from .apply import apply_import, upload, write_rows
from .parse import (
    XLSX_CONTENT_TYPE,
    example_workbook,
    is_xlsx,
    read_stored,
    read_workbook,
    too_large_message,
)
from .rows import CHANGED, NEW, SAME, Counts, Diff, Planned, Row, RowError, column_label
from .validate import Preview, check_rows, preview

__all__ = [
    "CHANGED",
    "NEW",
    "SAME",
    "XLSX_CONTENT_TYPE",
    "Counts",
    "Diff",
    "Planned",
    "Preview",
    "Row",
    "RowError",
    "apply_import",
    "check_rows",
    "column_label",
    "example_workbook",
    "is_xlsx",
    "preview",
    "read_stored",
    "read_workbook",
    "too_large_message",
    "upload",
    "write_rows",
]
