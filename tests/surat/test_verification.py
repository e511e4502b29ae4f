"""The public verification page: a reader of the paper letter types its code
(any case, with or without the dash) at /verifikasi/, or opens the short
address /v/<code> or the QR code; older letters still verify by the code
printed then; a wrong code gets one neutral answer; masked NIM, VALID or
VOIDED; limits per code and per client address."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse

from surat import limits
from surat.letters import codes, render, services
from surat.models import Surat
from tests.support.clock import WIB
from tests.support.letters import issue, pdf_text
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


def _typed_forms(code):
    """K7QM3XPA as people type it: grouped, lower case, spaced, bare."""
    grouped = codes.grouped(code)
    return [grouped, grouped.lower(), code, code.lower(), grouped.replace("-", " "), f" {code} "]


def test_a_letter_gets_a_code_of_the_unambiguous_alphabet(letter_a):
    assert re.fullmatch(r"[2-9A-HJKMNP-TV-Z]{8}", letter_a.kode)
    assert not set("01OILU") & set(letter_a.kode)
    assert letter_a.kode_verifikasi == f"{letter_a.kode[:4]}-{letter_a.kode[4:]}"


def test_the_database_refuses_a_code_outside_the_alphabet_or_twice(letter_a, pendaftaran_b, staff):
    other = issue([pendaftaran_b], staff)
    with pytest.raises(IntegrityError):
        Surat.objects.filter(pk=other.pk).update(kode=letter_a.kode)


def test_the_database_refuses_a_code_with_a_lookalike(letter_a):
    with pytest.raises(IntegrityError):
        Surat.objects.filter(pk=letter_a.pk).update(kode="K7QM0XPA")


def test_the_printed_code_typed_in_any_form_opens_the_letter(client, letter_a):
    for typed in _typed_forms(letter_a.kode):
        response = client.get(reverse("verify_form"), {"kode": typed})
        assert response.status_code == 200, typed
        assert response.context["surat"] == letter_a
        assert letter_a.nomor in page_text(response)


def test_the_code_in_the_address_opens_the_letter_too(client, letter_a):
    grouped = codes.grouped(letter_a.kode)
    for url in [
        reverse("verify", args=[grouped.lower()]),
        f"/v/{grouped}",
        f"/v/{letter_a.kode.lower()}",
        f"/v/{grouped}/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["surat"] == letter_a


def test_the_letter_prints_the_short_address_and_its_qr_opens_it(client, letter_a, settings):
    flat = re.sub(r"\s+", " ", pdf_text(letter_a)[0])
    host = settings.SITE_URL.split("//", 1)[1]
    grouped = codes.grouped(letter_a.kode)

    assert f"Kode verifikasi: {grouped}" in flat
    assert f"{host}/v/{grouped}" in flat.replace(" /", "/")
    # The QR code carries the same address (the e-mail names it too).
    assert render.verification_url(letter_a) == f"{settings.SITE_URL}/v/{grouped}"
    assert client.get(f"/v/{grouped}").context["surat"] == letter_a


def test_the_form_asks_for_the_code_in_indonesian(client):
    response = client.get(reverse("verify_form"))

    assert response.status_code == 200
    text = page_text(response)
    assert "Ketik kode verifikasi" in text
    assert 'name="kode"' in response.content.decode()
    assert "Ketik kode yang tercetak" in page_text(
        client.get(reverse("verify_form"), {"kode": " "})
    )


def test_a_letter_issued_before_still_verifies_by_the_code_it_printed(client, letter_a):
    # What migration surat 0012 keeps: letters printed the token's first ten characters.
    Surat.objects.filter(pk=letter_a.pk).update(kode_lama=letter_a.token[:10])
    letter_a.refresh_from_db()

    response = client.get(reverse("verify_form"), {"kode": letter_a.token[:10]})
    assert response.context["surat"] == letter_a
    # The page shows the code as that paper prints it, and the old QR's token still opens it.
    assert letter_a.token[:10] in page_text(response)
    assert client.get(reverse("verify", args=[letter_a.token])).context["surat"] == letter_a


def test_anyone_sees_a_valid_letter_with_the_nim_masked(client, letter_a):
    response = client.get(f"/v/{codes.grouped(letter_a.kode)}")

    assert response.status_code == 200
    text = page_text(response)
    assert letter_a.nomor in text
    assert "PT Batam Presisi Elektronik" in text
    assert "Ani Lestari" in text
    assert "3312****01" in text
    assert "3312501001" not in text


def test_a_voided_letter_shows_voided_with_its_date_but_not_the_reason(client, letter_a, staff):
    services.void_letter(surat=letter_a, by=staff, alasan="Rahasia internal")

    response = client.get(f"/v/{letter_a.kode}")

    content = response.content.decode()
    assert "Rahasia internal" not in content
    assert response.context["surat"].sah is False
    assert "alert-danger" in content and "alert-success" not in content


def _without_echo(response):
    """The page minus the form's echo of what was typed."""
    return re.sub(r'value="[^"]*"', "", response.content.decode())


