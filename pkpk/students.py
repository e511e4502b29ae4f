"""A student's study programme, changed in one place: who may be moved to
another prodi, and how a move that staff force is recorded. The import, the
admin and any later API all go through here.

A student is held in their prodi while their internship is under way in it:
the apps say what holds a student (an open application, an open letter
request, a valid letter), registering a function from their AppConfig.ready(),
since the core knows no app's tables."""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import audit
from .models import Mahasiswa, ProgramStudi

# Each: student pks -> {pk: why that student is held}, in a query or two
# whatever the number of students.
HoldFinder = Callable[[list[int]], dict[int, str]]
_hold_finders: dict[str, HoldFinder] = {}


def register_hold(name: str, finder: HoldFinder) -> None:
    """Add a reason a student cannot simply change prodi (idempotent by name)."""
    _hold_finders[name] = finder


def prodi_holds(*, student_ids: Iterable[int]) -> dict[int, list[str]]:
    """Why each of the students cannot simply change prodi; students that may
    move freely are absent."""
    ids = sorted(set(student_ids))
    holds: dict[int, list[str]] = {}
    if not ids:
        return holds
    for name in sorted(_hold_finders):
        for pk, reason in _hold_finders[name](ids).items():
            holds.setdefault(pk, []).append(reason)
    return holds


def refused_move_message(reasons: list[str]) -> str:
    return _(
        "The study programme cannot be changed: %(reasons)s. To move the student "
        "anyway, choose to move them and give the reason."
    ) % {"reasons": "; ".join(reasons)}


def check_prodi_change(*, reasons: list[str], paksa: bool, alasan: str) -> None:
    """The rule: a held student moves only by an explicit staff choice with a
    reason. Raises ValidationError (in the reader's language) otherwise."""
    if not reasons:
        return
    if not paksa:
        raise ValidationError(refused_move_message(reasons), code="held")
    if not alasan.strip():
        raise ValidationError(
            _("Say why the student is moved to another study programme anyway."),
            code="reason_needed",
        )


def forced_move_notes(*, reasons: list[str], alasan: str, by) -> dict:
    """What the audit entry of a forced move carries beside when and the
    prodi before and after: the reason given, the holds overridden, and who
    chose (also when no request names the actor, as in a command)."""
    return {
        "alasan": alasan.strip(),
        "pindah_paksa": reasons,
        "oleh": {"id": by.pk, "username": by.get_username()},
    }


def change_student_prodi(
    *,
    mahasiswa: Mahasiswa,
    prodi: ProgramStudi,
    by,
    paksa: bool = False,
    alasan: str = "",
) -> Mahasiswa:
    """Save `mahasiswa` (with any other field it was given) in `prodi`.
    Refused with ValidationError while the student is held (see
    check_prodi_change) unless `paksa` and `alasan`; a forced move's audit
    entry names `by` (through the request) and carries the reason and the
    holds overridden."""
    with transaction.atomic():
        # Nobody opens an application for the student while they move.
        current = Mahasiswa.objects.select_for_update().get(pk=mahasiswa.pk)
        mahasiswa.prodi = prodi
        if current.prodi_id == prodi.pk:
            mahasiswa.full_clean()
            mahasiswa.save()
            return mahasiswa
        reasons = prodi_holds(student_ids=[mahasiswa.pk]).get(mahasiswa.pk, [])
        check_prodi_change(reasons=reasons, paksa=paksa, alasan=alasan)
        mahasiswa.full_clean()
        notes = forced_move_notes(reasons=reasons, alasan=alasan, by=by) if reasons else {}
        with audit.noting(**notes):
            mahasiswa.save()
    return mahasiswa
