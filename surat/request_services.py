"""The unit's service door: letter requests and questions, from the
student's checklist to the issued letter. Each function checks who may act,
locks what it changes, moves the request's clocks and tells the people
concerned. Views and the worker call these; nothing else changes a request."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from magang.models import Pendaftaran
from pkpk import roles
from pkpk.lib.text import check_length
from pkpk.models import JenisNotifikasi, Mahasiswa, User
from pkpk.notify import composing, notify

from . import clocks, services
from .models import AnggotaPermintaan, BatchTerbit, Jam, Permintaan, Surat, SuratMahasiswa

log = logging.getLogger(__name__)

Jenis = Permintaan.Jenis
Status = Permintaan.Status

# The application states each letter may be asked for. A surat permohonan
# may be asked for while the registration still waits for staff approval.
REQUESTABLE = {
    Jenis.PERMOHONAN: (Pendaftaran.Status.MENUNGGU, Pendaftaran.Status.DIAJUKAN),
    Jenis.PENGANTAR: (Pendaftaran.Status.DITERIMA,),
}
# Requests that still cover their applications (one per kind at a time, held
# by the database too: AnggotaPermintaan's anggota_one_live_request).
LIVE = Permintaan.LIVE
MAX_GROUP = 15


def letter_kind_for(pendaftaran):
    """The letter a student may ask for their application now: a surat
    permohonan while it waits, a surat pengantar once accepted; else None."""
    for jenis, states in REQUESTABLE.items():
        if pendaftaran.status in states:
            return jenis
    return None


def issued_letter(pendaftaran, jenis):
    """The valid (not voided) letter of kind `jenis` naming the application,
    if one was issued: the student downloads it rather than asking again;
    staff void and replace a letter that needs a correction."""
    return (
        Surat.objects.filter(
            jenis=jenis, dibatalkan_pada__isnull=True, mahasiswa__pendaftaran=pendaftaran
        )
        .order_by("-diterbitkan_pada")
        .first()
    )


def _student_link(permintaan):
    return reverse("surat:request_detail", args=[permintaan.pk])


def _staff_users():
    return list(User.objects.filter(groups__name=roles.STAF, is_active=True))


def parse_nims(text) -> list[str]:
    """Classmates' NIMs as typed: separated by commas, spaces or new lines."""
    seen, nims = set(), []
    for part in (text or "").replace(",", " ").replace(";", " ").split():
        if part not in seen:
            seen.add(part)
            nims.append(part)
    return nims


def _group_applications(*, jenis, pendaftaran, nims, pemohon):
    """The requester's application and one matching application per
    classmate NIM (same company, a state the letter may be asked for)."""
    wanted = REQUESTABLE[jenis]
    errors = []
    if len(nims) > MAX_GROUP:
        raise ValidationError(
            {"anggota": _("A letter can name at most %(n)s classmates.") % {"n": MAX_GROUP}}
        )
    applications = [pendaftaran]
    for nim in dict.fromkeys(nims):  # once each, in the order typed
        if nim == pemohon.nim:
            errors.append(
                _("%(nim)s is your own NIM: you are on the letter already.") % {"nim": nim}
            )
            continue
        # One answer whether or not the NIM exists: the form must not tell a
        # student who else is enrolled.
        match = (
            Pendaftaran.objects.filter(
                mahasiswa__nim=nim, perusahaan_id=pendaftaran.perusahaan_id, status__in=wanted
            )
            .select_related("mahasiswa__user")
            .order_by("-dibuat", "-pk")
            .first()
        )
        if match is None:
            errors.append(
                _("%(nim)s has no matching application to %(company)s.")
                % {"nim": nim, "company": pendaftaran.perusahaan.nama}
            )
            continue
        applications.append(match)
    if errors:
        raise ValidationError({"anggota": errors})
    return applications


def _check_letter_fields(*, jenis, pendaftaran, pemohon, data_benar, mulai, selesai, jabatan):
    errors = {}
    if jenis not in REQUESTABLE:
        raise ValidationError(_("Unknown kind of letter."))
    if pendaftaran.mahasiswa_id != pemohon.pk:
        raise PermissionDenied
    if pendaftaran.status not in REQUESTABLE[jenis]:
        if jenis == Jenis.PERMOHONAN:
            message = _("An application letter can be requested for a submitted application.")
        else:
            message = _("A cover letter can be requested once the company has accepted you.")
        errors["pendaftaran"] = message
    if not (jabatan or "").strip():
        errors["penerima_jabatan"] = _("Enter the recipient's position.")
    if not mulai or not selesai:
        errors["mulai"] = _("Enter the internship period.")
    elif mulai >= selesai:
        errors["selesai"] = _("The internship must end after it starts.")
    if not data_benar:
        errors["data_benar"] = _("Confirm that the data on the letter is right.")
    if errors:
        raise ValidationError(errors)


