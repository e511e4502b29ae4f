"""pkpk.lib.pdf: templates become PDFs, and a document can load nothing but
our own static files and data: URLs, whatever its HTML asks for."""

import copy
import http.server
import io
import threading

import pytest
from pypdf import PdfReader

from pkpk.lib import pdf
from pkpk.models import Institusi
from tests.factories import MahasiswaFactory, PerusahaanFactory

PNG_1PX = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
    "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def template_dir(settings, tmp_path):
    """A folder of throwaway templates the renderer can find."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates

    def write(name, body):
        (tmp_path / name).write_text(body, encoding="utf-8")
        return name

    return write


def read(content):
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, text


def attachments(reader):
    """Files embedded in the document: the EmbeddedFiles tree and file
    attachment annotations (what `<a rel="attachment">` makes)."""
    found = list(reader.attachments)
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            if annot.get_object().get("/Subtype") == "/FileAttachment":
                found.append(annot.get_object().get("/FS"))
    return found


def test_it_renders_a_template_to_pdf(template_dir):
    name = template_dir("hello.html", "<p>Halo {{ who }}</p>")
    reader, text = read(pdf.render_pdf(name, {"who": "Ani Lestari 3312501001"}))
    assert "Halo Ani Lestari 3312501001" in text
    assert len(reader.pages) == 1


def test_static_files_load_through_the_static_url(template_dir):
    # Attachments prove the file really came through the fetcher (and that
    # `attachments` sees both kinds, so the refusals below mean something).
    name = template_dir(
        "static.html",
        "{% load static %}<link rel='attachment' href='{% static \"css/pkpk.css\" %}'>"
        "<a rel='attachment' href='{% static \"css/pkpk.css\" %}'>css</a><p>isi</p>",
    )
    reader, _text = read(pdf.render_pdf(name, {}))
    assert len(attachments(reader)) == 2


@pytest.mark.parametrize(
    "html",
    [
        '<img src="file:///etc/passwd">',
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>',
        '<link rel="attachment" href="file:///etc/passwd">',
        '<img src="http://127.0.0.1:9/x.png">',
        "<div style=\"background: url('file:///etc/passwd')\">x</div>",
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<a rel="attachment" href="/static/../../../../etc/passwd">x</a>',
        '<a rel="attachment" href="/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd">x</a>',
        '<base href="file:///etc/"><a rel="attachment" href="passwd">x</a>',
    ],
)
def test_nothing_outside_static_is_embedded(template_dir, html):
    name = template_dir("evil.html", html + "<p>selesai</p>")
    reader, text = read(pdf.render_pdf(name, {}))
    assert "selesai" in text
    assert attachments(reader) == []
    assert "root:" not in text


def test_no_request_leaves_the_machine(template_dir):
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        name = template_dir(
            "net.html",
            f'<link rel="stylesheet" href="{base}/a.css"><img src="{base}/b.png">'
            f'<a rel="attachment" href="{base}/c.txt">c</a>'
            f"<p style=\"background:url('{base}/d.png')\">x</p>",
        )
        pdf.render_pdf(name, {})
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []


def test_data_urls_are_allowed(template_dir):
    name = template_dir("data.html", '<img src="{{ src }}" alt=""><p>gambar</p>')
    content = pdf.render_pdf(name, {"src": PNG_1PX})
    reader, text = read(content)
    assert "gambar" in text
    assert any("/XObject" in page["/Resources"] for page in reader.pages)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.com/static/css/pkpk.css",
        pdf.BASE_URL + "static/../../etc/passwd",
        pdf.BASE_URL + "static/%2e%2e/%2e%2e/etc/passwd",
        pdf.BASE_URL + "static/css/..%2f..%2f..%2fetc/passwd",
        pdf.BASE_URL + "static//etc/passwd",
        pdf.BASE_URL + "static/css/missing.css",
        pdf.BASE_URL + "media/institusi/logo.png",
        pdf.BASE_URL + "static/css/pkpk.css?x=1",
    ],
)
def test_the_fetcher_refuses_everything_else(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.StaticOnlyFetcher().fetch(url)


def test_the_fetcher_serves_a_static_file():
    response = pdf.StaticOnlyFetcher().fetch(pdf.BASE_URL + "static/css/pkpk.css")
    assert response.content_type == "text/css"
    assert len(response.read()) > 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "nama",
    ["<script>alert(1)</script> Ani", "<img src=file:///etc/passwd> Ani"],
)
def test_student_text_is_escaped_in_the_reply_form(nama, prodi_x):
    from magang.models import Jalur, Pendaftaran

    mahasiswa = MahasiswaFactory(nim="3312509999", prodi=prodi_x, user__nama=nama)
    perusahaan = PerusahaanFactory(nama='PT <a rel="attachment" href="file:///etc/passwd">X</a>')
    pendaftaran = Pendaftaran(
        mahasiswa=mahasiswa,
        perusahaan=perusahaan,
        jalur=Jalur.MANDIRI,
        posisi="<b>Staf</b>",
        mulai="2027-02-01",
        selesai="2027-05-31",
        status=Pendaftaran.Status.DIAJUKAN,
    )
    context = {
        "institusi": Institusi.load(),
        "logo": "",
        "perusahaan": perusahaan,
        "applications": [pendaftaran],
    }
    reader, text = read(pdf.render_pdf("magang/pdf/balasan_fo_8_4_1_1.html", context))
    flat = " ".join(text.split())
    assert nama in flat  # shown as text, not run as markup
    assert "3312509999" in flat
    assert '<a rel="attachment"' in flat
    assert attachments(reader) == []
    assert "root:" not in text


@pytest.mark.django_db
def test_a_real_logo_becomes_a_data_url_and_anything_else_nothing(tmp_path, settings):
    import base64

    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    institusi = Institusi.load()
    assert pdf.image_data_uri(institusi.logo) == ""
    png = base64.b64decode(PNG_1PX.split(",", 1)[1])
    institusi.logo.save("logo.png", ContentFile(png), save=False)
    assert pdf.image_data_uri(institusi.logo).startswith("data:image/png;base64,")
    institusi.logo.save("logo2.png", ContentFile(b"<svg onload=alert(1)>"), save=False)
    assert pdf.image_data_uri(institusi.logo) == ""


def test_the_download_is_an_attachment_with_a_safe_name():
    response = pdf.pdf_response(b"%PDF-1.7", "FO.8.4.1.1-3312501001.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="FO.8.4.1.1-3312501001.pdf"'
