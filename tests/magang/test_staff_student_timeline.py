"""One student's applications and timeline: magang:student_timeline."""

import pytest
from django.urls import reverse

from magang.models import Peristiwa
from tests.support.pages import user_of

pytestmark = pytest.mark.django_db


def url(mahasiswa):
    return reverse("magang:student_timeline", args=[mahasiswa.pk])


def test_anonymous_is_sent_to_sign_in(client, student_a):
    response = client.get(url(student_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["student_a", "student_b", "outsider"])
def test_students_and_outsiders_are_refused(client, request, who, student_a):
    client.force_login(user_of(request, who))
    assert client.get(url(student_a)).status_code == 403


def test_a_coordinator_of_another_programme_gets_404(client, coordinator_y, student_a):
    client.force_login(coordinator_y.user)
    assert client.get(url(student_a)).status_code == 404


def test_the_coordinator_of_the_programme_sees_it(client, coordinator_x, pendaftaran_a):
    client.force_login(coordinator_x.user)
    response = client.get(url(pendaftaran_a.mahasiswa))
    assert response.status_code == 200
    assert "PT Batam Presisi Elektronik" in response.content.decode()


def test_staff_see_any_student(client, staff, student_a, student_b):
    client.force_login(staff)
    assert client.get(url(student_a)).status_code == 200
    assert client.get(url(student_b)).status_code == 200


def test_an_unknown_student_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("magang:student_timeline", args=[999999])).status_code == 404


def test_it_shows_every_application_and_one_timeline(client, staff, pendaftaran_a, student_a):
    from magang import answers

    answers.record_answer(pendaftaran=pendaftaran_a, hasil="ditolak", by=staff)
    client.force_login(staff)
    response = client.get(url(student_a))
    content = response.content.decode()
    assert "Ani Lestari" in content and "3312501001" in content
    assert list(response.context["applications"]) == [pendaftaran_a]
    kinds = [e.jenis for e in response.context["events"]]
    assert kinds == [Peristiwa.Jenis.DIAJUKAN, Peristiwa.Jenis.DITOLAK]
    assert staff.nama in content  # who did it
    assert reverse("magang:detail", args=[pendaftaran_a.pk]) in content


def test_it_shows_nothing_of_other_students(client, staff, pendaftaran_a, pendaftaran_b):
    client.force_login(staff)
    content = client.get(url(pendaftaran_a.mahasiswa)).content.decode()
    assert "PT Akuntan Bersama" not in content
