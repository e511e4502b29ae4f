"""Checking a workbook's rows against each other and the database, and the
preview of what importing them would do (new, changed, the same)."""

import re
from collections import defaultdict
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import students
from ..models import Mahasiswa, ProgramStudi, User
from .rows import (
    CHANGED,
    COLUMNS,
    NEW,
    REQUIRED,
    SAME,
    Counts,
    Diff,
    Known,
    Planned,
    Row,
    RowError,
    column_label,
)

FIRST_COHORT = 1990
MAX_NAME = 150
MAX_PHONE = 30
MAX_EMAIL = 254
NIM_PATTERN = re.compile(r"\d{7,12}")


def check_rows(rows: list[Row]) -> list[RowError]:
    """Everything wrong with `rows`, in row order; empty when they can be imported."""
    return check_against(rows, load_known(rows))


def load_known(rows: list[Row], *, lock: bool = False) -> Known:
    """What the database holds about the rows; with `lock`, their students
    are locked for the transaction (the import writes them next)."""
    codes = {row.prodi.upper() for row in rows if row.prodi}
    nims = {row.nim for row in rows if row.nim}
    emails = {row.email.lower() for row in rows if row.email}
    programmes = {
        p.pk: p
        for p in ProgramStudi.objects.annotate(kode_upper=Upper("kode"))
        .filter(kode_upper__in=codes)
        .select_related("jurusan")
    }
    prodi = {p.kode.upper(): p.pk for p in programmes.values()}
    found = Mahasiswa.objects.filter(nim__in=nims).select_related("user", "prodi__jurusan")
    if lock:
        # Nobody edits these students while the import writes them.
        found = found.select_for_update(of=("self", "user"))
    email_owner = dict(
        User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .values_list("email_lower", "pk")
    )
    username_owner = dict(User.objects.filter(username__in=nims).values_list("username", "pk"))
    return Known(
        prodi=prodi,
        programmes=programmes,
        students={student.nim: student for student in found},
        email_owner=email_owner,
        username_owner=username_owner,
    )


def check_against(rows: list[Row], known: Known) -> list[RowError]:
    """check_rows, against what was loaded already."""
    if not rows:
        return []
    errors = [
        RowError(
            rows[0].header_row,
            column_label(name),
            _("The column “%(column)s” is missing from the header row.")
            % {"column": column_label(name)},
            "missing_column",
        )
        for name in REQUIRED
        if getattr(rows[0], name) is None
    ]
    rows_of_nim: dict[str, list[int]] = defaultdict(list)
    rows_of_email: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.nim:
            rows_of_nim[row.nim].append(row.baris)
        if row.email:
            rows_of_email[row.email.lower()].append(row.baris)
    last_cohort = timezone.localdate().year + 1
    for row in rows:
        errors += [
            RowError(row.baris, column_label(name), message, code)
            for name, code, message in _row_errors(
                row, known, rows_of_nim, rows_of_email, last_cohort
            )
        ]
    order = {column_label(name): index for index, name in enumerate(COLUMNS)}
    return sorted(errors, key=lambda e: (e.baris, order[e.kolom]))


def _row_errors(row: Row, known: Known, rows_of_nim, rows_of_email, last_cohort):
    """(field, code, message) for each thing wrong with one row; a field the file
    has no column for (None) is reported once, by _check."""
    if row.nim is not None:
        if not row.nim:
            yield "nim", "required", _("The NIM is empty.")
        elif not NIM_PATTERN.fullmatch(row.nim):
            yield "nim", "invalid", _("The NIM must be 7 to 12 digits, with no letters or spaces.")
        elif len(rows_of_nim[row.nim]) > 1:
            yield (
                "nim",
                "duplicate",
                _("The NIM %(nim)s appears more than once in the file (rows %(rows)s).")
                % {
                    "nim": row.nim,
                    "rows": _row_list(rows_of_nim[row.nim]),
                },
            )
        elif row.nim not in known.students and row.nim in known.username_owner:
            yield (
                "nim",
                "taken",
                _("The NIM %(nim)s is already the user name of another account.")
                % {"nim": row.nim},
            )
    if row.nama is not None:
        if not row.nama:
            yield "nama", "required", _("The name is empty.")
        elif len(row.nama) > MAX_NAME:
            yield (
                "nama",
                "too_long",
                _("The name is longer than %(max)d characters.") % {"max": MAX_NAME},
            )
    if row.prodi is not None:
        if not row.prodi:
            yield "prodi", "required", _("The study programme code is empty.")
        elif row.prodi.upper() not in known.prodi:
            yield (
                "prodi",
                "unknown",
                _("There is no study programme with the code “%(code)s”.") % {"code": row.prodi},
            )
    if row.angkatan is not None and _cohort(row.angkatan) not in range(
        FIRST_COHORT, last_cohort + 1
    ):
        yield (
            "angkatan",
            "out_of_range",
            _("The cohort must be a year from %(first)d to %(last)d.")
            % {
                "first": FIRST_COHORT,
                "last": last_cohort,
            },
        )
    if row.email is not None:
        found = _email_error(row, known, rows_of_email)
        if found:
            yield "email", *found
    if row.telepon is not None and len(row.telepon) > MAX_PHONE:
        yield (
            "telepon",
            "too_long",
            _("The phone number is longer than %(max)d characters.") % {"max": MAX_PHONE},
        )


