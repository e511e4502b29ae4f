"""STUDENT_PASSWORD_SIGN_IN off: students sign in with their campus
account only; staff and lecturers keep their passwords."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def with_passwords(student_a, coordinator_x, staff, password):
    for user in (student_a.user, coordinator_x.user, staff):
        user.set_password(password)
        user.save()


def test_with_the_default_a_student_signs_in_with_a_password(
    client, student_a, with_passwords, password
):
    response = sign_in(client, student_a.nim, password)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_turned_off_a_student_password_is_refused_like_a_wrong_one(
    client, settings, student_a, with_passwords, password
):
    settings.STUDENT_PASSWORD_SIGN_IN = False
    response = sign_in(client, student_a.nim, password)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Mahasiswa masuk hanya dengan akun kampus." in response.text


def test_turned_off_staff_and_lecturers_still_sign_in_with_passwords(
    client, settings, coordinator_x, staff, with_passwords, password
):
    settings.STUDENT_PASSWORD_SIGN_IN = False
    for user in (coordinator_x.user, staff):
        client.logout()
        assert sign_in(client, user.email, password).status_code == 302


def test_turned_off_no_password_link_goes_to_a_student(
    client, settings, student_a, coordinator_x, with_passwords, django_capture_on_commit_callbacks
):
    settings.STUDENT_PASSWORD_SIGN_IN = False
    with django_capture_on_commit_callbacks(execute=True):
        for email in (student_a.user.email, coordinator_x.user.email):
            client.post(reverse("password_reset"), {"email": email})
    assert [m.to for m in mail.outbox] == [[coordinator_x.user.email]]


def test_the_sign_in_intro_names_the_nim_only_while_students_have_passwords(client, settings):
    assert "NIM" in client.get(reverse("login")).text
    settings.STUDENT_PASSWORD_SIGN_IN = False
    page = client.get(reverse("login")).text
    assert "NIM" not in page
    assert "Staf dan dosen: e-mail." in page
