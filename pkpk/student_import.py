"""Students imported from an Excel workbook: read the rows, check every one of
them, and import all of them in one transaction or none at all. The NIM is the
key, so importing the same file again updates students instead of doubling them.

Nobody is moved silently: a known student whose row differs (name, prodi and
so jurusan, e-mail...) is shown as a change from old to new, applied only when
staff confirm the changes besides the new students; a prodi change of a
student held in their prodi (pkpk.students) needs staff to choose to move
them anyway, with a reason, which their audit entries carry."""

import io
import re
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import PurePath

import openpyxl
from auditlog.models import LogEntry
from defusedxml import DefusedXmlException
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, roles, students
from .lib import xlsx
from .lib.xlsx import Column, Sheet, exporting, write_form
from .models import ImporMahasiswa, Mahasiswa, ProgramStudi, User

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 50  # a student sheet has six; anything past this is ignored
FIRST_COHORT = 1990
MAX_NAME = 150
MAX_PHONE = 30
MAX_EMAIL = 254
XLSX_CONTENT_TYPE = xlsx.CONTENT_TYPE

# Each field: the header our example workbook uses, then every header accepted
# for it, compared in lower case with everything but letters and digits removed
# ("No. HP" -> "nohp", "E-mail" -> "email").
COLUMNS = {
    "nim": ("NIM", {"nim"}),
    "nama": ("Nama", {"nama", "namalengkap", "namamahasiswa", "name", "fullname"}),
    "prodi": (
        "Kode Prodi",
        {"kodeprodi", "prodi", "programstudi", "kodeprogramstudi", "prodicode", "studyprogramme"},
    ),
    "angkatan": ("Angkatan", {"angkatan", "tahunangkatan", "cohort", "cohortyear"}),
    "email": ("Email", {"email", "surel", "alamatemail", "emailaddress"}),
    "telepon": (
        "Telepon",
        {"telepon", "notelepon", "telp", "notelp", "hp", "nohp", "nomorhp", "phone", "phonenumber"},
    ),
}
REQUIRED = ("nim", "nama", "prodi", "angkatan", "email")
NIM_PATTERN = re.compile(r"\d{7,12}")

# What an import will do to a row's student.
NEW, CHANGED, SAME = "baru", "diubah", "sama"


@dataclass(frozen=True)
class Row:
    """One student line of the workbook, as trimmed text. A field is None when
    the workbook has no column for it (a missing phone column leaves phones alone)."""

    baris: int
    nim: str | None
    nama: str | None
    prodi: str | None
    angkatan: str | None
    email: str | None
    telepon: str | None
    header_row: int = field(default=1, compare=False, repr=False)


@dataclass(frozen=True)
class RowError:
    baris: int
    kolom: str
    pesan: str

    def as_dict(self) -> dict:
        return {"baris": self.baris, "kolom": self.kolom, "pesan": self.pesan}


@dataclass(frozen=True)
class Diff:
    """One changing column of a known student, as staff read it."""

    kolom: str
    lama: str
    baru: str


@dataclass(frozen=True)
class Planned:
    """A row and what importing it will do: NEW, CHANGED (with the columns
    that change, old and new, and why its student may not change prodi) or SAME."""

    row: Row
    status: str
    changes: tuple[str, ...] = ()  # field names, as in COLUMNS
    diffs: tuple[Diff, ...] = ()
    holds: tuple[str, ...] = ()  # set only when the prodi changes

    @property
    def changed_columns(self) -> list[str]:
        return [column_label(name) for name in self.changes]

    @property
    def moves_prodi(self) -> bool:
        return "prodi" in self.changes

    @property
    def is_new(self) -> bool:
        return self.status == NEW

    @property
    def is_changed(self) -> bool:
        return self.status == CHANGED


@dataclass(frozen=True)
class Counts:
    baru: int
    diubah: int
    sama: int
    dilewati: int = 0  # changes not confirmed, so not applied


@dataclass
class _Known:
    """What the database already holds about the rows' codes, NIMs and
    e-mails, fetched in a few queries whatever the number of rows."""

    prodi: dict[str, int]  # upper-case code -> ProgramStudi pk
    programmes: dict[int, ProgramStudi]  # pk -> programme (with jurusan), for the preview
    students: dict[str, Mahasiswa]  # NIM -> student (with user and prodi)
    email_owner: dict[str, int]  # lower-case e-mail -> User pk
    username_owner: dict[str, int]  # NIM -> User pk of the account with that username


def column_label(name: str) -> str:
    return COLUMNS[name][0]


