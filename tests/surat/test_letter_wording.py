"""Letters are written with the staff's wording version in force when they
are issued, record it, and never change afterwards; what an author writes
cannot make the PDF fetch anything."""

import hashlib
import http.server
import re
import threading

import pytest
from django.urls import reverse

from pkpk import wording
from pkpk.models import JenisTemplat
from pkpk.wording_defaults import DEFAULTS
from surat.letters import wording_preview
from surat.models import Jenis
from tests.support.letters import accept, issue, pdf_text

pytestmark = pytest.mark.django_db

NEW_SENTENCE = "Dengan ini kami memohon dengan sangat agar mahasiswa berikut diterima magang."


def flat(text):
    return re.sub(r"\s+", " ", text)


def test_a_letter_records_the_versions_it_was_written_with(pendaftaran_a, staff):
    surat = issue([pendaftaran_a], staff)
    assert surat.templat == wording.current(JenisTemplat.SURAT_PERMOHONAN)
    assert surat.templat_borang is None
    accept(pendaftaran_a, staff)
    cover = issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR, perlu_balasan=False)
    assert cover.templat.jenis == JenisTemplat.SURAT_PENGANTAR_LAMPIRAN
    assert cover.templat_borang == wording.current(JenisTemplat.BORANG_UMPAN_BALIK)
    assert "Mohon beri tanda centang" in flat(pdf_text(cover)[0])


def test_the_next_letter_has_the_new_sentence_and_the_earlier_pdf_stays_byte_identical(
    pendaftaran_a, staff, client
):
    earlier = issue([pendaftaran_a], staff)
    client.force_login(staff)
    before = b"".join(client.get(reverse("surat:download", args=[earlier.pk])).streaming_content)

    version = wording.save_version(
        jenis=JenisTemplat.SURAT_PERMOHONAN,
        teks=NEW_SENTENCE + "\n\n{{ tabel_mahasiswa }}\n\n**Terima kasih**, {{ nama_perusahaan }}.",
        by=staff,
    )
    later = issue([pendaftaran_a], staff)

    text = flat(pdf_text(later)[0])
    assert NEW_SENTENCE in text
    assert "Terima kasih, PT Batam Presisi Elektronik." in text
    assert "guna menerapkan ilmu" not in text
    assert later.templat == version
    after = b"".join(client.get(reverse("surat:download", args=[earlier.pk])).streaming_content)
    assert hashlib.sha256(after).digest() == hashlib.sha256(before).digest()
    assert "guna menerapkan ilmu" in flat(pdf_text(earlier)[0])
    assert earlier.templat.versi == 1
    assert earlier.templat.teks == DEFAULTS[JenisTemplat.SURAT_PERMOHONAN]


@pytest.fixture
def listening_server():
    """A real HTTP server on the loopback that records every request."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"root:x:0:0:fetched")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def test_urls_an_author_writes_are_printed_as_text_and_nothing_is_fetched(
    pendaftaran_a, staff, listening_server
):
    base, hits = listening_server
    teks = (
        f"Lihat {base}/a.png dan file:///etc/passwd serta url({base}/b.css).\n\n"
        "{{ tabel_mahasiswa }}"
    )
    wording.save_version(jenis=JenisTemplat.SURAT_PERMOHONAN, teks=teks, by=staff)

    surat = issue([pendaftaran_a], staff)

    text, reader = pdf_text(surat)
    assert f"{base}/a.png" in flat(text)
    assert "root:" not in text and "fetched" not in text
    assert list(reader.attachments) == []
    assert hits == []


@pytest.mark.parametrize(
    "teks",
    [
        '<img src="{base}/x.png">',
        '<link rel="stylesheet" href="{base}/a.css">',
        "<style>p {{ background: url({base}/b.png) }}</style>",
        '<a rel="attachment" href="file:///etc/passwd">x</a>',
        "{{% load static %}}{{{{ settings.SECRET_KEY }}}}",
    ],
)
def test_markup_that_would_fetch_or_read_data_is_refused_in_the_preview_too(
    teks, staff, listening_server
):
    from django.core.exceptions import ValidationError

    base, hits = listening_server
    teks = teks.format(base=base) + "\n\n{{ tabel_mahasiswa }}"
    with pytest.raises(ValidationError):
        wording_preview.preview_pdf(JenisTemplat.SURAT_PERMOHONAN, teks)
    with pytest.raises(ValidationError):
        wording.save_version(jenis=JenisTemplat.SURAT_PERMOHONAN, teks=teks, by=staff)
    assert wording.current(JenisTemplat.SURAT_PERMOHONAN).versi == 1
    assert hits == []


@pytest.mark.parametrize(
    "jenis", [k for k in wording.KINDS if k not in wording.EMAIL_KINDS | wording.WEB_KINDS]
)
def test_the_preview_renders_every_kind_on_sample_data(jenis):
    pdf = wording_preview.preview_pdf(jenis, "Kalimat pratinjau.\n\n" + DEFAULTS[jenis])
    pages = wording_preview.pdf_pages_as_png(pdf)
    assert pages and all(p.startswith("data:image/png;base64,") for p in pages)
    import io

    from pypdf import PdfReader

    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Kalimat pratinjau." in text
    assert "PT Contoh Mitra" in text
