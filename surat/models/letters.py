"""Letters (steps 4-5 of the procedure): surat permohonan and surat pengantar
magang, numbered without gaps in one outgoing-letter register per number
pattern and year (both kinds share it unless a kind has its own pattern),
with a snapshot of every name and date they show, and a PDF that never
changes once issued."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from magang.models import Pendaftaran
from pkpk.lib.outbox import Attempts
from pkpk.lib.text import LimitedTextField
from pkpk.lib.uploads import RandomName
from pkpk.models import Perusahaan, wording_version
from pkpk.retention import RetainedQuerySet, RetainedRecord

from ..letters import codes


class Jenis(models.TextChoices):
    """What a student asks the unit for at its door (Permintaan.jenis): one
    of the two letters or a question. A letter (Surat.jenis) is only ever
    one of the LETTER_KINDS."""

    PERMOHONAN = "permohonan", _("internship application letter")
    PENGANTAR = "pengantar", _("internship cover letter")
    PERTANYAAN = "pertanyaan", _("question to the unit")


LETTER_KINDS = (Jenis.PERMOHONAN, Jenis.PENGANTAR)
LETTER_CHOICES = [(kind.value, kind.label) for kind in LETTER_KINDS]


HAL = {Jenis.PERMOHONAN: "Permohonan Magang", Jenis.PENGANTAR: "Pengantar Mahasiswa Magang"}


class Penomoran(models.Model):
    """The counter of one outgoing-letter register: one number pattern in one
    year. Issuing locks this row (select_for_update), so two staff issuing at
    the same second, of the same kind or not, get consecutive numbers and no
    number is skipped."""

    pola = models.CharField(_("number pattern"), max_length=100)
    tahun = models.PositiveSmallIntegerField(_("year"))
    terakhir = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("letter counter")
        verbose_name_plural = _("letter counters")
        constraints = [
            models.UniqueConstraint(fields=["pola", "tahun"], name="penomoran_one_per_pattern_year")
        ]

    def __str__(self):
        return f"{self.pola} {self.tahun}: {self.terakhir}"


def new_token():
    return secrets.token_urlsafe(24)


def new_verification_code():
    return codes.new_code(codes.VERIFICATION_LENGTH)


def new_company_code():
    return codes.new_code(codes.COMPANY_LENGTH)


class Surat(RetainedRecord, models.Model):
    """One issued letter. Every field the letter shows is copied here when it
    is issued, so the letter can be verified and re-read years later even when
    the company, the signatory or the institution profile has changed."""

    jenis = models.CharField(_("kind"), max_length=12, choices=LETTER_CHOICES)
    tahun = models.PositiveSmallIntegerField(_("year"))
    urutan = models.PositiveIntegerField(_("sequence"))
    nomor = models.CharField(_("letter number"), max_length=100)
    # The register the number belongs to (letters issued before patterns
    # were recorded got the shared pattern in force when they were migrated).
    pola = models.CharField(_("number pattern"), max_length=100)
    # Set only by migration surat 0007 on letters whose number an earlier
    # letter already had (both kinds once had their own counter but one
    # pattern); a trigger refuses it on any other letter.
    nomor_ganda = models.BooleanField(
        _("legacy duplicate number"),
        default=False,
        editable=False,
        help_text=_(
            "Issued before numbers were unique across kinds, with the number of an "
            "earlier letter. Kept as issued."
        ),
    )
    tanggal = models.DateField(_("letter date"))
    perusahaan = models.ForeignKey(
        Perusahaan, on_delete=models.PROTECT, related_name="surat", verbose_name=_("company")
    )
    # Snapshots of what the letter says.
    penerima_nama = models.CharField(_("recipient's name"), max_length=150, blank=True)
    penerima_jabatan = models.CharField(_("recipient's position"), max_length=150)
    perusahaan_nama = models.CharField(_("company name"), max_length=200)
    perusahaan_alamat = models.CharField(_("company address"), max_length=300, blank=True)
    perusahaan_kota = models.CharField(_("company city"), max_length=100)
    mulai = models.DateField(_("internship starts"))
    selesai = models.DateField(_("internship ends"))
    perlu_balasan = models.BooleanField(
        _("the company replies"),
        default=True,
        help_text=_(
            "A cover letter to a place that needs no reply carries the competency "
            "information and the feedback form as attachments."
        ),
    )
    penandatangan_nama = models.CharField(_("signatory's name"), max_length=150)
    penandatangan_jabatan = models.CharField(_("signatory's position"), max_length=150)
    penandatangan_nip = models.CharField(_("signatory's NIP"), max_length=18, blank=True)
    institusi = models.JSONField(_("letterhead as issued"), default=dict)
    # The wording versions the letter was written with (pkpk.wording); empty
    # on letters issued before staff owned the wording.
    templat = wording_version(_("body text version"))
    templat_borang = wording_version(_("feedback form intro version"))
    # The QR codes of letters issued before the typeable code open the page
    # by this token, so it stays.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # What a reader types from paper (surat/codes.py), stored without dashes.
    kode = models.CharField(
        _("verification code"),
        max_length=codes.VERIFICATION_LENGTH,
        unique=True,
        default=new_verification_code,
        editable=False,
    )
    # Letters issued before the typeable code printed the token's first ten
    # characters under the QR; those papers must still verify.
    kode_lama = models.CharField(
        _("verification code as printed before"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )
    berkas = models.FileField(_("PDF"), upload_to=RandomName("surat"), blank=True)
    # The stored PDF's hash, for the upload check on the verification page
    # (empty on letters issued before it was recorded), and its electronic
    # signature (surat.letters.signing), empty when the letter is unsigned.
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, editable=False)
    tte_penandatangan = models.CharField(
        _("signed electronically by"), max_length=300, blank=True, editable=False
    )
    tte_waktu = models.DateTimeField(
        _("signed electronically at"), null=True, blank=True, editable=False
    )
    tte_sertifikat = models.CharField(
        _("SHA-256 of the signing certificate"), max_length=64, blank=True, editable=False
    )
    diterbitkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    diterbitkan_pada = models.DateTimeField(_("issued at"))
    dibatalkan_pada = models.DateTimeField(_("voided at"), null=True, blank=True)
    dibatalkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    alasan_pembatalan = LimitedTextField(_("why it was voided"), max_length=1000, blank=True)
    pengganti = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="menggantikan",
        verbose_name=_("replaced by"),
    )

    objects = RetainedQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-diterbitkan_pada", "-pk"]
        constraints = [
            # The rule itself, not only the counter: no two letters share a
            # number, whatever their kind or pattern. Legacy duplicates (see
            # nomor_ganda) are the only exception, kept as they were issued.
            models.UniqueConstraint(
                fields=["nomor"],
                condition=Q(nomor_ganda=False),
                name="surat_unique_number",
                violation_error_message=_("Another letter already has this number."),
            ),
            models.CheckConstraint(
                condition=Q(dibatalkan_pada__isnull=True) | ~Q(alasan_pembatalan=""),
                name="surat_void_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(kode__regex=codes.PATTERN % codes.VERIFICATION_LENGTH),
                name="surat_kode_alphabet",
            ),
        ]

    def __str__(self):
        return f"{self.nomor} ({self.get_jenis_display()})"

    @property
    def hal(self):
        """The letter's subject line (Hal), as the PDF prints it. Letters are
        written in Indonesian whatever the reader's language."""
        return HAL[self.jenis]

    @property
    def sah(self):
        return self.dibatalkan_pada is None

    @property
    def is_cover_letter(self):
        return self.jenis == Jenis.PENGANTAR

    @property
    def kode_verifikasi(self):
        """The code as printed under the QR code, for typing by hand: grouped
        (K7QM-3XPA), or the old ten characters on a letter issued before."""
        return self.kode_lama or codes.grouped(self.kode)


