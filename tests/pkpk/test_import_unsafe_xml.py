"""An uploaded workbook is parsed through defusedxml (openpyxl uses it when
it is installed): XML entity declarations, the stuff of XML bombs and of
external entities that read the server's files, are refused before anything
is read or stored."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pkpk.models import ImporMahasiswa, Mahasiswa
from tests.support.workbooks import XLSX, students, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

REFUSED_ID = (
    "Berkas ini memuat XML yang tidak pernah ada dalam buku kerja yang disimpan Excel "
    "(deklarasi entitas), sehingga tidak dibaca. Simpan di Excel sebagai "
    "“Excel Workbook (.xlsx)” lalu unggah lagi."
)
SHEET = "xl/worksheets/sheet1.xml"
NAME = "<t>Mahasiswa Uji 1</t>"

# The student's name cell of the sheet becomes a reference to the entity.
INTERNAL = ('<!DOCTYPE worksheet [<!ENTITY nama "Budi Entitas">]>', "<t>&nama;</t>")
LAUGHS = (
    "<!DOCTYPE worksheet ["
    '<!ENTITY a "lollollollollollollollollollol">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    "<t>&d;</t>",
)
EXTERNAL = ('<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "<t>&xxe;</t>")


def tampered(doctype, cell):
    """A good one-student workbook whose sheet XML declares `doctype` and
    uses its entity in the name cell."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(students(1))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == SHEET:
                xml = data.decode()
                assert NAME in xml
                data = (doctype + xml.replace(NAME, cell, 1)).encode()
            target.writestr(item, data)
    return SimpleUploadedFile("mahasiswa.xlsx", out.getvalue(), XLSX)


def test_openpyxl_parses_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("xml", [INTERNAL, LAUGHS, EXTERNAL], ids=["entity", "bomb", "external"])
def test_a_workbook_declaring_entities_is_refused_and_nothing_saved(
    client, staff, prodi_x, settings, tmp_path, xml
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff)
    response = upload(client, tampered(*xml))  # Indonesian: the default language

    assert response.status_code == 200
    assert response.context["form"].errors["berkas"] == [REFUSED_ID]
    assert REFUSED_ID in response.content.decode()
    assert not ImporMahasiswa.objects.exists()
    assert not Mahasiswa.objects.exists()
    assert not any(tmp_path.rglob("*.xlsx"))  # the file was not stored either


def test_the_same_workbook_without_the_declaration_is_accepted(client, staff, prodi_x):
    client.force_login(staff)
    response = upload(client, tampered("", NAME))

    assert response.status_code == 302
    assert ImporMahasiswa.objects.get().status == ImporMahasiswa.Status.PRATINJAU
