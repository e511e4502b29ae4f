"""Every change to an application: one function per transition. Each checks
who may do it, locks what it changes, writes the event row and notifies."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pkpk import audit, kalender, roles
from pkpk.models import JenisNotifikasi, Mahasiswa
from pkpk.notify import composing, notify

from .models import Jalur, Lowongan, Pendaftaran, Peristiwa, SuratBalasan
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


def _event(pendaftaran, jenis, *, by=None, dari="", ke="", catatan="", waktu=None, perusahaan=None):
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
    return f"magang.peristiwa:{event.pk}"


def _student_link(pendaftaran):
    return reverse("magang:detail", args=[pendaftaran.pk])


def _tell_student(event, jenis, *, judul, isi):
    """Tell the application's student of `event`, once, with a link to the
    application. Build `judul` and `isi` inside pkpk.notify.composing()."""
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
            event = _event(
                pendaftaran, Peristiwa.Jenis.DIAJUKAN, by=by, ke=Status.DIAJUKAN, waktu=now
            )
            with composing():
                _tell_student(
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
            event = _event(
                pendaftaran, Peristiwa.Jenis.DIDAFTARKAN, by=by, ke=Status.MENUNGGU, waktu=now
            )
            with composing():
                _tell_student(
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


def _lock(pendaftaran):
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
        pendaftaran = _lock(pendaftaran)
        if pendaftaran.status != Status.MENUNGGU:
            raise ValidationError(_("This registration is not waiting for approval."))
        pendaftaran.status = Status.DIAJUKAN
        _start_clock(pendaftaran, now)
        pendaftaran.save(update_fields=["status", "diajukan_pada", "batas_jawaban"])
        event = _event(
            pendaftaran,
            Peristiwa.Jenis.DISETUJUI,
            by=by,
            dari=Status.MENUNGGU,
            ke=Status.DIAJUKAN,
            waktu=now,
        )
        with composing():
            _tell_student(
                event,
                JenisNotifikasi.PENDAFTARAN,
                judul=_("Registration at %(company)s approved")
                % {"company": pendaftaran.perusahaan.nama},
                isi=_("Staff approved your registration. It now waits for the company's answer."),
            )
    return pendaftaran


ANSWERABLE = Pendaftaran.ANSWERABLE  # a late answer still counts


def upload_reply(
    *,
    pendaftaran: Pendaftaran,
    by,
    hasil: str,
    berkas,
    nomor_surat: str = "",
    tanggal_surat=None,
    catatan: str = "",
) -> SuratBalasan:
    """The student uploads the company's reply letter; staff verify it next."""
    if by.pk != pendaftaran.mahasiswa.user_id:
        raise PermissionDenied
    with transaction.atomic():
        pendaftaran = _lock(pendaftaran)
        if pendaftaran.status not in ANSWERABLE:
            raise ValidationError(_("This application already has its answer."))
        if pendaftaran.balasan.filter(verifikasi=SuratBalasan.Verifikasi.MENUNGGU).exists():
            raise ValidationError(_("A reply for this application is already waiting."))
        balasan = SuratBalasan(
            pendaftaran=pendaftaran,
            hasil=hasil,
            berkas=berkas,
            nomor_surat=nomor_surat,
            tanggal_surat=tanggal_surat,
            catatan=catatan,
            diunggah_oleh=by,
        )
        balasan.full_clean(validate_constraints=False)
        balasan.save()
        _event(
            pendaftaran,
            Peristiwa.Jenis.BALASAN_DIUNGGAH,
            by=by,
            catatan=balasan.get_hasil_display(),
        )
    return balasan


def verify_reply(*, balasan: SuratBalasan, by, sah: bool, alasan: str = "") -> SuratBalasan:
    """Staff accept an uploaded reply (the answer is recorded) or refuse it
    with a reason the student reads."""
    roles.require_staff(by)
    with transaction.atomic():
        balasan = SuratBalasan.objects.select_for_update().get(pk=balasan.pk)
        if balasan.verifikasi != SuratBalasan.Verifikasi.MENUNGGU:
            raise ValidationError(_("This reply was verified already."))
        balasan.diverifikasi_oleh = by
        balasan.diverifikasi_pada = timezone.now()
        if sah:
            balasan.verifikasi = SuratBalasan.Verifikasi.SAH
            balasan.save()
            record_answer(
                pendaftaran=balasan.pendaftaran,
                hasil=balasan.hasil,
                by=by,
                catatan=balasan.catatan,
            )
        else:
            if not alasan.strip():
                raise ValidationError({"alasan": _("Say why the reply is refused.")})
            balasan.verifikasi = SuratBalasan.Verifikasi.DITOLAK
            balasan.alasan_penolakan = alasan.strip()
            balasan.save()
            pendaftaran = balasan.pendaftaran
            event = _event(
                pendaftaran, Peristiwa.Jenis.BALASAN_DITOLAK, by=by, catatan=alasan.strip()
            )
            with composing():
                _tell_student(
                    event,
                    JenisNotifikasi.PENDAFTARAN,
                    judul=_("Your uploaded reply was refused"),
                    isi=_("Staff could not accept the reply letter you uploaded: %(reason)s")
                    % {"reason": alasan.strip()},
                )
    return balasan


