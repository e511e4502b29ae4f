"""Posting a partner vacancy: magang:staff_vacancy_create."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from magang.models import Lowongan
from tests.factories import PerusahaanFactory, ProgramStudiFactory
from tests.support.cast import NOT_STAFF
from tests.support.pages import messages_of, user_of

pytestmark = pytest.mark.django_db
URL = reverse("magang:staff_vacancy_create")


@pytest.fixture
def data(prodi_x, prodi_y):
    today = timezone.localdate()
    return {
        "perusahaan": PerusahaanFactory(nama="PT Nongsa Digital Kreasi").pk,
        "posisi": "Animator Magang",
        "deskripsi": "Membantu produksi animasi.",
        "persyaratan": "Semester 5.",
        "prodi": [prodi_x.pk, prodi_y.pk],
        "kuota": 4,
        "mulai": today + dt.timedelta(days=40),
        "selesai": today + dt.timedelta(days=160),
        "batas_daftar": today + dt.timedelta(days=20),
        "aktif": "on",
    }


def errors_of(response):
    return [e for errors in response.context["form"].errors.values() for e in errors]


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", NOT_STAFF)
def test_only_staff_post_vacancies(client, request, who, data):
    client.force_login(user_of(request, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, data).status_code == 403
    assert not Lowongan.objects.exists()


def test_the_form_groups_programmes_by_department(client, staff, prodi_x, prodi_y):
    client.force_login(staff)
    content = client.get(URL).content.decode()
    assert "Teknik Informatika" in content  # prodi_x's department
    assert "Manajemen Bisnis" in content  # prodi_y's department
    assert f'value="{prodi_y.pk}"' in content
    assert 'for="id_posisi"' in content


def test_programmes_without_internships_are_not_offered(client, staff, prodi_x):
    other = ProgramStudiFactory(kode="MTK", nama="Magister Terapan", ikut_magang=False)
    client.force_login(staff)
    content = client.get(URL).content.decode()
    assert f'value="{other.pk}"' not in content


def test_it_posts_the_vacancy(client, staff, data, prodi_x, prodi_y):
    client.force_login(staff)
    response = client.post(URL, data)
    assert response.status_code == 302
    assert response.url == reverse("magang:staff_vacancy_list")
    assert messages_of(response) == [gettext("The vacancy is posted.")]
    lowongan = Lowongan.objects.get()
    assert lowongan.posisi == "Animator Magang"
    assert lowongan.dibuat_oleh == staff
    assert set(lowongan.prodi.all()) == {prodi_x, prodi_y}
    assert lowongan.aktif


def test_the_internship_must_end_after_it_starts(client, staff, data):
    client.force_login(staff)
    data["selesai"] = data["mulai"] - dt.timedelta(days=1)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert gettext("The internship must end after it starts.") in errors_of(response)
    assert not Lowongan.objects.exists()


def test_the_closing_date_cannot_be_after_the_start(client, staff, data):
    client.force_login(staff)
    data["batas_daftar"] = data["mulai"] + dt.timedelta(days=1)
    response = client.post(URL, data)
    assert gettext(
        "The closing date must be on or before the day the internship starts."
    ) in errors_of(response)
    assert not Lowongan.objects.exists()


def test_the_closing_date_cannot_be_in_the_past(client, staff, data):
    client.force_login(staff)
    data["batas_daftar"] = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(URL, data)
    assert gettext("The closing date cannot be in the past.") in errors_of(response)
    assert not Lowongan.objects.exists()


def test_it_needs_a_programme_and_at_least_one_place(client, staff, data):
    client.force_login(staff)
    data["prodi"] = []
    data["kuota"] = 0
    response = client.post(URL, data)
    errors = response.context["form"].errors
    assert gettext("Choose at least one study programme.") in errors["prodi"]
    assert "kuota" in errors
    assert not Lowongan.objects.exists()
