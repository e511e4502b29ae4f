"""The company's answer to an application: recorded by staff (with the reply
file or not), through the reply letter the student uploads and staff verify,
or by the company itself through its signed link. Like magang.services,
each function checks who may act, locks the application, writes the event
row and tells the student."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifikasi.models import JenisNotifikasi
from notifikasi.services import composing
from pkpk import roles

from .models import Pendaftaran, Peristiwa, SuratBalasan
from .services import lock, record_event, tell_student

Status = Pendaftaran.Status


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
        pendaftaran = lock(pendaftaran)
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
        record_event(
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
            event = record_event(
                pendaftaran, Peristiwa.Jenis.BALASAN_DITOLAK, by=by, catatan=alasan.strip()
            )
            with composing():
                tell_student(
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
        pendaftaran = lock(pendaftaran)
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
        event = record_event(
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
            tell_student(event, JenisNotifikasi.JAWABAN, judul=judul, isi=isi)
    return pendaftaran
