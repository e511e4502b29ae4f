"""The staff list of every application, with filters: magang:staff_application_list."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from magang.models import Jalur, Pendaftaran
from tests.factories import MahasiswaFactory, PerusahaanFactory
from tests.support.applications import make_application
from tests.support.cast import NOT_STAFF
from tests.support.pages import user_of

pytestmark = pytest.mark.django_db
URL = reverse("magang:staff_application_list")
WIB = ZoneInfo("Asia/Jakarta")
Status = Pendaftaran.Status


def rows(response):
    return list(response.context["page"].object_list)


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", NOT_STAFF + ["coordinator_y"])
def test_only_staff_see_every_application(client, request, who, pendaftaran_a):
    client.force_login(user_of(request, who))
    assert client.get(URL).status_code == 403


def test_it_lists_state_submission_and_block_lift(client, staff, pendaftaran_a, pendaftaran_b):
    client.force_login(staff)
    response = client.get(URL)
    content = response.content.decode()
    assert set(rows(response)) == {pendaftaran_a, pendaftaran_b}
    assert "Ani Lestari" in content and "4312501002" in content
    assert str(pendaftaran_a.get_status_display()) in content
    assert f'datetime="{pendaftaran_a.diajukan_pada.astimezone(WIB):%Y-%m-%dT%H:%M:%S}' in content
    assert f'datetime="{pendaftaran_a.batas_jawaban.astimezone(WIB):%Y-%m-%dT%H:%M:%S}' in content
    assert reverse("magang:detail", args=[pendaftaran_a.pk]) in content
    assert reverse("magang:student_timeline", args=[pendaftaran_a.mahasiswa_id]) in content


def test_it_filters_by_state(client, staff, student_a, student_b):
    accepted = make_application(student_a, status=Status.DITERIMA)
    make_application(student_b, status=Status.DITOLAK)
    client.force_login(staff)
    assert rows(client.get(URL, {"status": "diterima"})) == [accepted]


def test_it_filters_by_department_and_programme(client, staff, student_a, student_b, prodi_y):
    a = make_application(student_a)
    b = make_application(student_b)
    client.force_login(staff)
    assert rows(client.get(URL, {"jurusan": prodi_y.jurusan_id})) == [b]
    assert rows(client.get(URL, {"prodi": student_a.prodi_id})) == [a]


def test_it_filters_by_track_and_company(client, staff, pendaftaran_a, student_b):
    mandiri = make_application(student_b, perusahaan=PerusahaanFactory(nama="PT Kabil Energi"))
    client.force_login(staff)
    assert rows(client.get(URL, {"jalur": Jalur.KERJASAMA})) == [pendaftaran_a]
    assert rows(client.get(URL, {"jalur": Jalur.MANDIRI})) == [mandiri]
    assert rows(client.get(URL, {"perusahaan": "kabil"})) == [mandiri]


def test_it_filters_by_submission_days_in_wib(client, staff, student_a, student_b):
    # 1 Nov 23:30 WIB is still 1 Nov in Batam, though already 16:30 UTC.
    late_night = make_application(student_a, submitted=dt.datetime(2026, 11, 1, 23, 30, tzinfo=WIB))
    next_day = make_application(student_b, submitted=dt.datetime(2026, 11, 2, 0, 30, tzinfo=WIB))
    client.force_login(staff)
    assert rows(client.get(URL, {"dari": "2026-11-01", "sampai": "2026-11-01"})) == [late_night]
    assert rows(client.get(URL, {"dari": "2026-11-02"})) == [next_day]


def test_it_searches_by_nim_or_name(client, staff, student_a, student_b):
    a = make_application(student_a)
    b = make_application(student_b)
    client.force_login(staff)
    assert rows(client.get(URL, {"q": "33125"})) == [a]
    assert rows(client.get(URL, {"q": "budi"})) == [b]


def test_a_period_that_ends_before_it_starts_is_explained(client, staff, pendaftaran_a):
    client.force_login(staff)
    response = client.get(URL, {"dari": "2026-11-05", "sampai": "2026-11-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["sampai"]


def test_the_next_page_keeps_the_filters(client, staff, prodi_x):
    for _ in range(30):
        make_application(MahasiswaFactory(prodi=prodi_x), status=Status.DITOLAK)
    client.force_login(staff)
    content = client.get(URL, {"status": "ditolak"}).content.decode()
    assert "?status=ditolak&amp;page=2" in content


def test_queries_do_not_grow_with_applications(
    client, staff, prodi_x, prodi_y, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            make_application(MahasiswaFactory(prodi=prodi_x if i % 2 else prodi_y))

    client.force_login(staff)
    add(5)
    with django_assert_max_num_queries(20) as few:
        assert client.get(URL).status_code == 200
    add(45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL, {"page": 2, "status": "ditolak"}).status_code == 200
