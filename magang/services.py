"""Every change to an application: one function per transition. Each checks
who may do it, locks what it changes, writes the event row and notifies.
The company's answer is in magang.answers, the expiry sweep in magang.expiry."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from notifikasi.models import JenisNotifikasi
from notifikasi.services import composing, event_key, notify
from pkpk import kalender, roles
from pkpk.models import Mahasiswa

from .expiry import expire_overdue
from .models import EVENT_KEY_SOURCE, Jalur, Lowongan, Pendaftaran, Peristiwa
from .rules import WORKING_DAYS_TO_ANSWER

Status = Pendaftaran.Status


class StillWaiting(ValidationError):
    """The student has an application the company has not answered yet."""

    def __init__(self, pendaftaran):
        self.pendaftaran = pendaftaran
        if pendaftaran.status == Status.MENUNGGU:
            message = _(
                "Your registration at %(company)s is waiting for staff approval. You cannot "
                "register elsewhere until staff decide."
            ) % {"company": pendaftaran.perusahaan.nama}
        else:
            message = _(
                "You are still waiting for %(company)s to answer. You may register elsewhere "
                "once the answer is recorded, or from %(date)s if no answer comes."
            ) % {
                "company": pendaftaran.perusahaan.nama,
                "date": format_day(pendaftaran.batas_jawaban),
            }
        super().__init__(message, code="still_waiting")


def format_day(instant):
    """A WIB date as people read it: "Selasa, 17 November 2026"."""
    local = timezone.localtime(instant)
    return formats.date_format(local, "l, j F Y")


def record_event(
    pendaftaran, jenis, *, by=None, dari="", ke="", catatan="", waktu=None, perusahaan=None
):
    """The application's event row for a transition (its timeline)."""
    return Peristiwa.objects.create(
        pendaftaran=pendaftaran,
        mahasiswa_id=pendaftaran.mahasiswa_id,
        jenis=jenis,
        dari=dari,
        ke=ke,
        aktor=by,
        perusahaan=perusahaan,
        catatan=catatan,
        waktu=waktu or timezone.now(),
    )


def _key(event):
    """The notification key of an application event: told once per person."""
    return event_key(EVENT_KEY_SOURCE, event.pk)


def _student_link(pendaftaran):
    return reverse("magang:detail", args=[pendaftaran.pk])


def tell_student(event, jenis, *, judul, isi):
    """Tell the application's student of `event`, once, with a link to the
    application. Build `judul` and `isi` inside notifikasi.services.composing()."""
    pendaftaran = event.pendaftaran
    notify(
        users=[pendaftaran.mahasiswa.user],
        jenis=jenis,
        kunci=_key(event),
        judul=judul,
        isi=isi,
        tautan=_student_link(pendaftaran),
    )


def blocking_application(mahasiswa):
    """The application that keeps `mahasiswa` from registering elsewhere, if any."""
    return (
        Pendaftaran.objects.filter(mahasiswa=mahasiswa, status__in=Pendaftaran.BLOCKING)
        .select_related("perusahaan")
        .first()
    )


