"""Reads of registration data, each starting from the reader's scope."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import F, Prefetch, Q
from django.http import Http404

from pkpk import roles
from pkpk.selectors import prodi_for_coordinator

from .models import Lowongan, Pendaftaran, Peristiwa, SuratBalasan


def open_vacancies_for(mahasiswa, *, q="", kota=""):
    """Vacancies the student may apply to now, soonest closing first."""
    found = (
        Lowongan.objects.terbuka()
        .for_prodi(mahasiswa.prodi)
        .select_related("perusahaan")
        .order_by("batas_daftar", "pk")
    )
    if q.strip():
        q = q.strip()
        found = found.filter(
            Q(posisi__icontains=q)
            | Q(perusahaan__nama__icontains=q)
            | Q(deskripsi__icontains=q)
            | Q(perusahaan__sektor__icontains=q)
        )
    if kota.strip():
        found = found.filter(perusahaan__kota__iexact=kota.strip())
    return found


def applications_of(mahasiswa):
    return (
        Pendaftaran.objects.filter(mahasiswa=mahasiswa)
        .select_related("perusahaan", "lowongan")
        .prefetch_related(
            Prefetch("balasan", queryset=SuratBalasan.objects.order_by("-diunggah_pada"))
        )
    )


def timeline_of(mahasiswa):
    """Every event of every application of the student, oldest first."""
    return Peristiwa.objects.filter(mahasiswa=mahasiswa).select_related(
        "pendaftaran__perusahaan", "aktor", "perusahaan"
    )


def applications_visible_to(user):
    """Applications `user` may read: a student their own, a coordinator those
    of their programmes, staff all. Everyone else none."""
    base = Pendaftaran.objects.select_related(
        "mahasiswa__user", "mahasiswa__prodi", "perusahaan", "lowongan"
    )
    if roles.is_staf(user):
        return base
    if roles.is_koordinator(user):
        return base.filter(mahasiswa__prodi__in=prodi_for_coordinator(user))
    if roles.is_mahasiswa(user):
        return base.filter(mahasiswa__user=user)
    return base.none()


def application_for_user(user, pk):
    """One application, or 404 when it is outside the user's scope."""
    try:
        return applications_visible_to(user).get(pk=pk)
    except Pendaftaran.DoesNotExist:
        raise Http404 from None


def replies_waiting():
    return (
        SuratBalasan.objects.filter(verifikasi=SuratBalasan.Verifikasi.MENUNGGU)
        .select_related(
            "pendaftaran__mahasiswa__user",
            "pendaftaran__mahasiswa__prodi",
            "pendaftaran__perusahaan",
        )
        .order_by("diunggah_pada")
    )


# --- Student side of registration ---------------------------------------


def with_places_left(vacancies):
    """Annotate `sisa`, the places still free, on open vacancies (they carry `terisi`)."""
    return vacancies.annotate(sisa=F("kuota") - F("terisi"))


def open_vacancy_for(mahasiswa, pk):
    """One vacancy the student may apply to now; 404 when it belongs to
    another programme, is closed or is full."""
    try:
        return with_places_left(open_vacancies_for(mahasiswa)).get(pk=pk)
    except Lowongan.DoesNotExist:
        raise Http404 from None


CITIES_SECONDS = 60


def vacancy_cities_for(mahasiswa):
    """The cities of the vacancies open to the student, for the city filter.
    The same for the whole programme and rarely changing, so read once a
    minute per process: a new city shows in the filter within a minute."""

    def read():
        cities = (
            Lowongan.objects.terbuka()
            .for_prodi(mahasiswa.prodi)
            .order_by()
            .values_list("perusahaan__kota", flat=True)
        )
        return sorted(set(cities), key=str.casefold)

    return cache.get_or_set(f"vacancy-cities:{mahasiswa.prodi_id}", read, CITIES_SECONDS)


def reply_for_user(user, pk):
    """One company reply, or 404 when its application is outside the user's scope."""
    try:
        return SuratBalasan.objects.select_related("pendaftaran__mahasiswa").get(
            pk=pk, pendaftaran__in=applications_visible_to(user).values("pk")
        )
    except SuratBalasan.DoesNotExist:
        raise Http404 from None


@dataclass
class WaitingBlock:
    """Why a student cannot register elsewhere now, and until when.
    `lifts_at` is None while staff have to approve the registration."""

    pendaftaran: Pendaftaran
    lifts_at: datetime.datetime | None = None
    days_left: int | None = None
    working_days_left: int | None = None


