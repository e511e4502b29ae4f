"""The public verification page: no login, masked NIM, 404 for unknown
tokens, VALID or VOIDED, and a rate limit per client address."""

import pytest
from django.urls import reverse

from surat import services
from surat.views.letters import VERIFY_LIMIT_PER_MINUTE
from tests.magang.conftest import page_text

pytestmark = pytest.mark.django_db


def test_anyone_sees_a_valid_letter_with_the_nim_masked(client, letter_a):
    response = client.get(reverse("verify", args=[letter_a.token]))

    assert response.status_code == 200
    text = page_text(response)
    assert letter_a.nomor in text
    assert "PT Batam Presisi Elektronik" in text
    assert "Ani Lestari" in text
    assert "3312****01" in text
    assert "3312501001" not in text


def test_a_voided_letter_shows_voided_with_its_date_but_not_the_reason(client, letter_a, staff):
    services.void_letter(surat=letter_a, by=staff, alasan="Rahasia internal")

    response = client.get(reverse("verify", args=[letter_a.token]))

    content = response.content.decode()
    assert "Rahasia internal" not in content
    assert response.context["surat"].sah is False
    assert "alert-danger" in content and "alert-success" not in content


def test_an_unknown_token_is_a_plain_404(client, letter_a):
    response = client.get(reverse("verify", args=["tidak-ada-" + letter_a.token[:5]]))
    assert response.status_code == 404


def test_too_many_requests_from_one_address_get_429(client, letter_a):
    url = reverse("verify", args=[letter_a.token])
    for _ in range(VERIFY_LIMIT_PER_MINUTE):
        assert client.get(url, REMOTE_ADDR="10.0.0.7").status_code == 200

    assert client.get(url, REMOTE_ADDR="10.0.0.7").status_code == 429
    assert client.get(url, REMOTE_ADDR="10.0.0.8").status_code == 200


def test_behind_the_proxy_the_limit_is_per_client_not_per_forged_header(client, settings, letter_a):
    # PROXY_COUNT=1, gunicorn on a Unix socket: REMOTE_ADDR is empty and
    # nginx appended the client's address to whatever the client sent.
    settings.PROXY_COUNT = 1
    url = reverse("verify", args=[letter_a.token])
    for n in range(VERIFY_LIMIT_PER_MINUTE):
        forwarded = f"10.8.8.{n}, 203.0.113.7"
        assert client.get(url, REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=forwarded).status_code == 200
    forwarded = "10.8.8.200, 203.0.113.7"
    assert client.get(url, REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=forwarded).status_code == 429
    assert client.get(url, REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


def test_unknown_tokens_count_towards_the_limit_too(client):
    url = reverse("verify", args=["tebakan"])
    for _ in range(VERIFY_LIMIT_PER_MINUTE):
        assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 404
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 429