class TautanPerusahaan(models.Model):
    """A short company link (`/p/<kode>`), printed on a letter or sent in an
    e-mail, standing for one signed company link (surat/company_links.py).
    It keeps the signed token itself, so the link expires exactly as the
    signed one does: COMPANY_LINK_DAYS after it was made, one salt, nothing
    else to keep in step. A letter has one per printing or e-mail."""

    surat = models.ForeignKey(Surat, on_delete=models.CASCADE, related_name="tautan")
    kode = models.CharField(
        _("code"),
        max_length=codes.COMPANY_LENGTH,
        unique=True,
        default=new_company_code,
        editable=False,
    )
    token = models.CharField(max_length=200, editable=False)
    dibuat_pada = models.DateTimeField(_("made at"))

    class Meta:
        verbose_name = _("short company link")
        verbose_name_plural = _("short company links")
        ordering = ["-dibuat_pada", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kode__regex=codes.PATTERN % codes.COMPANY_LENGTH),
                name="tautanperusahaan_kode_alphabet",
            ),
        ]

    def __str__(self):
        return f"{self.surat} /p/{codes.grouped(self.kode)}"


class SuratMahasiswa(models.Model):
    """One student named on a letter, with the data as the letter shows it."""

    surat = models.ForeignKey(Surat, on_delete=models.PROTECT, related_name="mahasiswa")
    pendaftaran = models.ForeignKey(
        Pendaftaran, on_delete=models.PROTECT, related_name="surat_mahasiswa"
    )
    urutan = models.PositiveSmallIntegerField(_("no."))
    nama = models.CharField(_("name"), max_length=150)
    nim = models.CharField(_("NIM"), max_length=12)
    prodi = models.CharField(_("study programme"), max_length=200)

    class Meta:
        verbose_name = _("student on a letter")
        verbose_name_plural = _("students on letters")
        ordering = ["surat", "urutan"]
        constraints = [
            models.UniqueConstraint(
                fields=["surat", "pendaftaran"], name="surat_mahasiswa_once_per_letter"
            )
        ]

    def __str__(self):
        return f"{self.nim} {self.nama}"


class Pengiriman(Attempts, models.Model):
    """A letter e-mailed to the company by the worker. The row is claimed
    before sending, so a retried task never sends it twice; a failed send is
    tried again with growing pauses (pkpk.lib.outbox)."""

    surat = models.ForeignKey(Surat, on_delete=models.PROTECT, related_name="pengiriman")
    email = models.EmailField(_("company's e-mail"))
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    diminta_pada = models.DateTimeField(_("requested at"), auto_now_add=True)
    terkirim_pada = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The e-mail's wording versions (pkpk.wording), fixed at the first try;
    # empty until then and on e-mails sent before staff owned the wording.
    templat_subjek = wording_version(_("e-mail subject version"))
    templat = wording_version(_("e-mail body version"))

    class Meta:
        verbose_name = _("letter e-mailed to a company")
        verbose_name_plural = _("letters e-mailed to companies")
        ordering = ["-diminta_pada", "-pk"]
        indexes = [
            # The retry sweep: only e-mails that failed and wait for a try.
            models.Index(
                fields=["coba_lagi_pada"],
                condition=Q(coba_lagi_pada__isnull=False),
                name="pengiriman_retry_due",
            ),
        ]

    def __str__(self):
        return f"{self.surat} → {self.email}"
