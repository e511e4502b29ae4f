"""The outgoing-letter register (agenda surat keluar): every number of a
year in order, with kind, date, recipient, subject and status, as a page,
a workbook and a printable PDF, for staff."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from pkpk.models import Institusi
from rekap import agenda
from surat.letters import services
from surat.models import Jenis
from tests.factories import LowonganFactory, MahasiswaFactory
from tests.support.applications import submit
from tests.support.clock import at
from tests.support.letters import accept, issue

pytestmark = pytest.mark.django_db

URL = reverse("rekap:agenda_surat")


def applications(prodi, n, start=0):
    made = []
    for i in range(start, start + n):
        student = MahasiswaFactory(nim=f"33125030{i:02d}", prodi=prodi)
        made.append(submit(student, lowongan=LowonganFactory(prodi=[prodi])))
    return made


@pytest.fixture
def year_of_letters(prodi_x, staff):
    """2026: three application letters and a cover letter, and the second
    application letter voided and replaced: numbers 1..5 of both kinds."""
    profile = Institusi.load()
    profile.pola_nomor_surat = "{nomor:04d}/PL29/KM/{tahun}"
    profile.save()
    made = applications(prodi_x, 3)
    with at(2026, 4, 6, 9, 0):
        first = issue(made[:1], staff)
        accept(made[0], staff)
        issue(made[:1], staff, jenis=Jenis.PENGANTAR, penerima_jabatan="Direktur SDM")
        second = issue(made[1:2], staff)
        issue(made[2:3], staff)
    with at(2026, 4, 7, 9, 0):
        services.reissue_letter(surat=second, by=staff, alasan="Jabatan penerima salah")
    return first


def numbers_shown(response):
    html = response.content.decode()
    return [int(n) for n in re.findall(r'data-label="No\.">(\d+)</td>', html)]


def test_the_register_lists_every_number_of_the_year_in_order_with_no_gap(
    client, staff, year_of_letters
):
    with at(2026, 4, 8, 9, 0):
        client.force_login(staff)
        response = client.get(URL, {"tahun": 2026})
    assert response.status_code == 200
    assert numbers_shown(response) == [1, 2, 3, 4, 5]
    html = response.content.decode()
    assert html.index("0001/PL29/KM/2026") < html.index("0005/PL29/KM/2026")
    assert "Direktur SDM" in html and "Pengantar Mahasiswa Magang" in html


def test_a_voided_letter_shows_its_reason_and_links_its_replacement(client, staff, year_of_letters):
    with at(2026, 4, 8, 9, 0):
        client.force_login(staff)
        response = client.get(URL, {"tahun": 2026})
    html = response.content.decode()
    replaced = response.context["page"].object_list[2]
    assert replaced.urutan == 3 and not replaced.sah
    assert "Jabatan penerima salah" in html
    link = reverse("surat:detail", args=[replaced.pengganti_id])
    assert f'href="{link}">0005/PL29/KM/2026</a>' in html


def test_it_filters_by_year_and_kind(client, staff, year_of_letters, student_b, lowongan_y):
    pendaftaran_b = submit(student_b, lowongan=lowongan_y)
    with at(2027, 1, 4, 9, 0):
        issue([pendaftaran_b], staff)
    with at(2027, 1, 5, 9, 0):
        client.force_login(staff)
        this_year = client.get(URL)
        covers = client.get(URL, {"tahun": 2026, "jenis": Jenis.PENGANTAR})
        applications_2026 = client.get(URL, {"tahun": 2026, "jenis": Jenis.PERMOHONAN})
    assert numbers_shown(this_year) == [1]  # a new year, a new register
    assert numbers_shown(covers) == [2]
    assert numbers_shown(applications_2026) == [1, 3, 4, 5]
    assert '<option value="2026">2026</option>' in this_year.content.decode()


@pytest.mark.parametrize("query", [{"tahun": "abc"}, {"tahun": 1999}, {"jenis": "balasan"}])
def test_a_bad_year_or_kind_is_explained(client, staff, query):
    client.force_login(staff)
    for url in (URL, reverse("rekap:agenda_surat_excel"), reverse("rekap:agenda_surat_pdf")):
        response = client.get(url, query)
        assert response.status_code == 400
        assert "perbaiki tahun atau jenis" in response.content.decode()


def test_a_kind_with_its_own_pattern_is_listed_as_its_own_register(client, staff, pendaftaran_a):
    profile = Institusi.load()
    profile.pola_nomor_surat = "{nomor:04d}/PL29/KM/{tahun}"
    profile.pola_nomor_pengantar = "{nomor:04d}/PL29/PK/{tahun}"
    profile.save()
    issue([pendaftaran_a], staff)
    accept(pendaftaran_a, staff)
    issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR)
    client.force_login(staff)
    html = client.get(URL).content.decode()
    assert "Agenda {nomor:04d}/PL29/KM/{tahun}" in html
    assert "Agenda {nomor:04d}/PL29/PK/{tahun}" in html


def test_the_page_runs_the_same_queries_for_few_and_many_letters(client, staff, prodi_x):
    client.force_login(staff)

    def count_queries():
        client.get(URL)  # warm the session and the navigation's cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    made = applications(prodi_x, 14)
    for pendaftaran in made[:2]:
        issue([pendaftaran], staff)
    few = count_queries()
    for pendaftaran in made[2:]:
        issue([pendaftaran], staff)
    last = agenda.letters(tahun=timezone.localdate().year).last()
    services.void_letter(surat=last, by=staff, alasan="Salah")
    assert count_queries() == few


def test_the_register_is_in_the_staff_navigation(client, staff, coordinator_x):
    client.force_login(staff)
    assert f'href="{URL}"' in client.get(reverse("pkpk:staff_home")).content.decode()
    client.force_login(coordinator_x.user)
    assert f'href="{URL}"' not in client.get(reverse("pkpk:coordinator_home")).content.decode()


def test_the_workbook_has_every_number_with_real_dates_in_indonesian_and_prints_landscape(
    client, staff, year_of_letters
):
    with at(2026, 4, 8, 9, 0):
        client.force_login(staff)
        response = client.get(
            reverse("rekap:agenda_surat_excel"), {"tahun": 2026}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response["Content-Disposition"].endswith('agenda-surat-keluar-2026.xlsx"')
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows.index(
        ("No.", "Nomor surat", "Tanggal surat", "Jenis", "Penerima", "Hal", "Status")
    )
    data = [row for row in rows[header + 1 :] if isinstance(row[0], int)]
    assert [row[0] for row in data] == [1, 2, 3, 4, 5]
    assert data[0][1] == "0001/PL29/KM/2026"
    assert data[0][2] == dt.datetime(2026, 4, 6)  # a real date (openpyxl reads datetimes)
    assert ws.cell(row=header + 2, column=3).number_format == "dd-mm-yyyy"
    assert data[1][3] == "Surat pengantar magang"
    assert data[1][4].startswith("Direktur SDM, PT ")
    assert data[2][6] == "Dibatalkan: Jabatan penerima salah; diganti dengan 0005/PL29/KM/2026"
    assert data[0][6] == "Sah"
    assert "Agenda Surat Keluar" in rows[2][0]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${header + 1}:${header + 1}"  # the header row


def test_the_pdf_has_the_letterhead_a_title_block_and_every_number(client, staff, year_of_letters):
    profile = Institusi.load()
    with at(2026, 4, 8, 9, 30):
        client.force_login(staff)
        response = client.get(reverse("rekap:agenda_surat_pdf"), {"tahun": 2026})
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))
    assert profile.nama.upper() in text.upper()
    assert "AGENDA SURAT KELUAR" in text.upper() and "Tahun 2026" in text
    assert "Dibuat pada 08-04-2026 09:30 WIB oleh Staf PKPK" in text
    # Each row starts with its sequence, then its number.
    positions = [text.index(f"{n} {n:04d}/PL29/KM/2026") for n in range(1, 6)]
    assert positions == sorted(positions)
    assert "Dibatalkan: Jabatan penerima salah" in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape
