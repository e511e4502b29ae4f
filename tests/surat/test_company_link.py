"""The company's signed link: it opens its own letter and nothing else, expires
after COMPANY_LINK_DAYS with a friendly page, is printed on the letter, and
says so when the letter was voided."""

import datetime as dt
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext

from pkpk.models import Institusi
from surat import limits
from surat.company import links as company_links
from surat.letters import codes, services
from surat.models import TautanPerusahaan
from tests.support.clock import at
from tests.support.letters import issue, pdf_text
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


def _path(url):
    return url.removeprefix(company_links.settings.SITE_URL)


def test_a_link_reads_back_as_its_letter(letter_a):
    url = company_links.make_link(letter_a)
    token = url.rstrip("/").rsplit("/", 1)[-1]

    assert url.startswith(company_links.settings.SITE_URL + "/perusahaan/")
    assert company_links.read_link(token) == letter_a


def test_the_link_opens_the_answer_page_without_signing_in(client, letter_a):
    response = client.get(_path(company_links.make_link(letter_a)))

    assert response.status_code == 200
    text = page_text(response)
    assert letter_a.nomor in text and "Ani Lestari" in text
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_link_expires_after_the_configured_days_with_a_friendly_page(
    client, pendaftaran_a, staff
):
    profile = Institusi.load()
    profile.email, profile.telepon = "pkpk@kampus.example.test", "(0778) 469856"
    profile.save()
    with at(2027, 1, 4, 9, 0):
        surat = issue([pendaftaran_a], staff)
        url = _path(company_links.make_link(surat))

    with at(2027, 3, 4, 9, 0):  # 59 days later
        assert client.get(url).status_code == 200

    with at(2027, 3, 6, 9, 0):  # 61 days later
        response = client.get(url)
    assert response.status_code == 410
    text = page_text(response)
    assert gettext("This link has expired") in text
    assert "pkpk@kampus.example.test" in text and "(0778) 469856" in text
    assert surat.nomor not in text


def test_the_number_of_days_is_a_setting(settings, client, letter_a):
    settings.COMPANY_LINK_DAYS = 1
    url = _path(company_links.make_link(letter_a))
    with at(2030, 1, 1, 9, 0):
        assert client.get(url).status_code == 410
        with pytest.raises(company_links.ExpiredLink):
            company_links.read_link(url.strip("/").rsplit("/", 1)[-1])


def test_a_tampered_token_is_a_plain_404(client, letter_a, pendaftaran_b, staff):
    other = issue([pendaftaran_b], staff)
    token = company_links.make_token(letter_a)
    value, stamp, signature = token.split(":")
    forged = ":".join([signing.b64_encode(str(other.pk).encode()).decode(), stamp, signature])

    for bad in [forged, token[:-2] + "xx", "tebakan", token + "x"]:
        response = client.get(reverse("company_answer", args=[bad]))
        assert response.status_code == 404, bad
        assert gettext("This link has expired") not in page_text(response)


def test_a_token_signed_for_another_purpose_does_not_open_it(client, letter_a):
    for token in [
        signing.dumps(letter_a.pk),  # no salt
        signing.dumps(letter_a.pk, salt="pkpk.other.purpose"),
        letter_a.token,  # the verification token
    ]:
        assert client.get(reverse("company_answer", args=[token])).status_code == 404
        assert client.get(reverse("company_feedback", args=[token])).status_code == 404
        with pytest.raises(company_links.InvalidLink):
            company_links.read_link(token)


def test_a_well_signed_token_for_no_letter_or_not_a_number_is_a_404(client):
    for payload in [987654321, "1", [1], True]:
        token = signing.dumps(payload, salt=company_links.SALT)
        assert client.get(reverse("company_answer", args=[token])).status_code == 404


def test_a_voided_letter_says_so_and_names_its_replacement_without_a_form(client, letter_a, staff):
    url = _path(company_links.make_link(letter_a))
    new = services.reissue_letter(surat=letter_a, by=staff, alasan="Penerima salah")

    response = client.get(url)

    assert response.status_code == 200
    content = response.content.decode()
    text = page_text(response)
    assert gettext("This letter was voided") in text
    assert new.nomor in text
    assert "Penerima salah" not in text
    assert "<form" not in content.split("<main", 1)[1].split("</main>")[0]
    # A POST changes nothing either.
    client.post(url, {"pengisi-nama": "Ibu Ratna"})
    pendaftaran = letter_a.mahasiswa.get().pendaftaran
    pendaftaran.refresh_from_db()
    assert pendaftaran.status == "diajukan"


@pytest.mark.usefixtures("clock_stopped")  # one rate-limit window throughout
def test_the_company_pages_are_limited_per_address_but_wide_enough_for_an_office(
    client, letter_a, pendaftaran_b, staff
):
    # Colleagues answering different letters from one office address.
    other = _path(company_links.make_link(issue([pendaftaran_b], staff)))
    for n in range(limits.COMPANY.per_ip_minute - 1):
        url = other if n < limits.COMPANY.per_code_minute else f"/p/ZZZZZZZZ{n:04d}"
        assert client.get(url, REMOTE_ADDR="10.1.0.7").status_code in {200, 404}
    good = _path(company_links.make_link(letter_a))
    assert client.get(good, REMOTE_ADDR="10.1.0.7").status_code == 200
    response = client.get(good, REMOTE_ADDR="10.1.0.7")
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in page_text(response)
    assert client.get(good, REMOTE_ADDR="10.1.0.8").status_code == 200


