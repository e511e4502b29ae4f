import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _

from pkpk import student_import
from pkpk.models import ImporMahasiswa, Mahasiswa, User
from tests.support.pages import messages_of, user_of
from tests.support.workbooks import (
    XLSX,
    student,
    students,
    upload,
    upload_rows,
    xlsx_bytes,
    xlsx_file,
)

pytestmark = pytest.mark.django_db

NOT_XLSX = (
    "This is not an Excel workbook (.xlsx). Old .xls files and CSV files are not accepted: "
    "open the file in Excel and save it as “Excel Workbook (.xlsx)”."
)


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("pkpk:import_upload"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_only_staff_may_open_it(client, request, who):
    client.force_login(user_of(request, who))
    assert client.get(reverse("pkpk:import_upload")).status_code == 403
    assert upload(client, xlsx_file(students(1))).status_code == 403
    assert not ImporMahasiswa.objects.exists()


def test_staff_see_the_form_and_the_expected_columns(client, staff, prodi_x):
    client.force_login(staff)
    response = client.get(reverse("pkpk:import_upload"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'type="file"' in content
    assert "Kode Prodi" in content
    assert _("Expected columns") in content
    assert reverse("pkpk:import_template") in content
    assert "IF" in content  # the programme codes staff may use


def test_a_good_file_is_checked_and_waits_for_confirmation(client, staff, prodi_x):
    client.force_login(staff)
    response = upload(client, xlsx_file(students(3)))
    impor = ImporMahasiswa.objects.get()
    assert response.url == reverse("pkpk:import_detail", args=[impor.pk])
    assert impor.status == ImporMahasiswa.Status.PRATINJAU
    assert impor.jumlah_baris == 3
    assert impor.diunggah_oleh == staff
    assert not Mahasiswa.objects.exists()
    assert messages_of(response) == [_("The file is correct. Check the preview, then import.")]


def test_a_bad_file_is_refused_with_every_bad_row_and_nothing_imported(
    client, staff, prodi_x, student_a
):
    client.force_login(staff)
    users, mahasiswa = User.objects.count(), Mahasiswa.objects.count()
    rows = [
        student(1),
        student(2, prodi="XX"),
        student(3, NIM=student(1)["NIM"]),
        student(4, Email="bukan-email"),
        student(5, NIM="33125A0005"),
        student(6, NIM="331250"),
        student(7, NIM="3312502000071"),
        student(8, Angkatan=1989),
        student(9, Email=student_a.user.email),
    ]
    response = upload(client, xlsx_file(rows))
    impor = ImporMahasiswa.objects.get()
    assert impor.status == ImporMahasiswa.Status.DITOLAK
    assert sorted({e["baris"] for e in impor.kesalahan}) == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert messages_of(response) == [_("The file has errors, so nothing was imported.")]
    assert (User.objects.count(), Mahasiswa.objects.count()) == (users, mahasiswa)


def test_a_file_with_a_missing_column_is_refused(client, staff, prodi_x):
    client.force_login(staff)
    upload(client, xlsx_file(students(2), header=["NIM", "Nama", "Kode Prodi", "Angkatan"]))
    impor = ImporMahasiswa.objects.get()
    assert impor.status == ImporMahasiswa.Status.DITOLAK
    assert [(e["baris"], e["kolom"]) for e in impor.kesalahan] == [(1, "Email")]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("mahasiswa.xlsx", b"NIM;Nama\n3312501001;Ani\n"),
        ("mahasiswa.xlsx", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 48),
        ("mahasiswa.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64),
        ("mahasiswa.csv", b"NIM,Nama\n3312501001,Ani\n"),
        ("mahasiswa.xlsx", b""),
    ],
)
def test_a_file_that_is_not_an_xlsx_workbook_is_refused_and_nothing_stored(
    client, staff, prodi_x, name, content
):
    client.force_login(staff)
    response = upload(client, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert not ImporMahasiswa.objects.exists()
    assert response.context["form"].errors["berkas"]
    if content:
        assert _(NOT_XLSX) in response.content.decode()


def test_a_real_workbook_renamed_to_csv_is_refused(client, staff, prodi_x):
    client.force_login(staff)
    response = upload(client, SimpleUploadedFile("mahasiswa.csv", xlsx_bytes(students(1))))
    assert response.status_code == 200
    assert not ImporMahasiswa.objects.exists()


def test_another_zip_renamed_to_xlsx_is_refused(client, staff):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    client.force_login(staff)
    response = upload(client, SimpleUploadedFile("mahasiswa.xlsx", out.getvalue(), XLSX))
    assert _(NOT_XLSX) in response.content.decode()
    assert not ImporMahasiswa.objects.exists()


def test_a_damaged_workbook_is_refused_with_a_message(client, staff):
    # Built like an xlsx (passes the form) but its sheet is garbage.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not xml at all")
    client.force_login(staff)
    response = upload(client, SimpleUploadedFile("mahasiswa.xlsx", out.getvalue(), XLSX))
    assert response.status_code == 200
    message = _(
        "This file cannot be read as an Excel workbook. Save it in Excel as "
        "“Excel Workbook (.xlsx)” and upload it again."
    )
    assert message in response.content.decode()
    assert not ImporMahasiswa.objects.exists()


def test_a_workbook_with_only_a_header_is_refused(client, staff):
    client.force_login(staff)
    response = upload(client, xlsx_file([]))
    assert response.status_code == 200
    assert not ImporMahasiswa.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, staff, monkeypatch):
    monkeypatch.setattr(student_import.parse, "MAX_BYTES", 2000)
    client.force_login(staff)
    response = upload(client, xlsx_file(students(200)))
    assert response.status_code == 200
    assert response.context["form"].errors["berkas"]
    assert not ImporMahasiswa.objects.exists()


def test_a_workbook_over_the_row_limit_is_refused(client, staff, prodi_x, monkeypatch):
    monkeypatch.setattr(student_import.parse, "MAX_ROWS", 5)
    client.force_login(staff)
    response = upload(client, xlsx_file(students(6)))
    message = _("The workbook has more than %(max)d rows. Split it into smaller files.") % {
        "max": 5
    }
    assert message in response.content.decode()
    assert not ImporMahasiswa.objects.exists()


def test_the_page_lists_recent_imports(client, staff, prodi_x):
    client.force_login(staff)
    upload_rows(client, students(1), name="angkatan-2025.xlsx")
    assert "angkatan-2025.xlsx" in client.get(reverse("pkpk:import_upload")).content.decode()
