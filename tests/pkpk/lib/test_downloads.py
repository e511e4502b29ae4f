"""pkpk.lib.downloads and xlsx.workbook_response: every file handed out is a
download, never sniffed, named by us; an upload is typed by its content."""

import io

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.http import Http404

from pkpk.lib import downloads, xlsx
from pkpk.models import ImporMahasiswa

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def stored(settings, tmp_path):
    """A file field with `content` stored under `name`, in a throwaway media folder."""
    settings.MEDIA_ROOT = tmp_path

    def store(name, content):
        field = ImporMahasiswa().berkas
        field.save(name, ContentFile(content), save=False)
        return field

    return store


def body(response):
    return b"".join(response.streaming_content)


def test_an_upload_is_typed_by_its_content_not_its_name(stored):
    response = downloads.serve_upload(stored("surat.pdf", PNG), stem="balasan-3312501001-7")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="balasan-3312501001-7.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == PNG


def test_an_upload_of_an_unknown_kind_downloads_as_opaque_bytes(stored):
    response = downloads.serve_upload(stored("a.pdf", b"<html>"), stem="cv-1")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="cv-1.bin"'


def test_an_empty_field_or_a_lost_file_is_a_404(stored):
    with pytest.raises(Http404):
        downloads.serve_upload(ImporMahasiswa().berkas, stem="x")
    field = stored("gone.png", PNG)
    field.storage.delete(field.name)
    with pytest.raises(Http404):
        downloads.serve_file(field, filename="x.pdf", content_type="application/pdf")


def test_a_stored_file_of_ours_keeps_the_name_and_type_given(stored):
    response = downloads.serve_file(
        stored("x.bin", b"%PDF-1.7"), filename="B-12.pdf", content_type="application/pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="B-12.pdf"'
    assert body(response) == b"%PDF-1.7"


def test_a_written_workbook_downloads_and_opens():
    buffer = io.BytesIO()
    columns = [xlsx.Column("NIM"), xlsx.Column("Nama")]
    xlsx.write_form(buffer, sheets=[xlsx.Sheet("Mahasiswa", columns, [["3312501001", "Ani"]])])
    response = xlsx.workbook_response(buffer.getvalue(), "rekap pendaftaran.xlsx")
    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="rekap pendaftaran.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["NIM", "Nama"],
        ["3312501001", "Ani"],
    ]
