"""The one place that decides what a recap reader may see. Every recap,
export, count and KPI starts from these querysets: staff see every study
programme, a coordinator only the programmes they are linked to, anyone
else nothing. Narrowing by a filter always happens inside this scope, so a
guessed id of another programme gives an empty result, never its rows.

The KPIs and the partner register are the department's (jurusan's): a
coordinator reads those of the departments of their programmes, read-only;
writing to the register stays with staff (the views say so)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef

from magang.models import Pendaftaran
from pkpk import roles
from pkpk.models import Jurusan, Mahasiswa, ProgramStudi

from .models import Kerjasama


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


def sees_every_jurusan(user) -> bool:
    """Staff read the KPIs of all departments at once; a coordinator one of theirs."""
    return roles.is_staf(user)


def partnerships_in_scope(user):
    """The partner register `user` may read: staff all of it, a coordinator
    the partnerships of their departments."""
    if roles.is_staf(user):
        return Kerjasama.objects.all()
    links = Kerjasama.jurusan.through.objects.filter(
        kerjasama=OuterRef("pk"), jurusan__in=jurusan_in_scope(user)
    )
    return Kerjasama.objects.filter(Exists(links))


def students_in_scope(user):
    return Mahasiswa.objects.filter(prodi__in=prodi_in_scope(user))


def applications_in_scope(user):
    return Pendaftaran.objects.filter(mahasiswa__prodi__in=prodi_in_scope(user))
