"""Issuing, voiding and replacing letters. Every change goes through here."""

import datetime
import logging
import re

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML

from magang.models import Pendaftaran
from pkpk import roles, wording
from pkpk.lib.pdf import BASE_URL, StaticOnlyFetcher, image_data_uri
from pkpk.models import Institusi, JenisTemplat

from . import clocks, codes, company_links
from .models import Jenis, Penomoran, PertanyaanUmpanBalik, Surat, SuratMahasiswa
from .models.letters import new_verification_code

log = logging.getLogger(__name__)

BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]

REQUIRED_STATUS = {
    Jenis.PERMOHONAN: Pendaftaran.Status.DIAJUKAN,
    Jenis.PENGANTAR: Pendaftaran.Status.DITERIMA,
}


def tanggal_indonesia(day: datetime.date) -> str:
    """ "5 Januari 2026", as Indonesian letters write dates."""
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


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


def letterhead(institusi) -> dict:
    """What templates/surat/pdf/_kop.html shows of the institution: a letter
    keeps it as its snapshot, other documents take it from the profile."""
    fields = [
        "nama",
        "kementerian",
        "alamat",
        "kota",
        "kode_pos",
        "telepon",
        "faksimili",
        "email",
        "laman",
        "nama_unit",
        "singkatan_unit",
    ]
    data = {name: getattr(institusi, name) for name in fields}
    data["alamat"] = street_in_full(institusi.alamat)
    data["logo"] = image_data_uri(institusi.logo)
    return data


_STREET_ABBREVIATION = re.compile(r"^(jl|jln)\.?\s+", re.IGNORECASE)


def street_in_full(alamat: str) -> str:
    """The address as an official letterhead writes it: "Jalan" in full,
    never abbreviated (tata naskah dinas), and never doubled. The profile may
    hold "Jl. Ahmad Yani", "Jalan Ahmad Yani" or just "Ahmad Yani"."""
    alamat = alamat.strip()
    if not alamat or alamat.lower().startswith("jalan "):
        return alamat
    return "Jalan " + _STREET_ABBREVIATION.sub("", alamat, count=1)


def verification_url(surat) -> str:
    """The short address printed with the code, which the QR code opens too."""
    return settings.SITE_URL + reverse("verify_short", args=[codes.grouped(surat.kode)])


def qr_svg(url) -> str:
    return segno.make(url, error="m").svg_inline(scale=3, border=0)


def unit_contact(kop) -> str:
    """ "UPT-PKPK (Unit ...), telepon ..., surel ...": the {{ kontak_unit }}
    placeholder, from a letterhead dict (a letter's snapshot or the profile)."""
    text = f"{kop.get('nama_unit', '')} ({kop.get('singkatan_unit', '')})"
    if kop.get("telepon"):
        text += f", telepon {kop['telepon']}"
    if kop.get("email"):
        text += f", surel {kop['email']}"
    return text


def reply_link(url):
    """The {{ tautan_jawaban }} placeholder: the company's short link, printed
    without its scheme on one line (a.tautan). Our own URL, escaped."""
    return format_html('<a class="tautan" href="{}">{}</a>', url, company_links.printed(url))


def wording_values(surat, *, students, company_url) -> dict:
    """What each placeholder of a letter's wording (pkpk.wording) stands for."""
    kop = surat.institusi
    penerima = surat.penerima_jabatan
    if surat.penerima_nama:
        penerima += f" ({surat.penerima_nama})"
    alamat = ", ".join(x for x in (surat.perusahaan_alamat, surat.perusahaan_kota) if x)
    return {
        "nomor_surat": surat.nomor,
        "tanggal_surat": tanggal_indonesia(surat.tanggal),
        "penerima": penerima,
        "nama_perusahaan": surat.perusahaan_nama,
        "alamat_perusahaan": alamat,
        "tanggal_mulai": tanggal_indonesia(surat.mulai),
        "tanggal_selesai": tanggal_indonesia(surat.selesai),
        "tabel_mahasiswa": render_to_string(
            "surat/pdf/_tabel_mahasiswa.html", {"students": students}
        ),
        "tautan_jawaban": reply_link(company_url),
        "kontak_unit": unit_contact(kop),
        "nama_unit": kop.get("nama_unit", ""),
        "singkatan_unit": kop.get("singkatan_unit", ""),
        "nama_institusi": kop.get("nama", ""),
    }


def wording_kind(*, jenis, perlu_balasan):
    """Which staff-owned text is the body of a letter."""
    if jenis == Jenis.PERMOHONAN:
        return JenisTemplat.SURAT_PERMOHONAN
    if perlu_balasan:
        return JenisTemplat.SURAT_PENGANTAR
    return JenisTemplat.SURAT_PENGANTAR_LAMPIRAN


def letter_html(surat) -> str:
    """The letter as HTML (autoescaped), ready for WeasyPrint, in the
    wording versions the letter records."""
    students = list(surat.mahasiswa.all())
    competencies = []
    lampiran = surat.jenis == Jenis.PENGANTAR and not surat.perlu_balasan
    if lampiran:
        seen = set()
        for s in students:
            prodi = s.pendaftaran.mahasiswa.prodi
            if prodi.pk not in seen:
                seen.add(prodi.pk)
                competencies.append(prodi)
    aspects = [q.teks for q in PertanyaanUmpanBalik.objects.filter(aktif=True)] if lampiran else []
    return compose_letter(
        surat,
        students=students,
        competencies=competencies,
        aspects=aspects,
        # A short link made for this letter, standing for a signed one.
        company_url=company_links.short_url(company_links.make_short_link(surat)),
        body=surat.templat.teks,
        borang=surat.templat_borang.teks if surat.templat_borang_id else "",
    )


def compose_letter(surat, *, students, competencies, aspects, company_url, body, borang) -> str:
    """The letter's HTML from its parts: an issued letter's (letter_html) or
    the editor's sample letter with wording not saved yet (surat.wording_preview)."""
    url = verification_url(surat)
    lampiran = surat.jenis == Jenis.PENGANTAR and not surat.perlu_balasan
    values = wording_values(surat, students=students, company_url=company_url)
    context = {
        "surat": surat,
        "kop": surat.institusi,
        "students": students,
        "prodi_names": sorted({s.prodi for s in students}),
        "competencies": competencies,
        "aspects": aspects,
        "lampiran": lampiran,
        "tanggal": tanggal_indonesia(surat.tanggal),
        "mulai": tanggal_indonesia(surat.mulai),
        "selesai": tanggal_indonesia(surat.selesai),
        "verification_url": url,
        "verification_printed": company_links.printed(url),
        # Where the company answers and gives feedback, without an account:
        # a short link made for this letter, standing for a signed one.
        "company_url": company_url,
        "company_url_printed": company_links.printed(company_url),
        "isi": wording.render_html(
            body, wording_kind(jenis=surat.jenis, perlu_balasan=surat.perlu_balasan), values
        ),
        "isi_borang": wording.render_html(borang, JenisTemplat.BORANG_UMPAN_BALIK, values)
        if lampiran
        else "",
        # segno writes the SVG itself from a URL we built: nothing user-written.
        "qr": mark_safe(qr_svg(url)),  # noqa: S308
    }
    return render_to_string("surat/pdf/surat.html", context)


def render_letter(surat) -> bytes:
    html = letter_html(surat)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()


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
        surat.berkas.save(file_name(surat), ContentFile(render_letter(surat)), save=True)
        if jenis == Jenis.PENGANTAR:
            clocks.start_confirmation_clock(surat, now=now)
    log.info("letter %s issued (kind %s)", surat.pk, jenis)
    return surat


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