@pytest.mark.usefixtures("clock_stopped")  # one rate-limit window throughout
def test_one_link_is_limited_from_every_address(client, letter_a):
    good = _path(company_links.make_link(letter_a))
    for n in range(limits.COMPANY.per_code_minute):
        assert client.get(good, REMOTE_ADDR=f"10.3.0.{n}").status_code == 200
    assert client.get(good, REMOTE_ADDR="10.3.1.1").status_code == 429
    # Another letter's link from the same address still opens.
    assert client.get("/p/ZZZZZZZZZZZZ", REMOTE_ADDR="10.3.0.1").status_code == 404


@pytest.mark.usefixtures("clock_stopped")  # one rate-limit window throughout
def test_behind_the_proxy_the_company_pages_are_limited_per_client(client, settings, letter_a):
    settings.PROXY_COUNT = 1  # gunicorn on a Unix socket: no REMOTE_ADDR
    for n in range(limits.COMPANY.per_ip_minute):
        url = reverse("company_answer", args=[f"tebakan{n}"])
        assert (
            client.get(url, REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 404
        )
    assert client.get(url, REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    good = _path(company_links.make_link(letter_a))
    assert client.get(good, REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


def _printed_short_link(surat):
    flat = re.sub(r"\s+", " ", pdf_text(surat)[0])
    return re.search(r"dapat disampaikan melalui: (\S+)", flat).group(1)


def test_the_letter_prints_a_short_link_to_answer(letter_a, settings):
    printed = _printed_short_link(letter_a)
    host = settings.SITE_URL.split("//", 1)[1]

    assert re.fullmatch(
        re.escape(host) + r"/p/[2-9A-HJKMNP-TV-Z]{4}(-[2-9A-HJKMNP-TV-Z]{4}){2}", printed
    )
    assert "/perusahaan/" not in pdf_text(letter_a)[0]
    tautan = TautanPerusahaan.objects.get(surat=letter_a)
    assert printed.endswith(codes.grouped(tautan.kode))


def test_the_printed_short_link_typed_in_any_case_opens_the_answer_page(client, letter_a):
    path = "/" + _printed_short_link(letter_a).split("/", 1)[1]
    for typed in [path, path.lower(), path.replace("-", ""), path + "/"]:
        response = client.get(typed, follow=True)
        assert response.status_code == 200, typed
        assert response.redirect_chain[0][0].startswith("/perusahaan/")
        text = page_text(response)
        assert letter_a.nomor in text and "Ani Lestari" in text


def test_a_short_link_expires_with_its_signed_link(client, pendaftaran_a, staff):
    with at(2027, 1, 4, 9, 0):
        surat = issue([pendaftaran_a], staff)
    path = "/" + _printed_short_link(surat).split("/", 1)[1]
    with at(2027, 3, 4, 9, 0):  # 59 days later
        assert client.get(path, follow=True).status_code == 200
    with at(2027, 3, 6, 9, 0):  # 61 days later
        response = client.get(path, follow=True)
    assert response.status_code == 410
    assert gettext("This link has expired") in page_text(response)


def test_a_short_link_of_a_replaced_letter_says_so(client, letter_a, staff):
    path = "/" + _printed_short_link(letter_a).split("/", 1)[1]
    new = services.reissue_letter(surat=letter_a, by=staff, alasan="Penerima salah")

    response = client.get(path, follow=True)
    text = page_text(response)
    assert gettext("This letter was voided") in text
    assert new.nomor in text


def test_an_unknown_short_link_gets_the_page_of_an_invalid_link(client, letter_a):
    profile = Institusi.load()
    profile.email = "pkpk@kampus.example.test"
    profile.save()
    invalid = client.get(reverse("company_answer", args=["tebakan"]))
    for typed in ["/p/ZZZZ-ZZZZ-ZZZZ", "/p/0000", "/p/%3Cb%3E", f"/p/{letter_a.kode}"]:
        response = client.get(typed)
        assert response.status_code == 404, typed
        assert page_text(response) == page_text(invalid)
    assert "pkpk@kampus.example.test" in page_text(invalid)


def test_staff_see_a_short_link_with_its_last_day(client, letter_a, staff):
    client.force_login(staff)
    response = client.get(reverse("surat:detail", args=[letter_a.pk]))

    tautan = TautanPerusahaan.objects.get(surat=letter_a)  # the printed one, not a new one
    assert response.context["company_url"] == company_links.short_url(tautan)
    assert response.context["company_link_expires_on"] == company_links.expires_on(
        tautan.dibuat_pada
    )


def test_a_link_made_today_expires_on_the_printed_day():
    with at(2027, 1, 4, 9, 0):
        assert company_links.expires_on() == dt.date(2027, 3, 5)
