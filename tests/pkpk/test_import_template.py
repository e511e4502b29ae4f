import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .workbooks import HEADER, XLSX, user_of

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