def test_a_wrong_code_gets_one_neutral_answer_in_indonesian(client, letter_a):
    near = letter_a.kode[:-1] + ("2" if letter_a.kode[-1] != "2" else "3")  # one symbol off
    answers = {}
    for typed in [near, "ZZZZZZZZ", "K7QM-0XPA", "x" * 200, "'; select 1 --", "<b>", "-"]:
        response = client.get(reverse("verify_form"), {"kode": typed})
        assert response.status_code == 404, typed
        answers[typed] = _without_echo(response)
    assert len(set(answers.values())) == 1
    text = page_text(response)
    assert "Tidak ada surat dengan kode ini" in text
    assert letter_a.nomor not in text
    # The same in the address.
    response = client.get(f"/v/{near}")
    assert response.status_code == 404
    assert _without_echo(response) == answers[near]


def test_an_unknown_token_is_a_404(client, letter_a):
    response = client.get(reverse("verify", args=["tidak-ada-" + letter_a.token[:5]]))
    assert response.status_code == 404


@pytest.mark.usefixtures("clock_stopped")  # one rate-limit window throughout
def test_one_letter_is_limited_per_code_from_every_address(client, letter_a):
    url = f"/v/{letter_a.kode}"
    for n in range(limits.VERIFY.per_code_minute):
        assert client.get(url, REMOTE_ADDR=f"10.0.1.{n}").status_code == 200
    # However it is typed, from a new address too.
    response = client.get(url.lower(), REMOTE_ADDR="10.0.2.1")
    assert response.status_code == 429
    text = page_text(response)
    assert "Terlalu banyak permintaan" in text
    assert "Silakan coba lagi dalam" in text and "WIB" in text
    assert "hubungi unit magang" in text
    assert 0 < int(response["Retry-After"]) <= 61
    # Another letter's reader, at the same address, is not held up.
    assert (
        client.get(reverse("verify_form"), {"kode": "ZZZZZZZZ"}, REMOTE_ADDR="10.0.1.0").status_code
        == 404
    )


@pytest.mark.usefixtures("clock_stopped")  # one rate-limit window throughout
def test_an_office_behind_one_address_checks_many_letters(client, letter_a):
    # Colleagues checking different letters share the address budget, not one code's.
    for n in range(limits.VERIFY.per_ip_minute - 1):
        response = client.get(f"/v/ZZZZ{n:04d}", REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 404
    assert client.get(f"/v/{letter_a.kode}", REMOTE_ADDR="203.0.113.5").status_code == 200
    # Guessing beyond it from that address is refused; others go on.
    assert client.get("/v/ZZZZZZZZ", REMOTE_ADDR="203.0.113.5").status_code == 429
    assert client.get(f"/v/{letter_a.kode}", REMOTE_ADDR="203.0.113.6").status_code == 200


def _guess_past_a_daily_budget(client, monkeypatch):
    monkeypatch.setattr(
        limits,
        "VERIFY",
        limits.Budget("verifikasi", per_code_minute=10, per_ip_minute=60, per_ip_day=5),
    )
    for n in range(5):
        assert client.get(f"/v/ZZZZ{n:04d}", REMOTE_ADDR="10.0.0.9").status_code == 404
    response = client.get("/v/ZZZZ9999", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    return response


def test_an_address_has_a_daily_budget_against_slow_guessing(client, monkeypatch):
    # The day's window turns at 00:00 UTC, 07:00 WIB: from 10:00 WIB on a
    # Thursday that is tomorrow morning.
    with time_machine.travel(dt.datetime(2026, 12, 3, 10, 0, tzinfo=WIB), tick=False):
        response = _guess_past_a_daily_budget(client, monkeypatch)
    assert "Silakan coba lagi setelah pukul 07:00 WIB pada 4 Desember 2026" in page_text(response)
    assert int(response["Retry-After"]) == 21 * 60 * 60 + 1


def test_in_the_daily_windows_last_hour_the_wait_is_told_in_minutes(client, monkeypatch):
    with time_machine.travel(dt.datetime(2026, 12, 4, 6, 35, tzinfo=WIB), tick=False):
        response = _guess_past_a_daily_budget(client, monkeypatch)
    assert "Silakan coba lagi dalam 25 menit (setelah pukul 07:00 WIB)" in page_text(response)


@pytest.mark.usefixtures("clock_stopped")  # one rate-limit window throughout
def test_behind_the_proxy_the_limit_is_per_client_not_per_forged_header(client, settings):
    # PROXY_COUNT=1, gunicorn on a Unix socket: REMOTE_ADDR is empty and
    # nginx appended the client's address to whatever the client sent.
    settings.PROXY_COUNT = 1
    for n in range(limits.VERIFY.per_ip_minute):
        forwarded = f"10.8.8.{n}, 203.0.113.7"
        response = client.get(f"/v/ZZZZ{n:04d}", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=forwarded)
        assert response.status_code == 404
    forwarded = "10.8.8.200, 203.0.113.7"
    assert (
        client.get("/v/ZZZZ9999", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=forwarded).status_code == 429
    )
    assert (
        client.get("/v/ZZZZ9999", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code
        == 404
    )


def test_a_page_of_one_letter_takes_a_fixed_number_of_queries(
    client, letter_a, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the letter with its replacement, its students
        client.get(f"/v/{letter_a.kode}")
    with django_assert_num_queries(2):  # one lookup whatever was typed, the profile
        client.get("/v/not-a-code")