def record_answer(
    *,
    pendaftaran: Pendaftaran,
    hasil: str,
    by=None,
    berkas=None,
    catatan: str = "",
    perusahaan=None,
    mulai=None,
    selesai=None,
    penempatan: str = "",
    now=None,
) -> Pendaftaran:
    """Record the company's answer: by staff (optionally with the reply file),
    through a verified upload, or by the company itself through its signed
    link (`perusahaan` given, `by` None: the event names the company). An
    acceptance may state the period and placement. A late answer after expiry
    still counts."""
    if by is not None:
        roles.require_staff(by)
    elif perusahaan is None:
        raise PermissionDenied
    if mulai and selesai and mulai >= selesai:
        raise ValidationError(_("The internship must end after it starts."))
    now = now or timezone.now()
    with transaction.atomic():
        pendaftaran = _lock(pendaftaran)
        if pendaftaran.status not in ANSWERABLE:
            raise ValidationError(_("This application already has its answer."))
        if berkas is not None:
            balasan = SuratBalasan(
                pendaftaran=pendaftaran,
                hasil=hasil,
                berkas=berkas,
                catatan=catatan,
                diunggah_oleh=by,
                verifikasi=SuratBalasan.Verifikasi.SAH,
                diverifikasi_oleh=by,
                diverifikasi_pada=now,
            )
            balasan.full_clean(validate_constraints=False)
            balasan.save()
        # An upload still waiting is settled by this answer: close it so it
        # does not sit in the verification queue for good. One save each (an
        # application has one or two), so each closing reaches the audit trail.
        waiting = pendaftaran.balasan.filter(verifikasi=SuratBalasan.Verifikasi.MENUNGGU)
        for upload in waiting.select_for_update():
            upload.verifikasi = SuratBalasan.Verifikasi.DITOLAK
            upload.diverifikasi_oleh = by
            upload.diverifikasi_pada = now
            upload.alasan_penolakan = _("The answer was recorded in another way.")
            upload.save(
                update_fields=[
                    "verifikasi",
                    "diverifikasi_oleh",
                    "diverifikasi_pada",
                    "alasan_penolakan",
                ]
            )
        if perusahaan is not None and perusahaan.pk != pendaftaran.perusahaan_id:
            raise PermissionDenied
        before = pendaftaran.status
        pendaftaran.status = Status.DITERIMA if hasil == "diterima" else Status.DITOLAK
        pendaftaran.dijawab_pada = now
        fields = ["status", "dijawab_pada"]
        if pendaftaran.status == Status.DITERIMA:
            for name, value in (("mulai", mulai), ("selesai", selesai)):
                if value:
                    setattr(pendaftaran, name, value)
                    fields.append(name)
            if penempatan.strip():
                pendaftaran.penempatan = penempatan.strip()
                fields.append("penempatan")
        pendaftaran.save(update_fields=fields)
        jenis = Peristiwa.Jenis.DITERIMA if hasil == "diterima" else Peristiwa.Jenis.DITOLAK
        event = _event(
            pendaftaran,
            jenis,
            by=by,
            dari=before,
            ke=pendaftaran.status,
            catatan=catatan,
            perusahaan=perusahaan,
            waktu=now,
        )
        company = pendaftaran.perusahaan.nama
        with composing():
            if pendaftaran.status == Status.DITERIMA:
                judul = _("%(company)s accepted you") % {"company": company}
                isi = _("Congratulations: the company's acceptance is recorded.")
            else:
                judul = _("%(company)s did not accept you") % {"company": company}
                isi = _("The company's answer is recorded. You may register at another place now.")
            _tell_student(event, JenisNotifikasi.JAWABAN, judul=judul, isi=isi)
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
        pendaftaran = _lock(pendaftaran)
        if pendaftaran.status in (Status.DIBATALKAN, Status.DITOLAK):
            raise ValidationError(_("This application cannot be cancelled any more."))
        before = pendaftaran.status
        pendaftaran.status = Status.DIBATALKAN
        pendaftaran.alasan = alasan.strip()
        pendaftaran.save(update_fields=["status", "alasan"])
        event = _event(
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
            _tell_student(
                event,
                JenisNotifikasi.PENDAFTARAN,
                judul=_("Application to %(company)s cancelled")
                % {"company": pendaftaran.perusahaan.nama},
                isi=_("UPT-PKPK staff cancelled the application: %(reason)s")
                % {"reason": alasan.strip()},
            )
    return pendaftaran


# One statement moves every overdue application, writes its event, its
# audit entry (as auditlog would for a save(): the status before and after,
# who acted from pkpk.audit.stamp) and its notification; a second run finds
# nothing left to move.
_EXPIRE_SQL = """
WITH expired AS (
    UPDATE magang_pendaftaran SET status = 'kedaluwarsa'
    WHERE status = 'diajukan' AND batas_jawaban <= %(now)s {student_filter}
    RETURNING id, mahasiswa_id, perusahaan_id
), events AS (
    INSERT INTO magang_peristiwa (pendaftaran_id, mahasiswa_id, jenis, dari, ke, waktu, catatan)
    SELECT id, mahasiswa_id, 'kedaluwarsa', 'diajukan', 'kedaluwarsa', %(now)s, ''
    FROM expired
    RETURNING id, pendaftaran_id
), logged AS (
    INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, object_repr, action,
        changes_text, changes, actor_id, actor_email, cid, remote_addr, timestamp, additional_data)
    SELECT %(log_content_type_id)s, e.id::text, e.id,
           m.nim || ' → ' || c.nama || ' (' || %(log_status)s || ')', 1, '',
           '{{"status": ["diajukan", "kedaluwarsa"]}}'::jsonb, %(log_actor_id)s,
           %(log_actor_email)s, %(log_cid)s, %(log_remote_addr)s, %(now)s,
           %(log_additional_data)s::jsonb
    FROM expired e
    JOIN pkpk_mahasiswa m ON m.id = e.mahasiswa_id
    JOIN pkpk_perusahaan c ON c.id = e.perusahaan_id
)
INSERT INTO pkpk_notifikasi (penerima_id, jenis, kunci, judul, isi, tautan, dibuat, di_aplikasi)
SELECT m.user_id, %(jenis)s, 'magang.peristiwa:' || ev.id,
       replace(%(judul)s, '{{company}}', c.nama), %(isi)s,
       replace(%(tautan)s, '999999999', e.id::text), %(now)s, true
FROM expired e
JOIN events ev ON ev.pendaftaran_id = e.id
JOIN pkpk_mahasiswa m ON m.id = e.mahasiswa_id
JOIN pkpk_perusahaan c ON c.id = e.perusahaan_id
ON CONFLICT DO NOTHING
RETURNING id
"""


def expire_overdue(*, now=None, mahasiswa=None) -> int:
    """Move every `diajukan` application past its deadline to `kedaluwarsa`
    (or only `mahasiswa`'s), set-based; tell each student. Idempotent."""
    from django_q.tasks import async_task

    now = now or timezone.now()
    student_filter = "AND mahasiswa_id = %(student)s" if mahasiswa is not None else ""
    params = {
        "now": now,
        "student": getattr(mahasiswa, "pk", None),
        # Always in the app (a kind people act on); pkpk.notify.send_email
        # leaves out whoever turned its e-mail off.
        "jenis": JenisNotifikasi.BLOKIR_DIBUKA.value,
        "judul": _("No answer from {company}: you may register elsewhere"),
        "isi": _(
            "The company has not answered within 10 working days, so the application is "
            "now expired and you may register at another place. A late answer can still be "
            "recorded."
        ),
        "tautan": reverse("magang:detail", args=[999999999]),
    }
    with composing():
        # str(Pendaftaran) as auditlog would have written it, and why it moved.
        params["log_status"] = str(Status.KEDALUWARSA.label)
        with audit.noting(alasan=capfirst(str(Peristiwa.Jenis.KEDALUWARSA.label))):
            params.update({f"log_{k}": v for k, v in audit.stamp(Pendaftaran).items()})
    # One statement: inside a registration's transaction it needs no savepoint.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(_EXPIRE_SQL.format(student_filter=student_filter), params)
        ids = [row[0] for row in cursor.fetchall()]
        if ids:
            transaction.on_commit(lambda: async_task("pkpk.tasks.send_notification_emails", ids))
    return len(ids)