def _email_error(row: Row, known: Known, rows_of_email) -> tuple[str, str] | None:
    """(code, message) of what is wrong with the row's e-mail, else None."""
    if not row.email:
        return "required", _("The e-mail address is empty.")
    try:
        if len(row.email) > MAX_EMAIL:
            raise ValidationError("too long")
        validate_email(row.email)
    except ValidationError:
        return "invalid", _("“%(email)s” is not a valid e-mail address.") % {"email": row.email}
    email = row.email.lower()
    if len(rows_of_email[email]) > 1:
        return "duplicate", _(
            "The e-mail %(email)s appears more than once in the file (rows %(rows)s)."
        ) % {"email": row.email, "rows": _row_list(rows_of_email[email])}
    owner = known.email_owner.get(email)
    student = known.students.get(row.nim or "")
    if owner is not None and (student is None or owner != student.user_id):
        return "taken", _("The e-mail %(email)s already belongs to another account.") % {
            "email": row.email
        }
    return None


def _cohort(text: str) -> int | None:
    return int(text) if re.fullmatch(r"\d{4}", text) else None


def _row_list(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


# Previewing -------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """What importing the rows would do, row by row, or the errors they have
    now (the students may have changed since the upload was checked)."""

    planned: list[Planned]
    errors: list[RowError]

    @property
    def counts(self) -> Counts:
        statuses = [p.status for p in self.planned]
        return Counts(statuses.count(NEW), statuses.count(CHANGED), statuses.count(SAME))

    @property
    def held(self) -> list[Planned]:
        """The rows whose student may not simply change prodi."""
        return [p for p in self.planned if p.holds]


def preview(rows: list[Row]) -> Preview:
    known = load_known(rows)
    errors = check_against(rows, known)
    return Preview(planned=[] if errors else plan(rows, known), errors=errors)


def plan(rows: list[Row], known: Known) -> list[Planned]:
    planned = []
    for row in rows:
        student = known.students.get(row.nim)
        if student is None:
            planned.append(Planned(row, NEW))
            continue
        current = current_values(student)
        values = row_values(row, known)
        changes = tuple(name for name, value in values.items() if value != current[name])
        diffs = tuple(_diff(name, student, current, values, known) for name in changes)
        planned.append(Planned(row, CHANGED if changes else SAME, changes, diffs))
    held = students.prodi_holds(
        student_ids=[known.students[p.row.nim].pk for p in planned if p.moves_prodi]
    )
    return [
        replace(p, holds=tuple(held.get(known.students[p.row.nim].pk, ()))) if p.moves_prodi else p
        for p in planned
    ]


def current_values(student: Mahasiswa) -> dict:
    return {
        "nama": student.user.nama,
        "prodi": student.prodi_id,
        "angkatan": student.angkatan,
        "email": student.user.email,
        "telepon": student.telepon,
    }


def _diff(name: str, student: Mahasiswa, current: dict, values: dict, known: Known) -> Diff:
    if name == "prodi":
        # The jurusan follows the prodi: shown when it changes too.
        return Diff(
            column_label(name),
            _programme_text(student.prodi),
            _programme_text(known.programmes[values["prodi"]], than=student.prodi),
        )
    return Diff(column_label(name), str(current[name] or "—"), str(values[name] or "—"))


def _programme_text(prodi: ProgramStudi, *, than: ProgramStudi | None = None) -> str:
    text = f"{prodi.kode} ({prodi})"
    if than is None or than.jurusan_id != prodi.jurusan_id:
        text += f" · {prodi.jurusan.nama}"
    return text


def row_values(row: Row, known: Known) -> dict:
    """The row's values by field, as the models store them; no phone when the
    file has no phone column."""
    values = {
        "nama": row.nama,
        "prodi": known.prodi[row.prodi.upper()],
        "angkatan": int(row.angkatan),
        "email": row.email,
    }
    if row.telepon is not None:
        values["telepon"] = row.telepon
    return values
