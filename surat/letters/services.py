"""Issuing, voiding and replacing letters: the numbered row with its
snapshot first, then its PDF (surat.letters.render). Every change goes through here."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from magang.models import Pendaftaran
from pkpk import roles, wording
from pkpk.models import Institusi, JenisTemplat

from ..desk import clocks
from ..models import Jenis, Penomoran, Surat, SuratMahasiswa
from ..models.letters import new_verification_code
from . import signing
from .render import letterhead, render_letter, wording_kind

log = logging.getLogger(__name__)


REQUIRED_STATUS = {
    Jenis.PERMOHONAN: Pendaftaran.Status.DIAJUKAN,
    Jenis.PENGANTAR: Pendaftaran.Status.DITERIMA,
}


def next_number(*, pola, tahun) -> int:
    """The next number of the register of pattern `pola` in `tahun`, which
    letters of every kind using that pattern share. Call inside a
    transaction: the counter row stays locked until it commits, so numbers
    are gapless."""
    try:
        with transaction.atomic():
            Penomoran.objects.get_or_create(pola=pola, tahun=tahun)
    except IntegrityError:
        pass  # another issuer created it at the same moment; it exists now
    counter = Penomoran.objects.select_for_update().get(pola=pola, tahun=tahun)
    counter.terakhir += 1
    counter.save(update_fields=["terakhir"])
    return counter.terakhir


def file_name(surat) -> str:
    return surat.nomor.replace("/", "-").replace("\\", "-") + ".pdf"


def issue_letter(
    *,
    jenis,
    pendaftaran_list,
    by,
    penerima_jabatan,
    penerima_nama="",
    perlu_balasan=True,
    mulai=None,
    selesai=None,
    now=None,
) -> Surat:
    """Issue one numbered letter naming every application in `pendaftaran_list`
    (all to one company) and store its PDF, dated `now` (default: now)."""
    roles.require_staff(by)
    if jenis not in REQUIRED_STATUS:
        raise ValidationError(_("Unknown kind of letter."))
    if not (penerima_jabatan or "").strip():
        raise ValidationError(_("Enter the recipient's position."))
    pks = [p.pk for p in pendaftaran_list]
    if not pks:
        raise ValidationError(_("A letter names at least one application."))
    with transaction.atomic():
        applications = list(
            Pendaftaran.objects.select_for_update(of=("self",))
            .filter(pk__in=pks)
            .select_related("mahasiswa__user", "mahasiswa__prodi", "perusahaan")
            .order_by("mahasiswa__nim", "pk")
        )
        if len({p.perusahaan_id for p in applications}) != 1:
            raise ValidationError(_("All applications on one letter must be to the same company."))
        wanted = REQUIRED_STATUS[jenis]
        if any(p.status != wanted for p in applications):
            if jenis == Jenis.PERMOHONAN:
                raise ValidationError(
                    _("An application letter can only be issued for submitted applications.")
                )
            raise ValidationError(
                _("A cover letter can only be issued for applications the company accepted.")
            )
        mulai = mulai or min(p.mulai for p in applications)
        selesai = selesai or max(p.selesai for p in applications)
        if mulai >= selesai:
            raise ValidationError(_("The internship must end after it starts."))
        institusi = Institusi.load()
        now = now or timezone.now()
        today = timezone.localdate(now)
        pola = institusi.pola_nomor(jenis)
        urutan = next_number(pola=pola, tahun=today.year)
        perusahaan = applications[0].perusahaan
        # Only a cover letter may go without a reply (then with attachments).
        balasan = bool(perlu_balasan) if jenis == Jenis.PENGANTAR else True
        surat = _create_numbered(
            jenis=jenis,
            tahun=today.year,
            urutan=urutan,
            pola=pola,
            nomor=pola.format(nomor=urutan, tahun=today.year),
            tanggal=today,
            perusahaan=perusahaan,
            penerima_nama=penerima_nama.strip(),
            penerima_jabatan=penerima_jabatan.strip(),
            perusahaan_nama=perusahaan.nama,
            perusahaan_alamat=perusahaan.alamat,
            perusahaan_kota=perusahaan.kota,
            mulai=mulai,
            selesai=selesai,
            perlu_balasan=balasan,
            penandatangan_nama=institusi.penandatangan_nama,
            penandatangan_jabatan=institusi.penandatangan_jabatan,
            penandatangan_nip=institusi.penandatangan_nip,
            institusi=letterhead(institusi),
            templat=wording.current(wording_kind(jenis=jenis, perlu_balasan=balasan)),
            templat_borang=None if balasan else wording.current(JenisTemplat.BORANG_UMPAN_BALIK),
            diterbitkan_oleh=by,
            diterbitkan_pada=now,
        )
        SuratMahasiswa.objects.bulk_create(
            [
                SuratMahasiswa(
                    surat=surat,
                    pendaftaran=p,
                    urutan=i,
                    nama=p.mahasiswa.user.nama,
                    nim=p.mahasiswa.nim,
                    # With its level ("D3 Teknik Informatika"): a polytechnic
                    # has programmes of one name at two levels.
                    prodi=str(p.mahasiswa.prodi),
                )
                for i, p in enumerate(applications, start=1)
            ]
        )
        _store_pdf(surat)
        if jenis == Jenis.PENGANTAR:
            clocks.start_confirmation_clock(surat, now=now)
    log.info("letter %s issued (kind %s)", surat.pk, jenis)
    return surat


def _store_pdf(surat):
    """Render, then sign (surat.letters.signing): the stored PDF is the signed
    one, with its hash and signature recorded, and never changes afterwards."""
    signer = signing.signer()
    pdf = signer.sign(render_letter(surat, signed=signer.enabled))
    surat.sha256 = signing.sha256(pdf)
    signature = signing.read_signature(pdf) if signer.enabled else None
    if signature:
        surat.tte_penandatangan = signature.signer[:300]
        surat.tte_waktu = signature.signed_at
        surat.tte_sertifikat = signature.certificate_sha256
    surat.berkas.save(file_name(surat), ContentFile(pdf), save=True)


def _violated(error) -> str:
    diag = getattr(error.__cause__, "diag", None)
    return (diag.constraint_name or "") if diag else ""


def _create_numbered(**fields) -> Surat:
    """The letter row. Its number is unique in the database (whatever the
    kind or pattern); a pattern that prints a number another register
    already used is explained, and the whole issue rolls back. Its random
    verification code is unique too: one that another letter drew already
    (about once in 26 million letters at 25,000 letters) is drawn again."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                return Surat.objects.create(kode=new_verification_code(), **fields)
        except IntegrityError as error:
            constraint = _violated(error)
            if constraint == "surat_unique_number":
                raise ValidationError(
                    _(
                        "Number %(nomor)s is already used by another letter. Check the letter "
                        "number patterns in the institution profile."
                    )
                    % {"nomor": fields["nomor"]}
                ) from error
            if "_kode_" not in constraint or attempt == 2:
                raise
    raise AssertionError("unreachable")