def _checked_applications(*, jenis, pendaftaran, pemohon, nims, **fields):
    """Check the checklist and the classmates' NIMs together, so the student
    sees every problem at once; returns the applications the letter covers."""
    errors = {}
    try:
        _check_letter_fields(jenis=jenis, pendaftaran=pendaftaran, pemohon=pemohon, **fields)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        errors.update(error.error_dict)
    try:
        applications = _group_applications(
            jenis=jenis, pendaftaran=pendaftaran, nims=nims, pemohon=pemohon
        )
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    return applications


def _lock_and_check_free(applications, jenis, exclude=None):
    """Lock the applications (so two requests for the same one serialise),
    check they are still in a state the letter may be asked for, and refuse
    any already covered by a live request of the same kind."""
    pks = [p.pk for p in applications]
    locked = Pendaftaran.objects.select_for_update().filter(pk__in=pks).order_by("pk")
    moved = [p for p in locked.select_related("mahasiswa") if p.status not in REQUESTABLE[jenis]]
    if moved:
        raise ValidationError(
            _("The application of %(nim)s changed just now. Check it and try again.")
            % {"nim": moved[0].mahasiswa.nim}
        )
    taken = AnggotaPermintaan.objects.filter(
        pendaftaran_id__in=pks, permintaan__jenis=jenis, permintaan__status__in=LIVE
    )
    if exclude is not None:
        taken = taken.exclude(permintaan=exclude)
    taken = taken.select_related("pendaftaran__mahasiswa").first()
    if taken is not None:
        raise ValidationError(
            _("A request for this letter naming %(nim)s is already open (#%(pk)s).")
            % {"nim": taken.pendaftaran.mahasiswa.nim, "pk": taken.permintaan_id}
        )
    issued = (
        SuratMahasiswa.objects.filter(
            pendaftaran_id__in=pks, surat__jenis=jenis, surat__dibatalkan_pada__isnull=True
        )
        .select_related("surat", "pendaftaran__mahasiswa")
        .first()
    )
    if issued is not None:
        raise ValidationError(
            _(
                "Letter %(nomor)s naming %(nim)s is already issued: download it from the "
                "application page. If it needs a correction, ask UPT-PKPK staff."
            )
            % {"nomor": issued.surat.nomor, "nim": issued.pendaftaran.mahasiswa.nim}
        )


def _tell_classmates(permintaan, applications):
    """Each classmate named on the letter learns who asked for it; the link
    opens the request, which they may read."""
    if not applications:
        return
    with composing():
        notify(
            users=[p.mahasiswa.user for p in applications],
            jenis=JenisNotifikasi.DISEBUT,
            kunci=f"surat.permintaan:{permintaan.pk}:{permintaan.putaran}:disebut",
            judul=_("%(name)s asked for a letter naming you")
            % {"name": permintaan.pemohon.user.nama},
            isi=_("%(kind)s to %(company)s. You will be told when it is issued.")
            % {"kind": permintaan.get_jenis_display(), "company": permintaan.perusahaan.nama},
            tautan=_student_link(permintaan),
        )


