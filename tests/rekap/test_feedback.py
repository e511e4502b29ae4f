"""Partner feedback results against hand-computed means, and pages whose
query count does not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rekap import feedback as results
from surat.models import NilaiUmpanBalik
from tests.factories import MahasiswaFactory, PerusahaanFactory
from tests.support.clock import WIB
from tests.support.partners import feedback, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(staff, student_a, student_b, prodi_x, prodi_y):
    """Two questions and three responses:
    R1  P1  TI (two TI students)  2026-10  q1=4 q2=3  "Bagus"
    R2  P1  TI + MB               2026-10  q1=2 q2=1
    R3  P2  MB                    2025-09  q1=3 q2=2
    """
    q1, q2 = question("Kedisiplinan mahasiswa", 1), question("Kemampuan teknis", 2)
    p1 = PerusahaanFactory(nama="PT Satu")
    p2 = PerusahaanFactory(nama="PT Dua")
    ti_2 = MahasiswaFactory(prodi=prodi_x)
    ti_3 = MahasiswaFactory(prodi=prodi_x)
    mb_2 = MahasiswaFactory(prodi=prodi_y)
    feedback(p1, [student_a, ti_2], {q1: 4, q2: 3}, by=staff, komentar="Bagus")
    feedback(p1, [ti_3, student_b], {q1: 2, q2: 1}, by=staff)
    feedback(
        p2,
        [mb_2],
        {q1: 3, q2: 2},
        by=staff,
        komentar="Perlu bekal K3",
        diisi_pada=dt.datetime(2025, 9, 1, 9, 0, tzinfo=WIB),
    )
    return {"p1": p1, "p2": p2, "ti": prodi_x.jurusan, "mb": prodi_y.jurusan}


def test_summary_and_means_per_question(data):
    found = results.responses()
    assert results.summary(found) == {"responses": 3, "mean": pytest.approx(15 / 6)}
    rows = [(r["teks"], r["n"], r["mean"]) for r in results.per_question(found)]
    assert rows == [
        ("Kedisiplinan mahasiswa", 3, pytest.approx(3.0)),
        ("Kemampuan teknis", 3, pytest.approx(2.0)),
    ]


def test_per_company(data):
    rows = [(r["nama"], r["responses"], r["mean"]) for r in results.by_company(results.responses())]
    assert rows == [("PT Dua", 1, pytest.approx(2.5)), ("PT Satu", 2, pytest.approx(2.5))]


def test_per_year_by_the_academic_year_of_the_answer(data):
    rows = [(r["tahun"], r["responses"], r["mean"]) for r in results.by_year(results.responses())]
    assert rows == [(2026, 2, pytest.approx(2.5)), (2025, 1, pytest.approx(2.5))]
    assert results.summary(results.responses(tahun=2025))["responses"] == 1


def test_per_department_counts_a_letter_once(data):
    rows = [(j.kode, j.responses, j.mean) for j in results.by_jurusan(results.responses())]
    # TI: R1 (two TI students, counted once) and R2 → 4,3,2,1; MB: R2, R3 → 2,1,3,2.
    assert rows == [("MB", 2, pytest.approx(2.0)), ("TI", 2, pytest.approx(2.5))]


def test_filter_by_department(data):
    found = results.responses(jurusan=data["mb"])
    assert results.summary(found) == {"responses": 2, "mean": pytest.approx(2.0)}
    assert [r["mean"] for r in results.per_question(found)] == [2.5, 1.5]


def test_filter_by_company(data):
    found = results.responses(perusahaan=data["p2"])
    assert results.summary(found) == {"responses": 1, "mean": pytest.approx(2.5)}
    assert [c.komentar for c in results.comments(found)] == ["Perlu bekal K3"]


def test_a_reworded_question_is_its_own_row(data):
    NilaiUmpanBalik.objects.filter(umpan_balik__perusahaan=data["p2"], nilai=3).update(
        teks="Disiplin (rumusan lama)"
    )
    rows = {r["teks"]: r["mean"] for r in results.per_question(results.responses())}
    assert rows["Disiplin (rumusan lama)"] == 3
    assert rows["Kedisiplinan mahasiswa"] == 3  # (4 + 2) / 2


def test_nothing_yet(db):
    found = results.responses()
    assert results.summary(found) == {"responses": 0, "mean": None}
    assert results.per_question(found) == []
    assert list(results.by_jurusan(found)) == []


# The page ---------------------------------------------------------------------

URL = reverse("rekap:umpan_balik")


def test_staff_see_the_results_and_the_questions_link(client, staff, data):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["summary"]["responses"] == 3
    assert reverse("admin:surat_pertanyaanumpanbalik_changelist").encode() in response.content
    response = client.get(URL, {"per": "jurusan", "jurusan": data["ti"].pk, "tahun": 2026})
    assert [j.kode for j in response.context["rows"]] == ["MB", "TI"]
    assert response.context["summary"]["responses"] == 2


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_others_get_403(request, client, who):
    person = request.getfixturevalue(who)
    client.force_login(getattr(person, "user", person))
    assert client.get(URL).status_code == 403


def test_anonymous_goes_to_sign_in(client, db):
    assert client.get(URL).status_code == 302


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("per", ["perusahaan", "jurusan", "tahun"])
def test_the_query_count_does_not_grow(client, staff, student_a, per):
    q1 = question("Kedisiplinan", 1)
    client.force_login(staff)
    feedback(PerusahaanFactory(), [student_a], {q1: 3}, by=staff, komentar="a")
    one = _queries(client, URL, {"per": per})
    for i in range(9):
        when = dt.datetime(2017 + i, 9, 1, tzinfo=WIB)  # ten years for "per year"
        feedback(PerusahaanFactory(), [student_a], {q1: 4}, by=staff, komentar="b", diisi_pada=when)
    assert _queries(client, URL, {"per": per}) == one
