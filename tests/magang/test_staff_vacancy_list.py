"""The staff list of partner vacancies: magang:staff_vacancy_list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext

from tests.factories import LowonganFactory
from tests.support.applications import submit
from tests.support.cast import NOT_STAFF
from tests.support.pages import user_of

pytestmark = pytest.mark.django_db
URL = reverse("magang:staff_vacancy_list")


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", NOT_STAFF)
def test_only_staff_open_it(client, request, who):
    client.force_login(user_of(request, who))
    assert client.get(URL).status_code == 403


def test_it_shows_filled_places_and_programmes(client, staff, lowongan, student_a, prodi_x):
    submit(student_a, lowongan=lowongan)
    client.force_login(staff)
    content = client.get(URL).content.decode()
    assert "Pengembang Web Magang" in content
    assert "PT Batam Presisi Elektronik" in content
    assert "1 / 2" in content
    assert prodi_x.kode in content
    assert pgettext("vacancy state", "open") in content
    assert reverse("magang:staff_vacancy_edit", args=[lowongan.pk]) in content


def test_it_tells_closed_full_and_inactive_vacancies_apart(client, staff, prodi_x):
    today = timezone.localdate()
    LowonganFactory(posisi="Lowongan Lewat", prodi=[prodi_x], batas_daftar=today - dt.timedelta(1))
    LowonganFactory(posisi="Lowongan Mati", prodi=[prodi_x], aktif=False)
    client.force_login(staff)
    content = client.get(URL).content.decode()
    assert pgettext("vacancy state", "closed") in content
    assert pgettext("vacancy state", "inactive") in content


def test_a_vacancy_with_every_place_taken_is_full(client, staff, lowongan, student_a, prodi_x):
    from tests.factories import MahasiswaFactory

    submit(student_a, lowongan=lowongan)
    submit(MahasiswaFactory(prodi=prodi_x), lowongan=lowongan)
    client.force_login(staff)
    content = client.get(URL).content.decode()
    assert "2 / 2" in content
    assert pgettext("vacancy state", "full") in content


def test_it_searches_by_company(client, staff, lowongan, lowongan_y):
    client.force_login(staff)
    content = client.get(URL, {"q": "akuntan bersama"}).content.decode()
    assert "Asisten Akuntan" in content
    assert "Pengembang Web Magang" not in content


def test_the_menu_links_the_staff_pages(client, staff):
    client.force_login(staff)
    content = client.get(URL).content.decode()
    for name in ["staff_vacancy_list", "staff_application_list", "staff_replies"]:
        assert f'href="{reverse("magang:" + name)}"' in content


def test_the_page_queries_do_not_grow_with_vacancies(
    client, staff, prodi_x, django_assert_max_num_queries
):
    client.force_login(staff)
    LowonganFactory.create_batch(2, prodi=[prodi_x])
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    LowonganFactory.create_batch(20, prodi=[prodi_x])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
