import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.support.pages import user_of
from tests.support.workbooks import HEADER, XLSX

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("pkpk:import_template"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_only_staff_may_download_it(client, request, who):
    client.force_login(user_of(request, who))
    assert client.get(reverse("pkpk:import_template")).status_code == 403


def test_it_downloads_a_workbook_with_our_headers_and_one_example_row(client, staff, prodi_x):
    client.force_login(staff)
    response = client.get(reverse("pkpk:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert list(rows[0]) == HEADER
    assert len(rows) == 2
    assert rows[1][0] == "3312501001"  # text, so the NIM keeps its digits
    assert rows[1][2] == "IF"


def test_it_names_every_programme_code_and_prints_like_our_other_workbooks(client, staff, prodi_x):
    client.force_login(staff)
    book = load_workbook(io.BytesIO(client.get(reverse("pkpk:import_template")).content))
    codes = book.worksheets[1]
    assert codes.title == "Kode prodi"
    assert list(codes.values) == [
        ("Kode Prodi", "Program studi", "Jurusan"),
        ("IF", "D3 Teknik Informatika", prodi_x.jurusan.nama),
    ]
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
