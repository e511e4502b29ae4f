"""Staff handling a request at the service door: claiming it, returning it
for a fix, answering a question, issuing the letter (one by one or as a
batch for the worker), and closing what a cancelled application leaves
open. Each function locks the request, moves its clocks and tells the
students; the student's side is surat.desk.requesting."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from magang.models import Pendaftaran
from notifikasi.models import JenisNotifikasi
from notifikasi.services import composing, event_key, notify
from pkpk import roles
from pkpk.lib.text import check_length

from ..letters import services
from ..models import BatchTerbit, Jam, Jenis, Permintaan
from . import clocks
from .requesting import LIVE, lock, student_link

log = logging.getLogger(__name__)

Status = Permintaan.Status


def claim(*, permintaan: Permintaan, by, now=None) -> Permintaan:
    """A staff member takes the request: the first-response clock stops."""
    roles.require_staff(by)
    now = now or timezone.now()
    with transaction.atomic():
        permintaan = lock(permintaan)
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
        permintaan = lock(permintaan)
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
                kunci=event_key(
                    "surat.permintaan", permintaan.pk, permintaan.putaran, "dikembalikan"
                ),
                judul=_("Your request #%(pk)s was returned") % {"pk": permintaan.pk},
                isi=_("Staff need a correction: %(reason)s") % {"reason": alasan},
                tautan=student_link(permintaan),
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
                    kunci=event_key("surat.permintaan", permintaan.pk, "lepas", pendaftaran.pk),
                    judul=_("%(nim)s was taken off your request #%(pk)s")
                    % {"nim": nim, "pk": permintaan.pk},
                    isi=_(
                        "UPT-PKPK staff cancelled their application, so the letter will not "
                        "name them: %(reason)s"
                    )
                    % {"reason": alasan},
                    tautan=student_link(permintaan),
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
                kunci=event_key("surat.permintaan", permintaan.pk, permintaan.putaran, "ditutup"),
                judul=_("Request #%(pk)s for a letter to %(company)s is closed")
                % {"pk": permintaan.pk, "company": permintaan.perusahaan.nama},
                isi=_(
                    "UPT-PKPK staff cancelled the application of %(nim)s, so no letter will be "
                    "issued for this request: %(reason)s"
                )
                % {"nim": nim, "reason": alasan},
                tautan=student_link(permintaan),
            )


def answer_question(*, permintaan: Permintaan, by, jawaban, now=None) -> Permintaan:
    roles.require_staff(by)
    now = now or timezone.now()
    jawaban = (jawaban or "").strip()
    if not jawaban:
        raise ValidationError({"jawaban": _("Write the answer.")})
    check_length(Permintaan, "jawaban", jawaban)
    with transaction.atomic():
        permintaan = lock(permintaan)
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
                kunci=event_key("surat.permintaan", permintaan.pk, "dijawab"),
                judul=_("Your question #%(pk)s was answered") % {"pk": permintaan.pk},
                isi=jawaban,
                tautan=student_link(permintaan),
            )
    return permintaan


def issue_from_request(*, permintaan: Permintaan, by, now=None):
    """Issue the requested letter. Claims the request first if nobody has, so
    both clocks stop. Running it again for an issued request returns the same
    letter (the worker may retry a batch)."""
    roles.require_staff(by)
    now = now or timezone.now()
    with transaction.atomic():
        permintaan = lock(permintaan)
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
                kunci=event_key("surat.surat", surat.pk, "siap"),
                judul=_("Your letter %(nomor)s is ready") % {"nomor": surat.nomor},
                isi=_("%(kind)s to %(company)s: download it from the application page.")
                % {"kind": surat.get_jenis_display(), "company": surat.perusahaan_nama},
                tautan=student_link(permintaan),
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
