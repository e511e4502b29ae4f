"""The unit's service door, the student's side: what a letter request may
ask for, the checklist and the classmates named on it, asking, fixing a
returned request and withdrawing. Each function checks who may act, locks
what it changes, starts or stops the request's clocks and tells the people
concerned; staff's side is surat.desk.handling. Nothing else changes a request."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from magang.models import Pendaftaran
from notifikasi.models import JenisNotifikasi
from notifikasi.services import composing, event_key, notify
from pkpk import roles
from pkpk.models import Mahasiswa, User

from ..models import AnggotaPermintaan, Jam, Jenis, Permintaan, Surat, SuratMahasiswa
from . import clocks

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


def student_link(permintaan):
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
            kunci=event_key("surat.permintaan", permintaan.pk, permintaan.putaran, "disebut"),
            judul=_("%(name)s asked for a letter naming you")
            % {"name": permintaan.pemohon.user.nama},
            isi=_("%(kind)s to %(company)s. You will be told when it is issued.")
            % {"kind": permintaan.get_jenis_display(), "company": permintaan.perusahaan.nama},
            tautan=student_link(permintaan),
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
            kunci=event_key("surat.permintaan", permintaan.pk, permintaan.putaran, "baru"),
            judul=_("New request #%(pk)s: %(kind)s")
            % {"pk": permintaan.pk, "kind": permintaan.get_jenis_display()},
            isi=_("From %(name)s (%(nim)s).")
            % {"name": permintaan.pemohon.user.nama, "nim": permintaan.pemohon.nim},
            tautan=reverse("surat:request_staff", args=[permintaan.pk]),
            email=False,
        )


def lock(permintaan):
    """The request, locked for a change (with who asked and the company)."""
    return (
        Permintaan.objects.select_for_update(of=("self",))
        .select_related("pemohon__user", "perusahaan")
        .get(pk=permintaan.pk)
    )


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
        permintaan = lock(permintaan)
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
        permintaan = lock(permintaan)
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