def submit_letter_request(
    *,
    pemohon: Mahasiswa,
    jenis,
    pendaftaran: Pendaftaran,
    penerima_jabatan,
    mulai,
    selesai,
    data_benar,
    penerima_nama="",
    perlu_balasan=True,
    anggota_nim=(),
    isi="",
    now=None,
) -> Permintaan:
    """A student asks for a letter for their application and, optionally, the
    matching applications of classmates named by NIM. The request reaches the
    unit now: its clocks start. Broken rules raise ValidationError (keyed by
    the checklist's fields where one is to blame) and nothing is saved."""
    now = now or timezone.now()
    applications = _checked_applications(
        jenis=jenis,
        pendaftaran=pendaftaran,
        pemohon=pemohon,
        data_benar=data_benar,
        mulai=mulai,
        selesai=selesai,
        jabatan=penerima_jabatan,
        nims=list(anggota_nim),
    )
    permintaan = Permintaan(
        jenis=jenis,
        pemohon=pemohon,
        perusahaan=pendaftaran.perusahaan,
        penerima_nama=(penerima_nama or "").strip(),
        penerima_jabatan=penerima_jabatan.strip(),
        mulai=mulai,
        selesai=selesai,
        perlu_balasan=bool(perlu_balasan) if jenis == Jenis.PENGANTAR else True,
        isi=(isi or "").strip(),
        data_benar=True,
        diajukan_pada=now,
    )
    permintaan.full_clean()
    with transaction.atomic():
        _lock_and_check_free(applications, jenis)
        permintaan.save()
        AnggotaPermintaan.objects.bulk_create(
            AnggotaPermintaan.for_request(permintaan, p) for p in applications
        )
        clocks.start_request_clocks(permintaan, now=now)
        _tell_classmates(permintaan, applications[1:])
        _tell_staff_new(permintaan)
    return permintaan


def ask_question(*, pemohon: Mahasiswa, isi, now=None) -> Permintaan:
    """A question to the unit: the same door, with the 15-minute clock."""
    now = now or timezone.now()
    isi = (isi or "").strip()
    if not isi:
        raise ValidationError({"isi": _("Write your question.")})
    with transaction.atomic():
        permintaan = Permintaan.objects.create(
            jenis=Jenis.PERTANYAAN, pemohon=pemohon, isi=isi, data_benar=True, diajukan_pada=now
        )
        clocks.start_request_clocks(permintaan, now=now)
        _tell_staff_new(permintaan)
    return permintaan


def _tell_staff_new(permintaan):
    # In the app only: the queue is where staff work; the worker e-mails them
    # when a clock nears its end.
    with composing():
        notify(
            users=_staff_users(),
            jenis=JenisNotifikasi.PERMINTAAN_BARU,
            kunci=f"surat.permintaan:{permintaan.pk}:{permintaan.putaran}:baru",
            judul=_("New request #%(pk)s: %(kind)s")
            % {"pk": permintaan.pk, "kind": permintaan.get_jenis_display()},
            isi=_("From %(name)s (%(nim)s).")
            % {"name": permintaan.pemohon.user.nama, "nim": permintaan.pemohon.nim},
            tautan=reverse("surat:request_staff", args=[permintaan.pk]),
            email=False,
        )


def _lock(permintaan):
    return (
        Permintaan.objects.select_for_update(of=("self",))
        .select_related("pemohon__user", "perusahaan")
        .get(pk=permintaan.pk)
    )


def claim(*, permintaan: Permintaan, by, now=None) -> Permintaan:
    """A staff member takes the request: the first-response clock stops."""
    roles.require_staff(by)
    now = now or timezone.now()
    with transaction.atomic():
        permintaan = _lock(permintaan)
        if permintaan.status == Status.DIPROSES and permintaan.ditangani_oleh_id == by.pk:
            return permintaan
        if permintaan.status != Status.MENUNGGU:
            raise ValidationError(_("This request is no longer waiting to be claimed."))
        permintaan.status = Status.DIPROSES
        permintaan.ditangani_oleh = by
        permintaan.ditangani_pada = now
        permintaan.save(update_fields=["status", "ditangani_oleh", "ditangani_pada"])
        clocks.stop_request_clock(permintaan, Jam.Jenis.TANGGAPAN, by=by, now=now)
    return permintaan


def return_request(*, permintaan: Permintaan, by, alasan, now=None) -> Permintaan:
    """Send the request back to the student with the reason (a first response);
    the issue clock of this round ends without a letter."""
    roles.require_staff(by)
    now = now or timezone.now()
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": _("Say what the student must fix.")})
    check_length(Permintaan, "alasan_pengembalian", alasan)
    with transaction.atomic():
        permintaan = _lock(permintaan)
        if permintaan.status not in Permintaan.OPEN or permintaan.jenis == Jenis.PERTANYAAN:
            raise ValidationError(_("Only an open letter request can be returned."))
        permintaan.status = Status.DIKEMBALIKAN
        permintaan.alasan_pengembalian = alasan
        permintaan.ditangani_oleh = permintaan.ditangani_oleh or by
        permintaan.save(update_fields=["status", "alasan_pengembalian", "ditangani_oleh"])
        clocks.stop_request_clock(permintaan, Jam.Jenis.TANGGAPAN, by=by, now=now)
        clocks.stop_request_clock(
            permintaan, Jam.Jenis.TERBIT, by=by, now=now, outcome=False, catatan=alasan
        )
        with composing():
            notify(
                users=[permintaan.pemohon.user],
                jenis=JenisNotifikasi.PERMINTAAN,
                kunci=f"surat.permintaan:{permintaan.pk}:{permintaan.putaran}:dikembalikan",
                judul=_("Your request #%(pk)s was returned") % {"pk": permintaan.pk},
                isi=_("Staff need a correction: %(reason)s") % {"reason": alasan},
                tautan=_student_link(permintaan),
            )
    return permintaan


