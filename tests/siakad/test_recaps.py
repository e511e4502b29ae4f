"""The recaps through the API say what the recap pages and workbooks say,
with the same filters."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import MahasiswaFactory, PerusahaanFactory
from tests.support.recaps import YEAR, application

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(student_a, student_b, prodi_x):
    alpha, beta = PerusahaanFactory(nama="PT Alpha"), PerusahaanFactory(nama="PT Beta")
    a2 = MahasiswaFactory(prodi=prodi_x)
    MahasiswaFactory(prodi=prodi_x)  # no application at all
    application(student_a, alpha, "ditolak", "2024-09-02", "2024-09-03", "2024-09-10")
    application(student_a, beta, "diterima", "2024-10-01", "2024-10-02", "2024-10-15")
    application(student_b, alpha, "diterima", "2024-08-15", "2024-08-16", "2024-09-02")
    application(a2, alpha, "diajukan", "2025-03-03", "2025-03-04")
    application(a2, beta, "ditolak", "2023-03-03", "2023-03-04", "2023-03-20")  # another year


def _page(staff, name, **params):
    client = Client()
    client.force_login(staff)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.context


def _workbook_rows(staff, jenis, sheet=0, **params):
    client = Client()
    client.force_login(staff)
    content = client.get(reverse("rekap:recap_download", kwargs={"jenis": jenis}), params).content
    book = load_workbook(io.BytesIO(content))
    return [list(row) for row in book.worksheets[sheet].iter_rows(values_only=True)]


@pytest.mark.parametrize("filters", [{"tahun": YEAR}, {"tahun": YEAR, "jalur": "mandiri"}])
def test_registrations_match_the_page(api, staff, data, filters):
    body = api.get("/recaps/pendaftaran", **filters).json()
    page = _page(staff, "rekap:recap_pendaftaran", **filters)["page"]
    assert body["jumlah"] == page.paginator.count == len(body["items"])
    assert {i["id"] for i in body["items"]} == {a.pk for a in page.paginator.object_list}
    assert body["periode"] == {"dari": f"{YEAR}-08-01", "sampai": f"{YEAR + 1}-07-31"}


def test_acceptances_and_rates_match_the_page_and_workbook(api, staff, data, prodi_x):
    body = api.get("/recaps/penerimaan", tahun=YEAR).json()
    context = _page(staff, "rekap:recap_penerimaan", tahun=YEAR)
    groups = list(context["page"].paginator.object_list)
    assert [g["jumlah"] for g in body["kelompok"]] == [g["jumlah"] for g in groups]
    assert [(r["prodi"], r["kohort"], r["ditempatkan"]) for r in body["tingkat_penempatan"]] == [
        (r.prodi_kode, r.kohort, r.ditempatkan) for r in context["rates"]
    ]
    assert body["total"]["kohort"] == context["total"].kohort == 4
    assert body["total"]["ditempatkan"] == context["total"].ditempatkan == 2
    rates = api.get("/recaps/tingkat-penempatan", tahun=YEAR, prodi=prodi_x.pk).json()
    assert rates["total"] == {"kohort": 3, "ditempatkan": 1, "rasio": 1 / 3}
    # The workbook's rates sheet ends with the same total.
    rates_sheet = _workbook_rows(staff, "penerimaan", sheet=1, tahun=YEAR)
    total = body["total"]
    assert any(row[2:4] == [total["kohort"], total["ditempatkan"]] for row in rates_sheet)


def test_not_placed_matches_the_page(api, staff, data):
    body = api.get("/recaps/belum-magang", tahun=YEAR).json()
    page = _page(staff, "rekap:recap_belum_magang", tahun=YEAR)["page"]
    shown = {m.nim: m.menunggu_hari for m in page.object_list}
    assert body["jumlah"] == page.paginator.count == 2
    assert {i["nim"]: i["menunggu_hari"] for i in body["items"]} == shown


def test_bad_recap_filters_are_400(api):
    response = api.get("/recaps/penerimaan", dari="2024-09-01")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "half_period"
