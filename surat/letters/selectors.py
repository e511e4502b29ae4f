"""Reads of letters, each starting from the reader's scope."""

from django.db.models import Prefetch, Q
from django.http import Http404

from pkpk import roles
from pkpk.selectors import prodi_for_coordinator

from ..models import Surat, SuratMahasiswa
from . import codes


def _students():
    return Prefetch(
        "mahasiswa",
        queryset=SuratMahasiswa.objects.order_by("urutan").select_related("pendaftaran"),
    )


def all_letters():
    return Surat.objects.select_related("perusahaan").prefetch_related(_students())


def letters_visible_to(user):
    """Letters `user` may download: staff all, a student those naming them,
    a coordinator those naming a student of their programmes."""
    if roles.is_staf(user):
        return Surat.objects.all()
    if roles.is_koordinator(user):
        return Surat.objects.filter(
            mahasiswa__pendaftaran__mahasiswa__prodi__in=prodi_for_coordinator(user)
        ).distinct()
    if roles.is_mahasiswa(user):
        return Surat.objects.filter(mahasiswa__pendaftaran__mahasiswa__user=user).distinct()
    return Surat.objects.none()


def letter_for_user(user, pk):
    try:
        return letters_visible_to(user).get(pk=pk)
    except Surat.DoesNotExist:
        raise Http404 from None


def letters_of_application(user, pendaftaran):
    """The letters naming `pendaftaran` that `user` may download."""
    return (
        letters_visible_to(user)
        .filter(mahasiswa__pendaftaran=pendaftaran)
        .order_by("-diterbitkan_pada", "-pk")
    )


def letter_by_code(typed):
    """The letter a reader of paper names by `typed`, or None: its code in
    any case, with or without the dash or spaces; or, on letters issued
    before the typeable code, the ten characters printed then (exactly, they
    were case-sensitive) and the token their QR code carries. One query
    whatever was typed, so a malformed code takes as long as an unknown one."""
    raw = str(typed or "").strip()[:100]
    found = (
        all_letters()
        .select_related("pengganti")
        .filter(Q(kode=codes.normalise(raw)) | Q(kode_lama=raw) | Q(token=raw))
    )
    return found.first()


def mask_nim(nim):
    """3312501001 → 3312****01: enough to recognise, not enough to collect."""
    if len(nim) <= 6:
        return "*" * len(nim)
    return nim[:4] + "*" * (len(nim) - 6) + nim[-2:]


def students_with_open_letter_requests(student_ids):
    """pkpk.students hold: {student pk: why}, for students who asked for a
    letter (or are named in one asked for) that is not finished yet."""
    from django.db.models import Q
    from django.utils.translation import gettext as _

    from ..models import Permintaan

    unfinished = [*Permintaan.OPEN, Permintaan.Status.DIKEMBALIKAN]
    found = {}
    rows = (
        Permintaan.objects.filter(jenis__in=Permintaan.LETTERS, status__in=unfinished)
        .filter(Q(pemohon__in=student_ids) | Q(anggota__pendaftaran__mahasiswa__in=student_ids))
        .values_list("pk", "pemohon_id", "anggota__pendaftaran__mahasiswa_id")
        .order_by("pk")
    )
    wanted = set(student_ids)
    for pk, pemohon, anggota in rows:
        for student in {pemohon, anggota} & wanted:
            found.setdefault(student, _("letter request #%(pk)s is not finished") % {"pk": pk})
    return found


def students_with_valid_letters(student_ids):
    """pkpk.students hold: {student pk: why}, for students named on a letter
    that is still valid (not voided): it states their study programme."""
    from django.utils.translation import gettext as _

    rows = (
        SuratMahasiswa.objects.filter(
            pendaftaran__mahasiswa__in=student_ids, surat__dibatalkan_pada__isnull=True
        )
        .values_list("pendaftaran__mahasiswa_id", "surat__nomor")
        .order_by("surat__diterbitkan_pada", "surat__pk")
    )
    found = {}
    for student, nomor in rows:
        found.setdefault(student, _("valid letter %(number)s names them") % {"number": nomor})
    return found