def resubmit(
    *,
    permintaan: Permintaan,
    by,
    penerima_jabatan,
    mulai,
    selesai,
    data_benar,
    penerima_nama="",
    perlu_balasan=True,
    anggota_nim=(),
    isi="",
    now=None,
) -> Permintaan:
    """The student fixed a returned request: it comes back as a new round
    with fresh clocks. The checklist is checked as for a new request, and
    classmates newly named on it are told."""
    now = now or timezone.now()
    permintaan = Permintaan.objects.select_related("pemohon").get(pk=permintaan.pk)
    if permintaan.pemohon.user_id != by.pk:
        raise PermissionDenied
    if permintaan.status != Status.DIKEMBALIKAN:
        raise ValidationError(_("Only a returned request can be sent again."))
    # The requester's own application: the one of their own NIM.
    own = permintaan.anggota.select_related("pendaftaran__perusahaan").get(
        pendaftaran__mahasiswa=permintaan.pemohon
    )
    applications = _checked_applications(
        jenis=permintaan.jenis,
        pendaftaran=own.pendaftaran,
        pemohon=permintaan.pemohon,
        data_benar=data_benar,
        mulai=mulai,
        selesai=selesai,
        jabatan=penerima_jabatan,
        nims=list(anggota_nim),
    )
    with transaction.atomic():
        permintaan = _lock(permintaan)
        if permintaan.status != Status.DIKEMBALIKAN:
            raise ValidationError(_("Only a returned request can be sent again."))
        _lock_and_check_free(applications, permintaan.jenis, exclude=permintaan)
        before = set(permintaan.anggota.values_list("pendaftaran_id", flat=True))
        permintaan.penerima_nama = (penerima_nama or "").strip()
        permintaan.penerima_jabatan = penerima_jabatan.strip()
        permintaan.mulai, permintaan.selesai = mulai, selesai
        if permintaan.jenis == Jenis.PENGANTAR:
            permintaan.perlu_balasan = bool(perlu_balasan)
        permintaan.isi = (isi or "").strip()
        permintaan.data_benar = True
        permintaan.putaran += 1  # the row is locked
        permintaan.status = Status.MENUNGGU
        permintaan.diajukan_pada = now
        permintaan.ditangani_oleh = None
        permintaan.ditangani_pada = None
        permintaan.full_clean()
        permintaan.save()
        permintaan.anggota.all().delete()
        AnggotaPermintaan.objects.bulk_create(
            AnggotaPermintaan.for_request(permintaan, p) for p in applications
        )
        clocks.start_request_clocks(permintaan, now=now)
        _tell_classmates(permintaan, [p for p in applications[1:] if p.pk not in before])
        _tell_staff_new(permintaan)
    return permintaan


def withdraw(*, permintaan: Permintaan, by, now=None) -> Permintaan:
    """The requester no longer needs it; its running clocks end."""
    now = now or timezone.now()
    with transaction.atomic():
        permintaan = _lock(permintaan)
        if permintaan.pemohon.user_id != by.pk:
            raise PermissionDenied
        if permintaan.status not in LIVE:
            raise ValidationError(_("This request can no longer be withdrawn."))
        permintaan.status = Status.DIBATALKAN
        permintaan.selesai_pada = now
        permintaan.save(update_fields=["status", "selesai_pada"])
        for jenis in (Jam.Jenis.TANGGAPAN, Jam.Jenis.TERBIT):
            clocks.stop_request_clock(
                permintaan, jenis, by=by, now=now, outcome=False, catatan=_("withdrawn")
            )
    return permintaan