# Reading ----------------------------------------------------------------------


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


# Checking ---------------------------------------------------------------------


def check_rows(rows: list[Row]) -> list[RowError]:
    """Everything wrong with `rows`, in row order; empty when they can be imported."""
    return _check(rows, _known(rows))


def _known(rows: list[Row], *, lock: bool = False) -> _Known:
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
    return _Known(
        prodi=prodi,
        programmes=programmes,
        students={student.nim: student for student in found},
        email_owner=email_owner,
        username_owner=username_owner,
    )


def _check(rows: list[Row], known: _Known) -> list[RowError]:
    if not rows:
        return []
    errors = [
        RowError(
            rows[0].header_row,
            column_label(name),
            _("The column “%(column)s” is missing from the header row.")
            % {"column": column_label(name)},
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
            RowError(row.baris, column_label(name), message)
            for name, message in _row_errors(row, known, rows_of_nim, rows_of_email, last_cohort)
        ]
    order = {column_label(name): index for index, name in enumerate(COLUMNS)}
    return sorted(errors, key=lambda e: (e.baris, order[e.kolom]))


def _row_errors(row: Row, known: _Known, rows_of_nim, rows_of_email, last_cohort):
    """(field, message) for each thing wrong with one row; a field the file
    has no column for (None) is reported once, by _check."""
    if row.nim is not None:
        if not row.nim:
            yield "nim", _("The NIM is empty.")
        elif not NIM_PATTERN.fullmatch(row.nim):
            yield "nim", _("The NIM must be 7 to 12 digits, with no letters or spaces.")
        elif len(rows_of_nim[row.nim]) > 1:
            yield (
                "nim",
                _("The NIM %(nim)s appears more than once in the file (rows %(rows)s).")
                % {
                    "nim": row.nim,
                    "rows": _row_list(rows_of_nim[row.nim]),
                },
            )
        elif row.nim not in known.students and row.nim in known.username_owner:
            yield (
                "nim",
                _("The NIM %(nim)s is already the user name of another account.")
                % {"nim": row.nim},
            )
    if row.nama is not None:
        if not row.nama:
            yield "nama", _("The name is empty.")
        elif len(row.nama) > MAX_NAME:
            yield "nama", _("The name is longer than %(max)d characters.") % {"max": MAX_NAME}
    if row.prodi is not None:
        if not row.prodi:
            yield "prodi", _("The study programme code is empty.")
        elif row.prodi.upper() not in known.prodi:
            yield (
                "prodi",
                _("There is no study programme with the code “%(code)s”.") % {"code": row.prodi},
            )
    if row.angkatan is not None and _cohort(row.angkatan) not in range(
        FIRST_COHORT, last_cohort + 1
    ):
        yield (
            "angkatan",
            _("The cohort must be a year from %(first)d to %(last)d.")
            % {
                "first": FIRST_COHORT,
                "last": last_cohort,
            },
        )
    if row.email is not None:
        message = _email_error(row, known, rows_of_email)
        if message:
            yield "email", message
    if row.telepon is not None and len(row.telepon) > MAX_PHONE:
        yield (
            "telepon",
            _("The phone number is longer than %(max)d characters.") % {"max": MAX_PHONE},
        )


def _email_error(row: Row, known: _Known, rows_of_email) -> str | None:
    if not row.email:
        return _("The e-mail address is empty.")
    try:
        if len(row.email) > MAX_EMAIL:
            raise ValidationError("too long")
        validate_email(row.email)
    except ValidationError:
        return _("“%(email)s” is not a valid e-mail address.") % {"email": row.email}
    email = row.email.lower()
    if len(rows_of_email[email]) > 1:
        return _("The e-mail %(email)s appears more than once in the file (rows %(rows)s).") % {
            "email": row.email,
            "rows": _row_list(rows_of_email[email]),
        }
    owner = known.email_owner.get(email)
    student = known.students.get(row.nim or "")
    if owner is not None and (student is None or owner != student.user_id):
        return _("The e-mail %(email)s already belongs to another account.") % {"email": row.email}
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
    known = _known(rows)
    errors = _check(rows, known)
    return Preview(planned=[] if errors else _plan(rows, known), errors=errors)


def _plan(rows: list[Row], known: _Known) -> list[Planned]:
    planned = []
    for row in rows:
        student = known.students.get(row.nim)
        if student is None:
            planned.append(Planned(row, NEW))
            continue
        current = _current(student)
        values = _values(row, known)
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


def _current(student: Mahasiswa) -> dict:
    return {
        "nama": student.user.nama,
        "prodi": student.prodi_id,
        "angkatan": student.angkatan,
        "email": student.user.email,
        "telepon": student.telepon,
    }


def _diff(name: str, student: Mahasiswa, current: dict, values: dict, known: _Known) -> Diff:
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


def _values(row: Row, known: _Known) -> dict:
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


# Writing ----------------------------------------------------------------------


def upload(*, file, by: User) -> ImporMahasiswa:
    """Store an uploaded workbook with the result of its check: PRATINJAU when
    every row is right, DITOLAK with the list of errors otherwise. A file that
    is no readable workbook raises ValidationError and nothing is stored."""
    rows = read_workbook(file)
    errors = check_rows(rows)
    impor = ImporMahasiswa(
        nama_berkas=PurePath(file.name).name[:255],
        diunggah_oleh=by,
        jumlah_baris=len(rows),
        status=ImporMahasiswa.Status.DITOLAK if errors else ImporMahasiswa.Status.PRATINJAU,
        kesalahan=[e.as_dict() for e in errors],
    )
    # A random stored name: the file holds personal data, its URL must not be guessable.
    file.seek(0)
    impor.berkas.save(f"{uuid.uuid4().hex}.xlsx", file, save=False)
    impor.save()
    return impor


def apply_import(
    *,
    impor: ImporMahasiswa,
    rows: list[Row],
    by: User,
    terapkan_perubahan: bool = False,
    pindahkan: bool = False,
    alasan: str = "",
) -> Counts:
    """Import every row of a checked upload, or none: new NIMs get an account
    (user name = NIM, no password yet: the student sets one through "forgot
    password") and a student row. Known NIMs whose row differs change only
    with `terapkan_perubahan` (else they are left as they are and counted as
    not applied); moving a held student to another prodi also needs
    `pindahkan` and `alasan` (pkpk.students), or nothing is imported.

    The rows are checked again first, as the students may have changed since
    the preview; if they now have errors the upload is marked refused with
    them and ValidationError is raised. An upload that is already imported or
    refused raises ValidationError too. Every student and account written
    gets its audit entry, naming `by` through the request and the upload."""
    with transaction.atomic():
        impor = ImporMahasiswa.objects.select_for_update().get(pk=impor.pk)
        if impor.status == ImporMahasiswa.Status.DIIMPOR:
            raise ValidationError(_("This file has already been imported."), code="imported")
        if impor.status == ImporMahasiswa.Status.DITOLAK:
            raise ValidationError(
                _("This file has errors and cannot be imported. Fix it and upload it again."),
                code="refused",
            )
        known = _known(rows, lock=True)
        errors = _check(rows, known)
        if not errors:
            planned = _plan(rows, known)
            held = [p for p in planned if p.holds] if terapkan_perubahan else []
            students.check_prodi_change(
                reasons=[f"{p.row.nim} ({'; '.join(p.holds)})" for p in held],
                paksa=pindahkan,
                alasan=alasan,
            )
            try:
                with audit.noting(impor={"id": impor.pk, "berkas": impor.nama_berkas}):
                    counts = _write(
                        planned, known, terapkan_perubahan=terapkan_perubahan, by=by, alasan=alasan
                    )
            except IntegrityError as exc:
                raise ValidationError(
                    _(
                        "Someone changed the same students at the same moment. "
                        "Nothing was imported; try again."
                    ),
                    code="conflict",
                ) from exc
            impor.status = ImporMahasiswa.Status.DIIMPOR
            impor.jumlah_baru, impor.jumlah_diubah, impor.jumlah_sama = (
                counts.baru,
                counts.diubah,
                counts.sama,
            )
            impor.jumlah_dilewati = counts.dilewati
            impor.diimpor_pada = timezone.now()
            impor.save()
            return counts
        # Kept (the block commits): the page then lists the new errors.
        impor.status = ImporMahasiswa.Status.DITOLAK
        impor.kesalahan = [e.as_dict() for e in errors]
        impor.save(update_fields=["status", "kesalahan"])
    raise ValidationError(
        _(
            "The students changed since the file was checked and some rows are now wrong. "
            "Nothing was imported: see the list of errors."
        ),
        code="changed",
    )


def _write(
    planned: list[Planned], known: _Known, *, terapkan_perubahan: bool, by: User, alasan: str
) -> Counts:
    # Bulk writes: every value was checked above and the database constraints
    # back the checks, so no per-row full_clean() (it would query per row).
    # No save() runs, so the audit entries are written here too.
    new = [p.row for p in planned if p.status == NEW]
    users = []
    for row in new:
        user = User(username=row.nim, nama=row.nama, email=row.email)
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=1000)
    group = Group.objects.get_or_create(name=roles.MAHASISWA)[0]
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in users],
        batch_size=1000,
    )
    created = Mahasiswa.objects.bulk_create(
        [
            Mahasiswa(
                user=user,
                nim=row.nim,
                prodi_id=known.prodi[row.prodi.upper()],
                angkatan=int(row.angkatan),
                telepon=row.telepon or "",
            )
            for user, row in zip(users, new, strict=True)
        ],
        batch_size=1000,
    )
    _log_created(users, created, group)
    changed = [p for p in planned if p.status == CHANGED]
    if terapkan_perubahan:
        _write_changes(changed, known, by=by, alasan=alasan)
    applied = len(changed) if terapkan_perubahan else 0
    return Counts(
        baru=len(new),
        diubah=applied,
        sama=len(planned) - len(new) - len(changed),
        dilewati=len(changed) - applied,
    )


