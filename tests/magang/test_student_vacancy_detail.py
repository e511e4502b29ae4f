"""One vacancy as the student sees it: in scope, with the apply button or the block."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tests.factories import LowonganFactory, MahasiswaFactory
from tests.support.applications import submit
from tests.support.clock import at
from tests.support.pages import countdown, page_text, user_of

pytestmark = pytest.mark.django_db


def url(lowongan):
    return reverse("magang:vacancy_detail", args=[lowongan.pk])


def test_anonymous_is_sent_to_sign_in(client, lowongan):
    response = client.get(url(lowongan))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["outsider", "coordinator_x", "staff"])
def test_other_roles_are_refused(client, request, lowongan, who):
    client.force_login(user_of(request, who))
    assert client.get(url(lowongan)).status_code == 403


def test_it_shows_description_requirements_and_the_apply_button(client, student_a, lowongan):
    client.force_login(student_a.user)
    response = client.get(url(lowongan))
    text = page_text(response)
    assert lowongan.deskripsi in text
    assert lowongan.persyaratan in text
    assert _("Apply for this vacancy") in text
    assert reverse("magang:apply_vacancy", args=[lowongan.pk]) in response.content.decode()


def test_another_programmes_vacancy_is_not_found(client, student_a, lowongan_y):
    client.force_login(student_a.user)
    assert client.get(url(lowongan_y)).status_code == 404


def test_a_closed_vacancy_is_not_found(client, student_a, prodi_x):
    closed = LowonganFactory(prodi=[prodi_x], batas_daftar=timezone.localdate().replace(year=2020))
    client.force_login(student_a.user)
    assert client.get(url(closed)).status_code == 404


def test_a_full_vacancy_is_not_found(client, student_a, prodi_x):
    full = LowonganFactory(prodi=[prodi_x], kuota=1)
    submit(MahasiswaFactory(prodi=prodi_x), lowongan=full)
    client.force_login(student_a.user)
    assert client.get(url(full)).status_code == 404


def test_a_blocked_student_sees_the_date_and_countdown_instead_of_the_button(
    client, student_a, prodi_x, lowongan
):
    other = LowonganFactory(prodi=[prodi_x], batas_daftar=timezone.localdate().replace(year=2027))
    with at(2026, 11, 2, 10, 0):  # Monday
        submit(student_a, lowongan=lowongan)
        client.force_login(student_a.user)
        text = page_text(client.get(url(other)))
    assert "17 November 2026" in text
    assert _("Apply for this vacancy") not in text
    assert countdown(days=15, working_days=10) in text
