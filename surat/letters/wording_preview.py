"""The editor's preview: a letter on fictional sample data, written with
wording not saved yet, rendered to PDF by the same code as an issued letter
and shown as PNG pages (pdftoppm), which every phone can display."""

import datetime
import subprocess
import tempfile
from base64 import b64encode
from pathlib import Path
from types import SimpleNamespace

from weasyprint import HTML

from magang.reply_form import reply_form_pdf
from pkpk import wording
from pkpk.lib.pdf import BASE_URL, StaticOnlyFetcher
from pkpk.models import Institusi, JenisTemplat

from ..company import delivery
from ..company import services as company_services
from ..models import Jenis, Surat
from . import render

SAMPLE_STUDENTS = [
    SimpleNamespace(urutan=1, nama="Contoh Mahasiswa Satu", nim="0000000001", prodi="D3 Contoh"),
    SimpleNamespace(urutan=2, nama="Contoh Mahasiswa Dua", nim="0000000002", prodi="D4 Contoh"),
]
SAMPLE_LINK = "https://contoh.invalid/perusahaan/CONTOH/"

KIND_OF_LETTER = {
    JenisTemplat.SURAT_PERMOHONAN: (Jenis.PERMOHONAN, True),
    JenisTemplat.SURAT_PENGANTAR: (Jenis.PENGANTAR, True),
    JenisTemplat.SURAT_PENGANTAR_LAMPIRAN: (Jenis.PENGANTAR, False),
    # The feedback form's intro is shown where it is printed: Lampiran 2.
    JenisTemplat.BORANG_UMPAN_BALIK: (Jenis.PENGANTAR, False),
}


def sample_letter(jenis, perlu_balasan) -> Surat:
    """An unsaved letter to a made-up company, with today's letterhead."""
    today = datetime.date.today()
    institusi = Institusi.load()
    return Surat(
        jenis=jenis,
        nomor="0000/CONTOH/" + str(today.year),
        tanggal=today,
        penerima_jabatan="Manajer SDM",
        penerima_nama="Contoh Penerima",
        perusahaan_nama="PT Contoh Mitra",
        perusahaan_alamat="Jalan Contoh No. 1",
        perusahaan_kota="Kota Contoh",
        mulai=today,
        selesai=today + datetime.timedelta(days=120),
        perlu_balasan=perlu_balasan,
        penandatangan_nama=institusi.penandatangan_nama,
        penandatangan_jabatan=institusi.penandatangan_jabatan,
        penandatangan_nip=institusi.penandatangan_nip,
        institusi=render.letterhead(institusi),
        token="CONTOH",  # noqa: S106 - a sample letter, never saved
    )


def sample_reply_form(teks) -> bytes:
    """The FO.8.4.1.1 reply form for the sample students at the sample company."""
    today = datetime.date.today()
    applications = [
        SimpleNamespace(
            mahasiswa=SimpleNamespace(user=SimpleNamespace(nama=s.nama), nim=s.nim, prodi=s.prodi),
            mulai=today,
            selesai=today + datetime.timedelta(days=120),
            posisi="Contoh Posisi",
        )
        for s in SAMPLE_STUDENTS
    ]
    company = SimpleNamespace(
        nama="PT Contoh Mitra", alamat="Jalan Contoh No. 1", kota="Kota Contoh"
    )
    return reply_form_pdf(
        institusi=Institusi.load(), perusahaan=company, applications=applications, teks=teks
    )


def preview_pdf(jenis, teks) -> bytes:
    """The sample letter with `teks` as the text of kind `jenis` (checked:
    ValidationError on a problem); the other texts as they are in force."""
    wording.parse(teks, jenis)
    if jenis == JenisTemplat.BALASAN_FO:
        return sample_reply_form(teks)
    letter_kind, perlu_balasan = KIND_OF_LETTER[jenis]
    surat = sample_letter(letter_kind, perlu_balasan)
    body_kind = render.wording_kind(jenis=letter_kind, perlu_balasan=perlu_balasan)
    body = teks if jenis == body_kind else wording.current(body_kind).teks
    borang = ""
    if not perlu_balasan:
        borang = teks if jenis == JenisTemplat.BORANG_UMPAN_BALIK else ""
        borang = borang or wording.current(JenisTemplat.BORANG_UMPAN_BALIK).teks
    html = render.compose_letter(
        surat,
        students=SAMPLE_STUDENTS,
        competencies=[SimpleNamespace(nama="D3 Contoh", informasi_kompetensi="Contoh kompetensi.")],
        aspects=["Contoh aspek penilaian"],
        company_url=SAMPLE_LINK,
        body=body,
        borang=borang,
    )
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()


# The e-mail kinds are previewed as the e-mail's text, on the same sample letter.
EMAIL_OF_LETTER = {
    JenisTemplat.EMAIL_SURAT_SUBJEK: Jenis.PERMOHONAN,
    JenisTemplat.EMAIL_PERMOHONAN: Jenis.PERMOHONAN,
    JenisTemplat.EMAIL_PENGANTAR: Jenis.PENGANTAR,
}


def preview_email(jenis, teks) -> dict:
    """The e-mail sending the sample letter, with `teks` as the text of the
    e-mail kind `jenis` (checked: ValidationError on a problem), the other
    e-mail text as it is in force: {"subject", "text"}."""
    wording.parse(teks, jenis)
    surat = sample_letter(EMAIL_OF_LETTER[jenis], True)
    body_kind = delivery.email_wording_kind(surat)
    subjek = teks if jenis == JenisTemplat.EMAIL_SURAT_SUBJEK else None
    subject, text, _html = delivery.compose_email(
        surat,
        subjek=subjek or wording.current(JenisTemplat.EMAIL_SURAT_SUBJEK).teks,
        isi=teks if jenis == body_kind else wording.current(body_kind).teks,
        company_url=SAMPLE_LINK,
        expires_on=surat.tanggal + datetime.timedelta(days=30),
        students=SAMPLE_STUDENTS,
    )
    # Plain text, though render_to_string marks it safe: the page force-escapes it.
    return {"subject": subject, "text": text}


def preview_web(jenis, teks):
    """The feedback page's intro for the sample letter, as HTML (checked:
    ValidationError on a problem)."""
    wording.parse(teks, jenis)
    return company_services.feedback_intro(sample_letter(Jenis.PENGANTAR, True), teks)


def pdf_pages_as_png(pdf: bytes, *, resolution=100) -> list:
    """Each page as a `data:image/png` URL."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "pratinjau.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 - fixed program, our own file
            ["pdftoppm", "-png", "-r", str(resolution), str(source), str(Path(folder) / "p")],  # noqa: S607
            check=True,
            capture_output=True,
            timeout=30,
        )
        pages = sorted(Path(folder).glob("p*.png"))
        return ["data:image/png;base64," + b64encode(p.read_bytes()).decode() for p in pages]
