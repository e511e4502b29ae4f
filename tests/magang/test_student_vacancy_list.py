"""The student's list of open vacancies: scope, search, city filter, paging."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from magang.selectors import CITIES_SECONDS
from tests.factories import LowonganFactory, MahasiswaFactory
from tests.support.applications import submit
from tests.support.pages import page_text, user_of

pytestmark = pytest.mark.django_db
URL = reverse("magang:vacancy_list")


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["outsider", "coordinator_x", "staff"])
def test_other_roles_are_refused(client, request, who):
    client.force_login(user_of(request, who))
    assert client.get(URL).status_code == 403


def test_it_lists_the_open_vacancies_of_the_students_programme(
    client, student_a, lowongan, lowongan_y
):
    client.force_login(student_a.user)
    text = page_text(client.get(URL))
    assert "Pengembang Web Magang" in text
    assert "PT Batam Presisi Elektronik" in text
    assert "Batam" in text
    assert "Asisten Akuntan" not in text  # prodi Y only


def test_it_shows_period_closing_date_and_places_left(client, student_a, lowongan):
    submit(MahasiswaFactory(prodi=student_a.prodi), lowongan=lowongan)
    client.force_login(student_a.user)
    text = page_text(client.get(URL))
    assert _("Apply by %(date)s") % {"date": date_format(lowongan.batas_daftar, "j M Y")} in text
    assert date_format(lowongan.mulai, "j M Y") in text
    assert date_format(lowongan.selesai, "j M Y") in text
    places = ngettext("%(n)s of %(total)s place left", "%(n)s of %(total)s places left", 1)
    assert places % {"n": 1, "total": 2} in text


def test_it_hides_closed_inactive_and_full_vacancies(client, student_a, prodi_x):
    today = timezone.localdate()
    LowonganFactory(posisi="Sudah Tutup", prodi=[prodi_x], batas_daftar=today.replace(year=2020))
    LowonganFactory(posisi="Tidak Aktif", prodi=[prodi_x], aktif=False)
    full = LowonganFactory(posisi="Sudah Penuh", prodi=[prodi_x], kuota=1)
    submit(MahasiswaFactory(prodi=prodi_x), lowongan=full)
    client.force_login(student_a.user)
    text = page_text(client.get(URL))
    for posisi in ("Sudah Tutup", "Tidak Aktif", "Sudah Penuh"):
        assert posisi not in text


def test_it_searches_by_position_and_company(client, student_a, prodi_x):
    LowonganFactory(posisi="Teknisi Jaringan", prodi=[prodi_x])
    LowonganFactory(posisi="Desainer Grafis", perusahaan__nama="PT Nongsa Digital", prodi=[prodi_x])
    client.force_login(student_a.user)
    text = page_text(client.get(URL, {"q": "jaringan"}))
    assert "Teknisi Jaringan" in text
    assert "Desainer Grafis" not in text
    text = page_text(client.get(URL, {"q": "nongsa"}))
    assert "Desainer Grafis" in text
    assert "Teknisi Jaringan" not in text


def test_it_filters_by_city(client, student_a, prodi_x):
    LowonganFactory(posisi="Di Batam", perusahaan__kota="Batam", prodi=[prodi_x])
    LowonganFactory(posisi="Di Tanjungpinang", perusahaan__kota="Tanjungpinang", prodi=[prodi_x])
    client.force_login(student_a.user)
    response = client.get(URL, {"kota": "Tanjungpinang"})
    text = page_text(response)
    assert "Di Tanjungpinang" in text
    assert "Di Batam" not in text
    assert '<option value="Tanjungpinang" selected>' in response.content.decode()


def test_the_next_page_keeps_the_search(client, student_a, prodi_x):
    LowonganFactory.create_batch(15, posisi="Operator Produksi", prodi=[prodi_x])
    client.force_login(student_a.user)
    content = client.get(URL, {"q": "operator"}).content.decode()
    assert "q=operator" in content
    assert "page=2" in content
    second = page_text(client.get(URL, {"q": "operator", "page": 2}))
    assert "Operator Produksi" in second


def test_a_blocked_student_sees_the_block_above_the_list(client, student_a, lowongan):
    pendaftaran = submit(student_a, lowongan=lowongan)
    client.force_login(student_a.user)
    text = page_text(client.get(URL))
    assert pendaftaran.perusahaan.nama in text
    assert reverse("magang:detail", args=[pendaftaran.pk]) in client.get(URL).content.decode()


def test_the_number_of_queries_does_not_grow_with_vacancies(
    client, student_a, prodi_x, django_assert_max_num_queries
):
    LowonganFactory.create_batch(3, prodi=[prodi_x])
    client.force_login(student_a.user)
    with django_assert_max_num_queries(15) as few:
        assert client.get(URL).status_code == 200
    LowonganFactory.create_batch(27, prodi=[prodi_x])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).status_code == 200


def test_a_card_rendered_once_still_shows_the_places_left_now(client, student_a, lowongan):
    client.force_login(student_a.user)
    places = ngettext("%(n)s of %(total)s place left", "%(n)s of %(total)s places left", 2)
    assert places % {"n": 2, "total": 2} in page_text(client.get(URL))
    submit(MahasiswaFactory(prodi=student_a.prodi), lowongan=lowongan)
    place = ngettext("%(n)s of %(total)s place left", "%(n)s of %(total)s places left", 1)
    assert place % {"n": 1, "total": 2} in page_text(client.get(URL))


def test_an_edited_vacancy_shows_at_once(client, student_a, lowongan):
    client.force_login(student_a.user)
    assert "Pengembang Web Magang" in page_text(client.get(URL))
    lowongan.posisi = "Pengembang Seluler Magang"
    lowongan.save()
    text = page_text(client.get(URL))
    assert "Pengembang Seluler Magang" in text
    assert "Pengembang Web Magang" not in text


def test_cards_follow_the_chosen_language(client, student_a, lowongan, settings):
    client.force_login(student_a.user)
    client.get(URL)  # rendered in Indonesian first
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = page_text(client.get(URL))
    assert "Apply by" in text


def test_a_new_city_joins_the_filter_within_a_minute(client, student_a, prodi_x):
    LowonganFactory(perusahaan__kota="Batam", prodi=[prodi_x])
    client.force_login(student_a.user)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert ">Batam</option>" in client.get(URL).content.decode()
        LowonganFactory(perusahaan__kota="Tanjungpinang", prodi=[prodi_x])
        clock.shift(CITIES_SECONDS + 1)
        assert ">Tanjungpinang</option>" in client.get(URL).content.decode()