def submit_application(
    *,
    mahasiswa: Mahasiswa,
    by,
    lowongan: Lowongan | None = None,
    perusahaan=None,
    posisi: str = "",
    mulai=None,
    selesai=None,
    kontak_nama: str = "",
    kontak_jabatan: str = "",
    kontak_email: str = "",
    kontak_telepon: str = "",
    cv=None,
    transkrip=None,
    now=None,
) -> Pendaftaran:
    """Register an application (form BO.8.4.1.1), from a vacancy (kerjasama)
    or for a place the student found (mandiri: pass `perusahaan`).

    Refused with StillWaiting while another application waits for an answer;
    the database's partial unique constraint holds the rule under races. A
    student already accepted somewhere waits for staff approval. `now` is
    when it happens (the demo seed registers applications of past days)."""
    if by.pk != mahasiswa.user_id:
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        # Two tabs or a double click queue here, one after the other.
        Mahasiswa.objects.select_for_update().filter(pk=mahasiswa.pk).exists()
        blocking = blocking_application(mahasiswa)
        if blocking and _overdue(blocking, now):
            # The block lifts at 00:00 sharp, whether or not the worker's
            # sweep has run. A student has one open application at most, so
            # only a blocking one can be overdue.
            expire_overdue(now=now, mahasiswa=mahasiswa)
            blocking = blocking_application(mahasiswa)
        if blocking:
            raise StillWaiting(blocking)

        if lowongan is not None:
            lowongan = _lock_open_vacancy(lowongan, mahasiswa, now)
            perusahaan = lowongan.perusahaan
            jalur = Jalur.KERJASAMA
            posisi = posisi or lowongan.posisi
            mulai = mulai or lowongan.mulai
            selesai = selesai or lowongan.selesai
        else:
            jalur = Jalur.MANDIRI
        if perusahaan is None:
            raise ValidationError({"perusahaan": _("Choose or enter the company.")})
        if perusahaan.pk is None:
            # A self-found company the student typed: it and the application
            # stand or fall together. full_clean refuses a twin of a known one.
            perusahaan.full_clean()
            perusahaan.save()

        accepted_before = Pendaftaran.objects.filter(
            mahasiswa=mahasiswa, status=Status.DITERIMA
        ).exists()
        pendaftaran = Pendaftaran(
            mahasiswa=mahasiswa,
            lowongan=lowongan,
            perusahaan=perusahaan,
            jalur=jalur,
            posisi=posisi,
            mulai=mulai,
            selesai=selesai,
            kontak_nama=kontak_nama,
            kontak_jabatan=kontak_jabatan,
            kontak_email=kontak_email,
            kontak_telepon=kontak_telepon,
            cv=cv or "",
            transkrip=transkrip or "",
            status=Status.MENUNGGU if accepted_before else Status.DIAJUKAN,
            dibuat=now,
        )
        if pendaftaran.status == Status.DIAJUKAN:
            _start_clock(pendaftaran, now)
        # The related rows were just read (the vacancy under its lock): checking
        # that they exist again would cost three queries on registration day.
        # The model's check constraints hold in the database on save; Django
        # would check each again by a query in a savepoint (six statements),
        # so the one a person's input can break is checked here instead.
        pendaftaran.full_clean(
            exclude=["mahasiswa", "lowongan", "perusahaan"], validate_constraints=False
        )
        if pendaftaran.selesai <= pendaftaran.mulai:
            raise ValidationError(
                {"selesai": _("The internship must end after it starts.")}, code="period_order"
            )
        try:
            with transaction.atomic():
                pendaftaran.save()
        except IntegrityError:
            # Only a race past the lock gets here; the constraint held.
            blocking = blocking_application(mahasiswa)
            if blocking is None:
                raise
            raise StillWaiting(blocking) from None

        if pendaftaran.status == Status.DIAJUKAN:
            event = record_event(
                pendaftaran, Peristiwa.Jenis.DIAJUKAN, by=by, ke=Status.DIAJUKAN, waktu=now
            )
            with composing():
                tell_student(
                    event,
                    JenisNotifikasi.PENDAFTARAN,
                    judul=_("Application to %(company)s registered") % {"company": perusahaan.nama},
                    isi=_(
                        "Your application is registered and waits for the company's answer. "
                        "If no answer comes, you may register elsewhere from %(date)s."
                    )
                    % {"date": format_day(pendaftaran.batas_jawaban)},
                )
        else:
            event = record_event(
                pendaftaran, Peristiwa.Jenis.DIDAFTARKAN, by=by, ke=Status.MENUNGGU, waktu=now
            )
            with composing():
                tell_student(
                    event,
                    JenisNotifikasi.PENDAFTARAN,
                    judul=_("Registration at %(company)s waits for staff approval")
                    % {"company": perusahaan.nama},
                    isi=_(
                        "You were already accepted for an internship, so UPT-PKPK staff must "
                        "approve a new registration first."
                    ),
                )
    return pendaftaran


def _start_clock(pendaftaran, now):
    pendaftaran.diajukan_pada = now
    pendaftaran.batas_jawaban = kalender.block_lifts_at(now, WORKING_DAYS_TO_ANSWER)


def _overdue(pendaftaran, now):
    return pendaftaran.status == Status.DIAJUKAN and pendaftaran.batas_jawaban <= now


