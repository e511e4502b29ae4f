"""The company pages of the register: list, detail, and proposing a
self-found company as a partner."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from magang.models import Jalur
from rekap.models import Kerjasama
from tests.factories import PerusahaanFactory
from tests.support.partners import accepted, feedback, question, signed

pytestmark = pytest.mark.django_db


def _pages(perusahaan):
    return [
        ("get", reverse("rekap:perusahaan_list")),
        ("get", reverse("rekap:perusahaan_detail", args=[perusahaan.pk])),
        ("post", reverse("rekap:perusahaan_propose", args=[perusahaan.pk])),
    ]


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_others_get_403(request, client, who, mandiri_company):
    person = request.getfixturevalue(who)
    client.force_login(getattr(person, "user", person))
    for method, url in _pages(mandiri_company):
        assert getattr(client, method)(url).status_code == 403, url
    assert not Kerjasama.objects.exists()


def test_anonymous_goes_to_sign_in(client, mandiri_company):
    for method, url in _pages(mandiri_company):
        assert getattr(client, method)(url).status_code == 302


def test_the_list_searches_by_name_or_city(client, staff, mandiri_company):
    PerusahaanFactory(nama="CV Tanjungpinang Maju", kota="Tanjungpinang")
    client.force_login(staff)
    page = client.get(reverse("rekap:perusahaan_list"), {"q": "mandiri"}).context["page"]
    assert [(p.nama, p.diterima) for p in page] == [("PT Mandiri Jaya", 1)]
    page = client.get(reverse("rekap:perusahaan_list"), {"q": "tanjungpinang"}).context["page"]
    assert [p.nama for p in page] == ["CV Tanjungpinang Maju"]


def test_the_list_query_count_does_not_grow(client, staff, student_a):
    client.force_login(staff)
    accepted(student_a, PerusahaanFactory())
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("rekap:perusahaan_list"))
    for _ in range(9):
        accepted(student_a, PerusahaanFactory())
    with CaptureQueriesContext(connection) as ten:
        client.get(reverse("rekap:perusahaan_list"))
    assert len(ten) == len(one)


def test_the_detail_shows_applications_partnerships_and_feedback(
    client, staff, mandiri_company, student_b, jurusan
):
    accepted(student_b, mandiri_company, jalur=Jalur.KERJASAMA)
    q1 = question("Kedisiplinan", 1)
    feedback(mandiri_company, [student_b], {q1: 3}, by=staff, komentar="Baik")
    client.force_login(staff)
    response = client.get(reverse("rekap:perusahaan_detail", args=[mandiri_company.pk]))
    assert response.status_code == 200
    # The feedback helper adds one more accepted mandiri application for student_b.
    rows = {(r["tahun"], r["jalur"]): r["jumlah"] for r in response.context["accepted"]}
    assert rows == {(2026, "mandiri"): 2, (2026, "kerjasama"): 1}
    assert response.context["feedback"] == {"responses": 1, "mean": 3}
    assert response.context["can_propose"]
    assert (
        reverse("rekap:perusahaan_propose", args=[mandiri_company.pk]).encode() in response.content
    )


def test_staff_propose_a_mandiri_company(client, staff, mandiri_company, jurusan):
    client.force_login(staff)
    response = client.post(reverse("rekap:perusahaan_propose", args=[mandiri_company.pk]))
    kerjasama = Kerjasama.objects.get()
    assert response["Location"] == reverse("rekap:kerjasama_edit", args=[kerjasama.pk])
    assert kerjasama.status == "usulan"
    assert list(kerjasama.jurusan.all()) == [jurusan]


def test_a_company_with_a_partnership_is_not_proposed_again(
    client, staff, mandiri_company, jurusan
):
    signed(staff, [jurusan], perusahaan=mandiri_company)
    client.force_login(staff)
    detail = client.get(reverse("rekap:perusahaan_detail", args=[mandiri_company.pk]))
    assert not detail.context["can_propose"]
    response = client.post(reverse("rekap:perusahaan_propose", args=[mandiri_company.pk]))
    assert response["Location"] == reverse("rekap:perusahaan_detail", args=[mandiri_company.pk])
    assert Kerjasama.objects.count() == 1


def test_get_does_not_propose(client, staff, mandiri_company):
    client.force_login(staff)
    assert (
        client.get(reverse("rekap:perusahaan_propose", args=[mandiri_company.pk])).status_code
        == 405
    )
    assert not Kerjasama.objects.exists()
