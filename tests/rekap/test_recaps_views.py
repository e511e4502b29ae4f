"""The recap pages, their downloads and the issued-recaps list."""

import hashlib
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from magang.models import Pendaftaran
from rekap.models import RekapArsip
from tests.factories import PerusahaanFactory
from tests.support.recaps import application

PAGES = [
    "rekap:recaps",
    "rekap:recap_pendaftaran",
    "rekap:recap_penerimaan",
    "rekap:recap_belum_magang",
    "rekap:recap_issued",
]
YEAR_2024 = {"tahun": "2024"}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("name", PAGES)
def test_students_and_outsiders_are_refused_and_anonymous_sent_to_sign_in(
    client, name, student_a, outsider
):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response.url
    for user in (student_a.user, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_staff_and_coordinators_open_every_page(client, name, staff, coordinator_x):
    for user in (staff, coordinator_x.user):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 200


def test_the_pages_show_the_recap_rows(client, recap_data, staff):
    client.force_login(staff)
    page = client.get(reverse("rekap:recap_pendaftaran"), YEAR_2024)
    assert page.context["page"].paginator.count == 8
    assert "3312501002" in page.text
    page = client.get(reverse("rekap:recap_penerimaan"), YEAR_2024)
    assert page.context["page"].paginator.count == 4
    assert [r.kohort for r in page.context["rates"]] == [2, 5]
    page = client.get(reverse("rekap:recap_belum_magang"), YEAR_2024)
    rows = list(page.context["page"])
    assert [m.nim for m in rows][0] == "3312501004"
    assert [(m.nim, m.menunggu_hari) for m in rows][-2:] == [("3312501002", 8), ("3312201003", 3)]


def test_a_coordinator_sees_none_of_another_prodi_on_the_pages(
    client, recap_data, coordinator_x, prodi_y
):
    client.force_login(coordinator_x.user)
    for name in ("rekap:recap_pendaftaran", "rekap:recap_belum_magang"):
        page = client.get(reverse(name), YEAR_2024)
        assert "4312501002" not in page.text  # student_b (AK)
        assert "4312501006" not in page.text
    page = client.get(reverse("rekap:recap_pendaftaran"), YEAR_2024)
    assert page.context["page"].paginator.count == 5
    # A guessed id of the other programme: a form error and no rows at all.
    page = client.get(reverse("rekap:recap_pendaftaran"), {**YEAR_2024, "prodi": prodi_y.pk})
    assert page.status_code == 200
    assert page.context["page"] is None
    assert "4312501002" not in page.text
    download = client.get(
        reverse("rekap:recap_download", args=["pendaftaran"]), {**YEAR_2024, "prodi": prodi_y.pk}
    )
    assert download.status_code == 400
    assert not RekapArsip.objects.exists()


def test_the_query_count_does_not_grow_with_the_rows(
    client, staff, student_a, django_assert_num_queries
):
    client.force_login(staff)
    url = reverse("rekap:recap_pendaftaran")

    def add(n):
        for i in range(n):
            application(
                student_a, PerusahaanFactory(), Pendaftaran.Status.DITOLAK, f"2024-09-{i + 1:02d}"
            )

    add(1)
    client.get(url, YEAR_2024)  # warm what is read once per process (calendar)
    with CaptureQueriesContext(connection) as one:
        client.get(url, YEAR_2024)
    add(9)
    with django_assert_num_queries(len(one)):
        response = client.get(url, YEAR_2024)
    assert response.context["page"].paginator.count == 10
    for name in ("rekap:recap_penerimaan", "rekap:recap_belum_magang"):
        with CaptureQueriesContext(connection) as first:
            client.get(reverse(name), YEAR_2024)
        with django_assert_num_queries(len(first)):
            client.get(reverse(name), {**YEAR_2024, "sort": "-nim"})


def test_downloading_stores_an_issued_recap_with_the_same_bytes(client, recap_data, coordinator_x):
    client.force_login(coordinator_x.user)
    response = client.get(reverse("rekap:recap_download", args=["pendaftaran"]), YEAR_2024)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.content
    arsip = RekapArsip.objects.get()
    assert arsip.jenis == "pendaftaran"
    assert arsip.dibuat_oleh == coordinator_x.user
    assert arsip.jumlah_baris == 5
    assert arsip.parameter["dari"] == "2024-08-01"
    assert arsip.sha256 == hashlib.sha256(data).hexdigest()
    sheet = load_workbook(io.BytesIO(data)).active
    nims = [row[3] for row in sheet.iter_rows(min_row=9, max_row=13, values_only=True)]
    assert sheet["A14"].value == "Jumlah (5 baris)"
    assert sorted(nims) == ["3312201003", "3312201003", "3312501001", "3312501001", "3312501002"]
    again = client.get(reverse("rekap:recap_issued_download", args=[arsip.pk]))
    assert again.status_code == 200
    assert "attachment" in again["Content-Disposition"]
    assert b"".join(again.streaming_content) == data


def test_issued_recaps_are_the_coordinators_own(
    client, recap_data, coordinator_x, coordinator_y, staff
):
    client.force_login(coordinator_y.user)
    client.get(reverse("rekap:recap_download", args=["belum-magang"]), YEAR_2024)
    arsip = RekapArsip.objects.get()
    client.force_login(coordinator_x.user)
    assert client.get(reverse("rekap:recap_issued")).context["page"].paginator.count == 0
    assert client.get(reverse("rekap:recap_issued_download", args=[arsip.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("rekap:recap_issued")).context["page"].paginator.count == 1
    assert client.get(reverse("rekap:recap_issued_download", args=[arsip.pk])).status_code == 200


def test_an_unknown_recap_is_not_found(client, staff):
    client.force_login(staff)
    assert client.get(reverse("rekap:recap_download", args=["gaji"])).status_code == 404
