"""Writing a checked upload: storing the workbook with its check, and the
import itself, all rows in one transaction or none, with their audit entries."""

import uuid
from pathlib import PurePath

from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import audit, roles, students
from ..models import ImporMahasiswa, Mahasiswa, User
from .parse import read_workbook
from .rows import CHANGED, NEW, Counts, Known, Planned, Row, RowError, column_label
from .validate import check_against, check_rows, current_values, load_known, plan, row_values


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
        with audit.noting(impor={"id": impor.pk, "berkas": impor.nama_berkas}):
            counts, errors = write_rows(
                rows,
                by=by,
                terapkan_perubahan=terapkan_perubahan,
                pindahkan=pindahkan,
                alasan=alasan,
            )
        if not errors:
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


def write_rows(
    rows: list[Row],
    *,
    by: User,
    terapkan_perubahan: bool = False,
    pindahkan: bool = False,
    alasan: str = "",
    refuse_held: bool = False,
) -> tuple[Counts | None, list[RowError]]:
    """Check `rows` against the students, locked, and write them: (counts,
    []) when written, (None, errors) when a row is wrong and nothing was
    written. Runs inside the caller's transaction; the workbook import and
    the SIAKAD API (siakad.batches) both write through here. A prodi change
    of a held student needs `pindahkan` and `alasan` (ValidationError), or,
    with `refuse_held`, is one more row error."""
    known = load_known(rows, lock=True)
    errors = check_against(rows, known)
    if errors:
        return None, errors
    planned = plan(rows, known)
    held = [p for p in planned if p.holds] if terapkan_perubahan else []
    if held and refuse_held:
        return None, [
            RowError(
                p.row.baris,
                column_label("prodi"),
                _("The student %(nim)s cannot change study programme now: %(holds)s.")
                % {"nim": p.row.nim, "holds": "; ".join(p.holds)},
                "held",
            )
            for p in held
        ]
    students.check_prodi_change(
        reasons=[f"{p.row.nim} ({'; '.join(p.holds)})" for p in held],
        paksa=pindahkan,
        alasan=alasan,
    )
    try:
        # A savepoint: a conflict leaves the caller's transaction usable.
        with transaction.atomic():
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
    return counts, []


def _write(
    planned: list[Planned], known: Known, *, terapkan_perubahan: bool, by: User, alasan: str
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


def _write_changes(changed: list[Planned], known: Known, *, by: User, alasan: str) -> None:
    changed_users, changed_students = [], []
    user_log, student_log, forced_log = [], [], []
    for p in changed:
        student = known.students[p.row.nim]
        before = current_values(student)
        values = row_values(p.row, known)
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
