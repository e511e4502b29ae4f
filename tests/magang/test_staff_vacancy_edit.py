"""Changing a partner vacancy: magang:staff_vacancy_edit."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tests.factories import LowonganFactory, MahasiswaFactory, UserFactory
from tests.support.applications import submit
from tests.support.cast import NOT_STAFF
from tests.support.pages import messages_of, user_of

pytestmark = pytest.mark.django_db


def url(lowongan):
    return reverse("magang:staff_vacancy_edit", args=[lowongan.pk])


def data_of(lowongan, **changes):
    data = {
        "perusahaan": lowongan.perusahaan_id,
        "posisi": lowongan.posisi,
        "deskripsi": lowongan.deskripsi,
        "persyaratan": lowongan.persyaratan,
        "prodi": [p.pk for p in lowongan.prodi.all()],
        "kuota": lowongan.kuota,
        "mulai": lowongan.mulai,
        "selesai": lowongan.selesai,
        "batas_daftar": lowongan.batas_daftar,
        "aktif": "on" if lowongan.aktif else "",
    }
    data.update(changes)
    return data


def test_anonymous_is_sent_to_sign_in(client, lowongan):
    response = client.get(url(lowongan))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", NOT_STAFF)
def test_only_staff_change_vacancies(client, request, who, lowongan):
    client.force_login(user_of(request, who))
    assert client.get(url(lowongan)).status_code == 403
    assert client.post(url(lowongan), data_of(lowongan, posisi="Diubah")).status_code == 403
    lowongan.refresh_from_db()
    assert lowongan.posisi == "Pengembang Web Magang"


def test_an_unknown_vacancy_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("magang:staff_vacancy_edit", args=[999999])).status_code == 404


def test_it_shows_the_vacancy_with_its_filled_places(client, staff, lowongan, student_a):
    submit(student_a, lowongan=lowongan)
    client.force_login(staff)
    response = client.get(url(lowongan))
    assert response.status_code == 200
    assert 'value="Pengembang Web Magang"' in response.content.decode()
    assert response.context["lowongan"].terisi == 1


def test_it_saves_changes_and_keeps_the_author(client, staff, lowongan, prodi_y):
    author = lowongan.dibuat_oleh
    client.force_login(staff)
    response = client.post(
        url(lowongan), data_of(lowongan, posisi="Pengembang Backend", prodi=[prodi_y.pk], aktif="")
    )
    assert response.status_code == 302
    assert messages_of(response) == [gettext("The vacancy is saved.")]
    lowongan.refresh_from_db()
    assert lowongan.posisi == "Pengembang Backend"
    assert list(lowongan.prodi.all()) == [prodi_y]
    assert not lowongan.aktif
    assert lowongan.dibuat_oleh == author


def test_places_cannot_drop_below_the_students_holding_one(client, staff, lowongan, prodi_x):
    submit(MahasiswaFactory(prodi=prodi_x), lowongan=lowongan)
    submit(MahasiswaFactory(prodi=prodi_x), lowongan=lowongan)
    client.force_login(staff)
    response = client.post(url(lowongan), data_of(lowongan, kuota=1))
    assert response.status_code == 200
    message = gettext(
        "%(taken)d students already hold a place in this vacancy; the number "
        "of places cannot be lower."
    ) % {"taken": 2}
    assert message in response.context["form"].errors["kuota"]
    lowongan.refresh_from_db()
    assert lowongan.kuota == 2


def test_an_old_closing_date_may_stay_as_it_is(client, staff, prodi_x):
    today = timezone.localdate()
    old = LowonganFactory(
        prodi=[prodi_x],
        batas_daftar=today - dt.timedelta(days=10),
        dibuat_oleh=UserFactory(),
    )
    client.force_login(staff)
    response = client.post(url(old), data_of(old, posisi="Judul baru"))
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.posisi == "Judul baru"


def test_the_end_must_still_come_after_the_start(client, staff, lowongan):
    client.force_login(staff)
    response = client.post(url(lowongan), data_of(lowongan, selesai=lowongan.mulai))
    assert (
        gettext("The internship must end after it starts.")
        in response.context["form"].errors["selesai"]
    )
