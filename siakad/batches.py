"""Batches of master data pushed by SIAKAD: departments, study programmes
and students, upserted by their code or NIM. A batch is written whole or
not at all; every row error names its row (counted from 0).

Students go through the Excel import's own checks and writer
(pkpk.student_import.write_rows), so the API and the workbook can never
disagree on what a valid student is. Departments and programmes are checked
by their models' own field rules. Pushing the same batch twice changes
nothing the second time: no write, no audit entry."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pkpk import student_import
from pkpk.models import Jurusan, ProgramStudi
from pkpk.student_import import Row
from pkpk.student_import.rows import COLUMNS

# Field name (as the API and the models name it) by the workbook's column label.
_FIELD_OF_COLUMN = {label: name for name, (label, _aliases) in COLUMNS.items()}


@dataclass(frozen=True)
class Error:
    row: int | None
    field: str | None
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "code": self.code, "message": self.message}


class BatchRefused(Exception):
    """Nothing of the batch was written: these are the reasons."""

    def __init__(self, errors: list[Error]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Result:
    created: int
    updated: int
    unchanged: int

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def _text(value) -> str | None:
    if value is None:
        return None
    return str(value).strip()


# --- students -----------------------------------------------------------------


def student_rows(payload: list[dict]) -> list[Row]:
    """The import's rows from JSON objects. A missing required field is an
    empty one (its row says so); a missing phone leaves the phone as it is,
    as a workbook without a phone column does."""
    return [
        Row(
            baris=index,
            nim=_text(item.get("nim")) or "",
            nama=_text(item.get("nama")) or "",
            prodi=_text(item.get("prodi")) or "",
            angkatan=_text(item.get("angkatan")) or "",
            email=_text(item.get("email")) or "",
            telepon=_text(item.get("telepon")),
            header_row=-1,
        )
        for index, item in enumerate(payload)
    ]


def _error_of(e) -> Error:
    return Error(e.baris, _FIELD_OF_COLUMN.get(e.kolom, e.kolom), e.kode, e.pesan)


def push_students(payload: list[dict], *, by) -> Result:
    rows = student_rows(payload)
    with transaction.atomic():
        try:
            counts, errors = student_import.write_rows(
                rows, by=by, terapkan_perubahan=True, refuse_held=True
            )
        except ValidationError as error:  # a conflict with a concurrent writer
            refused = Error(None, None, error.code or "conflict", error.messages[0])
            raise BatchRefused([refused]) from error
        if errors:
            raise BatchRefused(
                [
                    Error(e.baris, _FIELD_OF_COLUMN.get(e.kolom, e.kolom), e.kode, e.pesan)
                    for e in errors
                ]
            )
    return Result(counts.baru, counts.diubah, counts.sama)


# --- departments and programmes ------------------------------------------------


def _field_errors(index: int, instance, exclude=()) -> list[Error]:
    """The model's own field rules (length, required, choices) on one row."""
    try:
        instance.clean_fields(exclude=list(exclude))
    except ValidationError as error:
        return [
            Error(index, name, e.code or "invalid", message)
            for name, errors in error.error_dict.items()
            for e in errors
            for message in e.messages
        ]
    return []


def _duplicates(codes: list[str]) -> list[Error]:
    seen: dict[str, list[int]] = {}
    for index, code in enumerate(codes):
        if code:
            seen.setdefault(code.upper(), []).append(index)
    return [
        Error(
            index,
            "kode",
            "duplicate",
            _("The code %(code)s appears more than once in the batch (rows %(rows)s).")
            % {"code": codes[index], "rows": ", ".join(str(i) for i in indexes)},
        )
        for indexes in seen.values()
        if len(indexes) > 1
        for index in indexes
    ]


def _upsert(model, wanted: list[dict], errors: list[Error], fields: list[str]) -> Result:
    """Create or change the rows of `model` keyed by `kode`, with save() so
    the audit trail records each one; rows that are already so are left."""
    if errors:
        raise BatchRefused(sorted(errors, key=lambda e: (e.row, e.field or "")))
    existing = {
        obj.kode.upper(): obj
        for obj in model.objects.select_for_update().filter(
            kode__in=[values["kode"] for values in wanted]
        )
    }
    created = updated = 0
    for values in wanted:
        obj = existing.get(values["kode"].upper())
        if obj is None:
            model.objects.create(**values)
            created += 1
            continue
        changed = [name for name in fields if getattr(obj, name) != values[name]]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
            updated += 1
    return Result(created, updated, len(wanted) - created - updated)


def push_jurusan(payload: list[dict]) -> Result:
    wanted, errors = [], []
    for index, item in enumerate(payload):
        values = {"kode": _text(item.get("kode")) or "", "nama": _text(item.get("nama")) or ""}
        errors += _field_errors(index, Jurusan(**values))
        wanted.append(values)
    errors += _duplicates([values["kode"] for values in wanted])
    with transaction.atomic():
        return _upsert(Jurusan, wanted, errors, ["nama"])


def push_prodi(payload: list[dict]) -> Result:
    wanted, errors = [], []
    with transaction.atomic():
        departments = {j.kode.upper(): j for j in Jurusan.objects.all()}
        for index, item in enumerate(payload):
            jurusan = departments.get((_text(item.get("jurusan")) or "").upper())
            values = {
                "kode": _text(item.get("kode")) or "",
                "nama": _text(item.get("nama")) or "",
                "jenjang": (_text(item.get("jenjang")) or "").upper(),
                "jurusan": jurusan,
                "ikut_magang": item.get("ikut_magang", True) is not False,
            }
            errors += _field_errors(index, ProgramStudi(**values), exclude=["jurusan"])
            if jurusan is None:
                errors.append(
                    Error(
                        index,
                        "jurusan",
                        "unknown",
                        _("There is no department with the code “%(code)s”.")
                        % {"code": item.get("jurusan") or ""},
                    )
                )
            wanted.append(values)
        errors += _duplicates([values["kode"] for values in wanted])
        return _upsert(ProgramStudi, wanted, errors, ["nama", "jenjang", "jurusan", "ikut_magang"])