def close_for_cancelled_application(*, pendaftaran: Pendaftaran, by, alasan, now) -> None:
    """Staff cancelled `pendaftaran` (magang calls this inside its
    transaction, see magang.services.on_cancel): no live letter request may
    still ask for a letter naming it. A classmate's application is taken off
    a group request, which goes on for the others; a request left without
    the requester's own application, or without anyone, is closed like a
    withdrawal (its running clocks end without their outcome, each with an
    event) and every student on it is told."""
    live = (
        Permintaan.objects.select_for_update(of=("self",))
        .filter(anggota__pendaftaran=pendaftaran, jenis__in=Permintaan.LETTERS, status__in=LIVE)
        .select_related("pemohon__user", "perusahaan")
        .order_by("pk")
    )
    nim = pendaftaran.mahasiswa.nim
    for permintaan in live:
        others = permintaan.anggota.exclude(pendaftaran=pendaftaran)
        if pendaftaran.mahasiswa_id != permintaan.pemohon_id and others.exists():
            permintaan.anggota.filter(pendaftaran=pendaftaran).delete()
            with composing():
                notify(
                    users=[permintaan.pemohon.user],
                    jenis=JenisNotifikasi.PERMINTAAN,
                    kunci=f"surat.permintaan:{permintaan.pk}:lepas:{pendaftaran.pk}",
                    judul=_("%(nim)s was taken off your request #%(pk)s")
                    % {"nim": nim, "pk": permintaan.pk},
                    isi=_(
                        "UPT-PKPK staff cancelled their application, so the letter will not "
                        "name them: %(reason)s"
                    )
                    % {"reason": alasan},
                    tautan=_student_link(permintaan),
                )
            continue
        students = [permintaan.pemohon.user] + [
            a.pendaftaran.mahasiswa.user
            for a in others.select_related("pendaftaran__mahasiswa__user")
        ]
        permintaan.status = Status.DIBATALKAN
        permintaan.selesai_pada = now
        permintaan.save(update_fields=["status", "selesai_pada"])
        note = _("application of %(nim)s cancelled: %(reason)s") % {"nim": nim, "reason": alasan}
        for jenis in (Jam.Jenis.TANGGAPAN, Jam.Jenis.TERBIT):
            clocks.stop_request_clock(
                permintaan, jenis, by=by, now=now, outcome=False, catatan=note
            )
        with composing():
            notify(
                users=students,
                jenis=JenisNotifikasi.PERMINTAAN,
                kunci=f"surat.permintaan:{permintaan.pk}:{permintaan.putaran}:ditutup",
                judul=_("Request #%(pk)s for a letter to %(company)s is closed")
                % {"pk": permintaan.pk, "company": permintaan.perusahaan.nama},
                isi=_(
                    "UPT-PKPK staff cancelled the application of %(nim)s, so no letter will be "
                    "issued for this request: %(reason)s"
                )
                % {"nim": nim, "reason": alasan},
                tautan=_student_link(permintaan),
            )


def answer_question(*, permintaan: Permintaan, by, jawaban, now=None) -> Permintaan:
    roles.require_staff(by)
    now = now or timezone.now()
    jawaban = (jawaban or "").strip()
    if not jawaban:
        raise ValidationError({"jawaban": _("Write the answer.")})
    check_length(Permintaan, "jawaban", jawaban)
    with transaction.atomic():
        permintaan = _lock(permintaan)
        if permintaan.jenis != Jenis.PERTANYAAN or permintaan.status not in Permintaan.OPEN:
            raise ValidationError(_("This question is not open."))
        permintaan.status = Status.SELESAI
        permintaan.jawaban = jawaban
        permintaan.ditangani_oleh = permintaan.ditangani_oleh or by
        permintaan.ditangani_pada = permintaan.ditangani_pada or now
        permintaan.selesai_pada = now
        permintaan.save()
        clocks.stop_request_clock(permintaan, Jam.Jenis.TANGGAPAN, by=by, now=now)
        with composing():
            notify(
                users=[permintaan.pemohon.user],
                jenis=JenisNotifikasi.PERMINTAAN,
                kunci=f"surat.permintaan:{permintaan.pk}:dijawab",
                judul=_("Your question #%(pk)s was answered") % {"pk": permintaan.pk},
                isi=jawaban,
                tautan=_student_link(permintaan),
            )
    return permintaan