def void_letter(*, surat, by, alasan) -> Surat:
    roles.require_staff(by)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError(_("Give the reason for voiding the letter."))
    with transaction.atomic():
        surat = Surat.objects.select_for_update().get(pk=surat.pk)
        if surat.dibatalkan_pada is not None:
            raise ValidationError(_("This letter has already been voided."))
        surat.dibatalkan_pada = timezone.now()
        surat.dibatalkan_oleh = by
        surat.alasan_pembatalan = alasan
        surat.save(update_fields=["dibatalkan_pada", "dibatalkan_oleh", "alasan_pembatalan"])
        # A voided letter needs no confirmation; its replacement starts its own clock.
        clocks.stop_confirmation_clock(
            surat, by=by, now=surat.dibatalkan_pada, outcome=False, catatan=alasan
        )
    log.info("letter %s voided", surat.pk)
    return surat


def reissue_letter(*, surat, by, alasan, **changes) -> Surat:
    """Void `surat` (unless it is already void) and issue its replacement for
    the same applications, with a new number."""
    roles.require_staff(by)
    with transaction.atomic():
        surat = Surat.objects.select_for_update().get(pk=surat.pk)
        if surat.pengganti_id is not None:
            raise ValidationError(_("This letter has already been replaced."))
        if surat.dibatalkan_pada is None:
            surat = void_letter(surat=surat, by=by, alasan=alasan)
        fields = {
            "jenis": surat.jenis,
            "penerima_jabatan": surat.penerima_jabatan,
            "penerima_nama": surat.penerima_nama,
            "perlu_balasan": surat.perlu_balasan,
            "mulai": surat.mulai,
            "selesai": surat.selesai,
        }
        fields.update(changes)
        applications = [m.pendaftaran for m in surat.mahasiswa.select_related("pendaftaran")]
        new = issue_letter(pendaftaran_list=applications, by=by, **fields)
        surat.pengganti = new
        surat.save(update_fields=["pengganti"])
    return surat.pengganti