def _log_created(users: list[User], created: list[Mahasiswa], group: Group) -> None:
    joined = {"type": "m2m", "operation": "add", "objects": [group.name]}
    audit.log_bulk(
        User,
        (
            (
                u.pk,
                str(u),
                {
                    "username": ["None", u.username],
                    "nama": ["None", u.nama],
                    "email": ["None", u.email],
                    "groups": joined,
                },
            )
            for u in users
        ),  # fmt: skip
        action=LogEntry.Action.CREATE,
    )
    audit.log_bulk(
        Mahasiswa,
        (
            (
                m.pk,
                f"{m.nim} {m.user.nama}",
                {
                    "user": ["None", str(m.user_id)],
                    "nim": ["None", m.nim],
                    "prodi": ["None", str(m.prodi_id)],
                    "angkatan": ["None", str(m.angkatan)],
                    "telepon": ["None", m.telepon],
                },
            )
            for m in created
        ),  # fmt: skip
        action=LogEntry.Action.CREATE,
    )


def _write_changes(changed: list[Planned], known: _Known, *, by: User, alasan: str) -> None:
    changed_users, changed_students = [], []
    user_log, student_log, forced_log = [], [], []
    for p in changed:
        student = known.students[p.row.nim]
        before = _current(student)
        values = _values(p.row, known)
        diff = {name: [str(before[name]), str(values[name])] for name in p.changes}
        user_diff = {k: v for k, v in diff.items() if k in ("nama", "email")}
        student_diff = {k: v for k, v in diff.items() if k in ("prodi", "angkatan", "telepon")}
        if user_diff:
            student.user.nama, student.user.email = values["nama"], values["email"]
            changed_users.append(student.user)
            user_log.append((student.user_id, str(student.user), user_diff))
        if student_diff:
            student.prodi_id, student.angkatan = values["prodi"], values["angkatan"]
            student.telepon = values.get("telepon", student.telepon)
            changed_students.append(student)
            entry = (student.pk, f"{student.nim} {student.user.nama}", student_diff)
            (forced_log if p.holds else student_log).append((entry, p.holds))
    _update_all(User, changed_users, ["nama", "email"])
    _update_all(Mahasiswa, changed_students, ["prodi", "angkatan", "telepon"])
    audit.log_bulk(User, user_log)
    audit.log_bulk(Mahasiswa, [entry for entry, _holds in student_log])
    for entry, holds in forced_log:
        # Few (each was chosen by staff): one entry each, with what it overrode.
        notes = students.forced_move_notes(reasons=list(holds), alasan=alasan, by=by)
        with audit.noting(**notes):
            audit.log_bulk(Mahasiswa, [entry])


def _update_all(model, objects: list, fields: list[str]) -> None:
    """Write `fields` of `objects` in one UPDATE joined to arrays of the new
    values. QuerySet.bulk_update builds a CASE WHEN per object and field in
    Python: seconds for a thousand students, where this takes milliseconds."""
    if not objects:
        return
    meta = model._meta
    columns = [meta.pk] + [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    names = [quote(column.column) for column in columns]
    arrays = ", ".join(f"%s::{column.db_type(connection)}[]" for column in columns)
    assignments = ", ".join(f"{name} = v.{name}" for name in names[1:])
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "  # noqa: S608 - names from the model
        f"FROM unnest({arrays}) AS v({', '.join(names)}) WHERE t.{names[0]} = v.{names[0]}"
    )
    values = [[getattr(obj, column.attname) for obj in objects] for column in columns]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


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
