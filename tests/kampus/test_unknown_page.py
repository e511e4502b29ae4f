"""The page a refused campus account lands on: Indonesian, a 403, and it
says what the campus told us so the person can quote it."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from kampus.identity import CampusIdentity, refuse

pytestmark = pytest.mark.django_db


def test_it_explains_in_indonesian_and_shows_what_the_campus_said(client):
    session = client.session
    request = RequestFactory().get("/")
    request.session = session
    refuse(
        request,
        CampusIdentity(source="oidc", subject="x", nim="3312599999", email="a@kampus.ac.id"),
    )
    session.save()
    response = client.get(reverse("kampus:unknown"))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Akun kampus Anda tidak dikenal di sini" in text
    assert "3312599999" in text and "a@kampus.ac.id" in text
    assert "_auth_user_id" not in client.session


def test_opened_directly_it_still_explains(client):
    response = client.get(reverse("kampus:unknown"))
    assert response.status_code == 403
    assert "Kembali ke halaman masuk" in response.content.decode()
