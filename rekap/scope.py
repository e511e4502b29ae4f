"""The one place that decides what a recap reader may see. Every recap,
export, count and KPI starts from these querysets: staff see every study
programme, a coordinator only the programmes they are linked to, anyone
else nothing. Narrowing by a filter always happens inside this scope, so a
guessed id of another programme gives an empty result, never its rows."""

from django.core.exceptions import PermissionDenied

from magang.models import Pendaftaran
from pkpk import roles
from pkpk.models import Jurusan, Mahasiswa, ProgramStudi


def can_read_recaps(user) -> bool:
    return roles.is_staf(user) or roles.is_koordinator(user)


def prodi_in_scope(user):
    """The study programmes `user` may read recaps of."""
    if roles.is_staf(user):
        return ProgramStudi.objects.select_related("jurusan")
    if roles.is_koordinator(user):
        return ProgramStudi.objects.filter(koordinator__user=user).select_related("jurusan")
    raise PermissionDenied


def jurusan_in_scope(user):
    return Jurusan.objects.filter(prodi__in=prodi_in_scope(user)).distinct()


def students_in_scope(user):
    return Mahasiswa.objects.filter(prodi__in=prodi_in_scope(user))


def applications_in_scope(user):
    return Pendaftaran.objects.filter(mahasiswa__prodi__in=prodi_in_scope(user))