def waiting_block(mahasiswa, *, now=None):
    """The block on `mahasiswa` with the date it lifts and the countdown, or
    None. An application past its deadline that the sweep has not reached yet
    no longer counts: submitting expires it first."""
    from django.utils import timezone

    now = now or timezone.now()
    pendaftaran = (
        Pendaftaran.objects.filter(mahasiswa=mahasiswa)
        .filter(
            Q(status=Pendaftaran.Status.MENUNGGU)
            | Q(status=Pendaftaran.Status.DIAJUKAN, batas_jawaban__gt=now)
        )
        .select_related("perusahaan")
        .first()
    )
    return None if pendaftaran is None else block_of(pendaftaran, now=now)


def block_of(pendaftaran, *, now=None):
    """The block `pendaftaran` puts on its student now (see waiting_block), or
    None when it puts none."""
    from django.utils import timezone

    from pkpk import kalender

    now = now or timezone.now()
    if pendaftaran.status == Pendaftaran.Status.MENUNGGU:
        return WaitingBlock(pendaftaran)
    if pendaftaran.status != Pendaftaran.Status.DIAJUKAN or pendaftaran.batas_jawaban <= now:
        return None
    today = timezone.localdate(now)
    lifts_on = timezone.localtime(pendaftaran.batas_jawaban).date()
    between = [today + datetime.timedelta(days=n) for n in range(1, (lifts_on - today).days)]
    with kalender.snapshot():  # one look at the calendar for the whole count
        working_days_left = sum(1 for day in between if kalender.is_working_day(day))
    return WaitingBlock(
        pendaftaran,
        lifts_at=pendaftaran.batas_jawaban,
        days_left=(lifts_on - today).days,
        working_days_left=working_days_left,
    )


def staff_applications(
    *,
    q="",
    status="",
    jurusan=None,
    prodi=None,
    jalur="",
    perusahaan="",
    dari=None,
    sampai=None,
):
    """Every application, for staff, newest first, narrowed by the list's
    filters. `dari`/`sampai` are WIB days of submission, both included."""
    import datetime as dt

    from django.utils import timezone

    found = Pendaftaran.objects.select_related(
        "mahasiswa__user", "mahasiswa__prodi", "perusahaan", "lowongan"
    ).order_by("-dibuat", "-pk")
    if q.strip():
        q = q.strip()
        found = found.filter(
            Q(mahasiswa__nim__startswith=q) | Q(mahasiswa__user__nama__icontains=q)
        )
    if status:
        found = found.filter(status=status)
    if jurusan is not None:
        found = found.filter(mahasiswa__prodi__jurusan=jurusan)
    if prodi is not None:
        found = found.filter(mahasiswa__prodi=prodi)
    if jalur:
        found = found.filter(jalur=jalur)
    if perusahaan.strip():
        found = found.filter(perusahaan__nama__icontains=perusahaan.strip())
    if dari:
        start = timezone.make_aware(dt.datetime.combine(dari, dt.time.min))
        found = found.filter(diajukan_pada__gte=start)
    if sampai:
        end = timezone.make_aware(dt.datetime.combine(sampai + dt.timedelta(days=1), dt.time.min))
        found = found.filter(diajukan_pada__lt=end)
    return found


def vacancies_for_staff(*, q=""):
    """Every vacancy with its filled places (`terisi`), latest closing first."""
    found = (
        Lowongan.objects.with_filled()
        .select_related("perusahaan")
        .prefetch_related("prodi")
        .order_by("-batas_daftar", "-pk")
    )
    if q.strip():
        q = q.strip()
        found = found.filter(Q(posisi__icontains=q) | Q(perusahaan__nama__icontains=q))
    return found


def students_with_open_applications(student_ids):
    """pkpk.students hold: {student pk: why}, for students whose application
    is waiting for staff or for the company's answer."""
    from django.utils.translation import gettext as _

    found = (
        Pendaftaran.objects.filter(mahasiswa__in=student_ids, status__in=Pendaftaran.BLOCKING)
        .select_related("perusahaan")
        .order_by("mahasiswa", "pk")
    )
    return {
        p.mahasiswa_id: _("an application to %(company)s is %(status)s")
        % {"company": p.perusahaan.nama, "status": p.get_status_display()}
        for p in found
    }