def issue_from_request(*, permintaan: Permintaan, by, now=None):
    """Issue the requested letter. Claims the request first if nobody has, so
    both clocks stop. Running it again for an issued request returns the same
    letter (the worker may retry a batch)."""
    roles.require_staff(by)
    now = now or timezone.now()
    with transaction.atomic():
        permintaan = _lock(permintaan)
        if permintaan.surat_id is not None:
            return permintaan.surat
        if not permintaan.is_letter or permintaan.status not in Permintaan.OPEN:
            raise ValidationError(_("This request is not waiting for a letter."))
        if permintaan.status == Status.MENUNGGU:
            permintaan.ditangani_oleh = by
            permintaan.ditangani_pada = now
            clocks.stop_request_clock(permintaan, Jam.Jenis.TANGGAPAN, by=by, now=now)
        applications = [a.pendaftaran for a in permintaan.anggota.select_related("pendaftaran")]
        surat = services.issue_letter(
            jenis=permintaan.jenis,
            pendaftaran_list=applications,
            by=by,
            penerima_jabatan=permintaan.penerima_jabatan,
            penerima_nama=permintaan.penerima_nama,
            perlu_balasan=permintaan.perlu_balasan,
            mulai=permintaan.mulai,
            selesai=permintaan.selesai,
            now=now,
        )
        permintaan.surat = surat
        permintaan.status = Status.SELESAI
        permintaan.selesai_pada = now
        permintaan.save()
        clocks.stop_request_clock(permintaan, Jam.Jenis.TERBIT, by=by, now=now)
        with composing():
            notify(
                users=[a.mahasiswa.user for a in applications],
                jenis=JenisNotifikasi.SURAT_SIAP,
                kunci=f"surat.surat:{surat.pk}:siap",
                judul=_("Your letter %(nomor)s is ready") % {"nomor": surat.nomor},
                isi=_("%(kind)s to %(company)s: download it from the application page.")
                % {"kind": surat.get_jenis_display(), "company": surat.perusahaan_nama},
                tautan=_student_link(permintaan),
            )
    log.info("request %s issued as letter %s", permintaan.pk, surat.pk)
    return surat


def start_batch(*, permintaan_list, by) -> BatchTerbit:
    """Queue many letter requests for the worker to issue one by one."""
    roles.require_staff(by)
    pks = sorted({p.pk for p in permintaan_list})
    if not pks:
        raise ValidationError(_("Choose at least one request."))
    open_letters = Permintaan.objects.filter(
        pk__in=pks, jenis__in=Permintaan.LETTERS, status__in=Permintaan.OPEN
    )
    if open_letters.count() != len(pks):
        raise ValidationError(_("Only open letter requests can be issued in a batch."))
    with transaction.atomic():
        batch = BatchTerbit.objects.create(dibuat_oleh=by, jumlah=len(pks))
        batch.permintaan.set(pks)
        transaction.on_commit(lambda: async_task("surat.tasks.issue_batch", batch.pk))
    return batch


def run_batch(batch_id):
    """Issue every request of the batch that has no letter yet, recording
    progress as it goes. Re-running after a crash continues where it stopped
    and never issues a request twice."""
    batch = BatchTerbit.objects.select_related("dibuat_oleh").get(pk=batch_id)
    if batch.status == BatchTerbit.Status.SELESAI:
        return batch
    BatchTerbit.objects.filter(pk=batch.pk).update(status=BatchTerbit.Status.BERJALAN)
    failed_pks = {entry["permintaan"] for entry in batch.gagal}
    for permintaan in batch.permintaan.filter(surat__isnull=True).order_by("pk"):
        if permintaan.pk in failed_pks:
            continue
        try:
            issue_from_request(permintaan=permintaan, by=batch.dibuat_oleh)
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", [str(error)])
            with transaction.atomic():
                locked = BatchTerbit.objects.select_for_update().get(pk=batch.pk)
                # Another run of this batch (a retry overlapping a slow run)
                # may have listed it already.
                if permintaan.pk not in {entry["permintaan"] for entry in locked.gagal}:
                    locked.gagal = [
                        *locked.gagal,
                        {"permintaan": permintaan.pk, "alasan": " ".join(messages)},
                    ]
                    locked.save(update_fields=["gagal"])
            continue
        issued = batch.permintaan.filter(surat__isnull=False).count()
        BatchTerbit.objects.filter(pk=batch.pk).update(berhasil=issued)
    issued = batch.permintaan.filter(surat__isnull=False).count()
    BatchTerbit.objects.filter(pk=batch.pk).update(
        berhasil=issued, status=BatchTerbit.Status.SELESAI, selesai_pada=timezone.now()
    )
    batch.refresh_from_db()
    return batch