def _lock_open_vacancy(lowongan, mahasiswa, now):
    """Lock the vacancy (not its company: registrations to the company's
    other vacancies go on) and check it still takes this student."""
    lowongan = (
        Lowongan.objects.select_for_update(of=("self",))
        .select_related("perusahaan")
        .annotate(
            open_to_student=Exists(
                Lowongan.prodi.through.objects.filter(
                    lowongan=OuterRef("pk"), programstudi=mahasiswa.prodi_id
                )
            )
        )
        .get(pk=lowongan.pk)
    )
    if not lowongan.aktif or lowongan.batas_daftar < timezone.localdate(now):
        raise ValidationError(_("This vacancy is closed."), code="closed")
    if not lowongan.open_to_student:
        raise ValidationError(
            _("This vacancy is not open to your study programme."), code="wrong_prodi"
        )
    # Counted by a statement of its own, after the lock: its snapshot sees
    # the registration of whoever held the lock before (a subquery of the
    # locking statement would not).
    filled = lowongan.pendaftaran.filter(status__in=Pendaftaran.HOLDS_PLACE).count()
    if filled >= lowongan.kuota:
        raise ValidationError(_("This vacancy is full."), code="full")
    return lowongan


def lock(pendaftaran):
    """The application, locked for a change (with its student and company)."""
    return (
        Pendaftaran.objects.select_for_update()
        .select_related("mahasiswa__user", "perusahaan")
        .get(pk=pendaftaran.pk)
    )


def approve_registration(*, pendaftaran: Pendaftaran, by, now=None) -> Pendaftaran:
    """Staff let an already-accepted student register again: the clock starts."""
    roles.require_staff(by)
    now = now or timezone.now()
    with transaction.atomic():
        pendaftaran = lock(pendaftaran)
        if pendaftaran.status != Status.MENUNGGU:
            raise ValidationError(_("This registration is not waiting for approval."))
        pendaftaran.status = Status.DIAJUKAN
        _start_clock(pendaftaran, now)
        pendaftaran.save(update_fields=["status", "diajukan_pada", "batas_jawaban"])
        event = record_event(
            pendaftaran,
            Peristiwa.Jenis.DISETUJUI,
            by=by,
            dari=Status.MENUNGGU,
            ke=Status.DIAJUKAN,
            waktu=now,
        )
        with composing():
            tell_student(
                event,
                JenisNotifikasi.PENDAFTARAN,
                judul=_("Registration at %(company)s approved")
                % {"company": pendaftaran.perusahaan.nama},
                isi=_("Staff approved your registration. It now waits for the company's answer."),
            )
    return pendaftaran


# What other apps close when an application is cancelled (surat: the open
# letter requests naming it). magang imports none of them: an app built on
# magang registers its handler from its AppConfig.ready(). Each handler runs
# inside the cancelling transaction, so the cancellation and what it closes
# commit together or not at all.
_ON_CANCEL = []


def on_cancel(handler):
    """Register `handler(*, pendaftaran, by, alasan, now)`, called by
    cancel_application() after the application is cancelled."""
    if handler not in _ON_CANCEL:
        _ON_CANCEL.append(handler)
    return handler


def cancel_application(*, pendaftaran: Pendaftaran, by, alasan: str, now=None) -> Pendaftaran:
    """Only staff cancel a submitted application, and always with a reason.
    What depends on it elsewhere is closed in the same transaction (on_cancel)."""
    roles.require_staff(by)
    if not alasan.strip():
        raise ValidationError({"alasan": _("Say why the application is cancelled.")})
    now = now or timezone.now()
    with transaction.atomic():
        pendaftaran = lock(pendaftaran)
        if pendaftaran.status in (Status.DIBATALKAN, Status.DITOLAK):
            raise ValidationError(_("This application cannot be cancelled any more."))
        before = pendaftaran.status
        pendaftaran.status = Status.DIBATALKAN
        pendaftaran.alasan = alasan.strip()
        pendaftaran.save(update_fields=["status", "alasan"])
        event = record_event(
            pendaftaran,
            Peristiwa.Jenis.DIBATALKAN,
            by=by,
            dari=before,
            ke=Status.DIBATALKAN,
            catatan=alasan.strip(),
            waktu=now,
        )
        for handler in _ON_CANCEL:
            handler(pendaftaran=pendaftaran, by=by, alasan=alasan.strip(), now=now)
        with composing():
            tell_student(
                event,
                JenisNotifikasi.PENDAFTARAN,
                judul=_("Application to %(company)s cancelled")
                % {"company": pendaftaran.perusahaan.nama},
                isi=_("UPT-PKPK staff cancelled the application: %(reason)s")
                % {"reason": alasan.strip()},
            )
    return pendaftaran
