"""A letter on paper: the letterhead, its wording's placeholders, its HTML
and its PDF (WeasyPrint). Issued letters (surat.letters.services) and the
editor's preview (surat.letters.wording_preview) are rendered by the same code."""

import datetime
import re

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from weasyprint import HTML

from pkpk import wording
from pkpk.lib.pdf import BASE_URL, StaticOnlyFetcher, image_data_uri
from pkpk.models import JenisTemplat

from ..company import links as company_links
from ..models import Jenis, PertanyaanUmpanBalik
from . import codes

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


def tanggal_indonesia(day: datetime.date) -> str:
    """ "5 Januari 2026", as Indonesian letters write dates."""
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


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


def letter_html(surat, *, signed=False) -> str:
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
        signed=signed,
    )


def compose_letter(
    surat, *, students, competencies, aspects, company_url, body, borang, signed=False
) -> str:
    """The letter's HTML from its parts: an issued letter's (letter_html) or
    the editor's sample letter with wording not saved yet (surat.letters.wording_preview)."""
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
        "signed": signed,
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


def render_letter(surat, *, signed=False) -> bytes:
    """The letter's PDF; `signed` prints the note that it carries an
    electronic signature, which surat.letters.signing then adds."""
    html = letter_html(surat, signed=signed)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
