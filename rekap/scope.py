"""The one place that decides what a recap reader may see. Every recap,
export, count and KPI starts from these querysets: staff see every study
programme, a coordinator only the programmes they are linked to, anyone
else nothing (the `rekap` command reads as WHOLE_INSTITUTION, every
programme, without pretending to be a user). Narrowing by a filter always
happens inside this scope, so a guessed id of another programme gives an
empty result, never its rows.

The KPIs and the partner register are the department's (jurusan's): a
coordinator reads those of the departments of their programmes, read-only;
writing to the register stays with staff (the views say so)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from magang.models import Pendaftaran
from pkpk import roles
from pkpk.models import Jurusan, Mahasiswa, ProgramStudi

from .models import Kerjasama


class _WholeInstitution:
    """The reader that is no person: the `rekap` command (and the
    benchmarks) read every study programme, as staff do. Passed where the
    selectors below take a user; it has no account and no role."""

    def __repr__(self):
        return "WHOLE_INSTITUTION"


WHOLE_INSTITUTION = _WholeInstitution()


def _reads_everything(user) -> bool:
    return user is WHOLE_INSTITUTION or roles.is_staf(user)


def reader_name(user) -> str:
    """Who a workbook says made it: the person, or "system" for the command."""
    return _("system") if user is WHOLE_INSTITUTION else user.get_full_name()


def can_read_recaps(user) -> bool:
    return _reads_everything(user) or roles.is_koordinator(user)


def prodi_in_scope(user):
    """The study programmes `user` may read recaps of."""
    if _reads_everything(user):
        return ProgramStudi.objects.select_related("jurusan")
    if roles.is_koordinator(user):
        return ProgramStudi.objects.filter(koordinator__user=user).select_related("jurusan")
    raise PermissionDenied


def jurusan_in_scope(user):
    return Jurusan.objects.filter(prodi__in=prodi_in_scope(user)).distinct()


def sees_every_jurusan(user) -> bool:
    """Staff read the KPIs of all departments at once; a coordinator one of theirs."""
    return _reads_everything(user)


def partnerships_in_scope(user):
    """The partner register `user` may read: staff all of it, a coordinator
    the partnerships of their departments."""
    if _reads_everything(user):
        return Kerjasama.objects.all()
    links = Kerjasama.jurusan.through.objects.filter(
        kerjasama=OuterRef("pk"), jurusan__in=jurusan_in_scope(user)
    )
    return Kerjasama.objects.filter(Exists(links))


def students_in_scope(user):
    return Mahasiswa.objects.filter(prodi__in=prodi_in_scope(user))


def applications_in_scope(user):
    return Pendaftaran.objects.filter(mahasiswa__prodi__in=prodi_in_scope(user))
