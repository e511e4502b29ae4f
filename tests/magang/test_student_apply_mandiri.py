"""Registering a place the student found (jalur mandiri), with the
"Did you mean ...?" offer of companies already registered."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from magang import services
from magang.models import Jalur, Pendaftaran
from pkpk.models import Perusahaan
from tests.factories import PerusahaanFactory
from tests.support.applications import submit
from tests.support.clock import at
from tests.support.files import exe_posing_as_pdf, pdf
from tests.support.pages import page_text, user_of

pytestmark = pytest.mark.django_db
URL = reverse("magang:apply_mandiri")


def form_data(**extra):
    data = {
        "perusahaan_nama": "PT Kabil Energi Lestari",
        "perusahaan_kota": "Batam",
        "perusahaan_alamat": "Jl. Hang Kesturi, Kabil",
        "posisi": "Drafter",
        "mulai": "2027-02-01",
        "selesai": "2027-05-31",
        "kontak_nama": "Bapak Joko",
        "kontak_email": "joko@kabil.example.test",
        "cv": pdf("cv.pdf"),
        "transkrip": pdf("transkrip.pdf"),
    }
    data.update(extra)
    return data


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["outsider", "coordinator_x", "staff"])
def test_other_roles_are_refused(client, request, who):
    client.force_login(user_of(request, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data()).status_code == 403
    assert not Perusahaan.objects.exists()


def test_the_form_has_a_label_for_every_field(client, student_a):
    client.force_login(student_a.user)
    response = client.get(URL)
    content = response.content.decode()
    for name in response.context["form"].fields:
        if name == "perusahaan_pilihan":
            continue  # radio buttons, shown only when there are companies to pick
        assert f'for="id_{name}"' in content, name


def test_a_new_company_is_registered_with_the_application(client, student_a):
    client.force_login(student_a.user)
    response = client.post(URL, form_data())
    pendaftaran = Pendaftaran.objects.get()
    assert response.url == reverse("magang:detail", args=[pendaftaran.pk])
    assert pendaftaran.jalur == Jalur.MANDIRI
    assert pendaftaran.lowongan is None
    assert pendaftaran.perusahaan.nama == "PT Kabil Energi Lestari"
    assert pendaftaran.perusahaan.alamat == "Jl. Hang Kesturi, Kabil"
    assert pendaftaran.status == Pendaftaran.Status.DIAJUKAN


def test_a_similar_company_is_offered_and_nothing_is_saved_yet(client, student_a):
    existing = PerusahaanFactory(nama="PT Batam Presisi Elektronika", kota="Batam")
    client.force_login(student_a.user)
    response = client.post(URL, form_data(perusahaan_nama="Batam Presisi Elektronik"))
    assert response.status_code == 200
    text = page_text(response)
    assert _("Did you mean one of these companies?") in text
    assert str(existing) in text
    assert f'value="{existing.pk}"' in response.content.decode()
    assert Perusahaan.objects.count() == 1
    assert not Pendaftaran.objects.exists()


def test_picking_the_offered_company_uses_the_existing_row(client, student_a):
    existing = PerusahaanFactory(nama="PT Batam Presisi Elektronika", kota="Batam")
    client.force_login(student_a.user)
    response = client.post(
        URL,
        form_data(perusahaan_nama="Batam Presisi Elektronik", perusahaan_pilihan=existing.pk),
    )
    assert response.status_code == 302
    assert Pendaftaran.objects.get().perusahaan == existing
    assert Perusahaan.objects.count() == 1


def test_confirming_none_matches_creates_the_new_company(client, student_a):
    PerusahaanFactory(nama="PT Batam Presisi Elektronika", kota="Batam")
    client.force_login(student_a.user)
    response = client.post(
        URL, form_data(perusahaan_nama="PT Batam Presisi Mekanika", perusahaan_pilihan="baru")
    )
    assert response.status_code == 302
    assert Pendaftaran.objects.get().perusahaan.nama == "PT Batam Presisi Mekanika"
    assert Perusahaan.objects.count() == 2


def test_a_twin_spelled_differently_cannot_be_created(client, student_a):
    existing = PerusahaanFactory(nama="PT Kabil Energi Lestari", kota="Batam")
    client.force_login(student_a.user)
    response = client.post(
        URL,
        form_data(perusahaan_nama="Kabil Energi Lestari, PT.", perusahaan_pilihan="baru"),
    )
    assert response.status_code == 200
    expected = _("This company is already registered as “%(twin)s”.") % {"twin": existing}
    assert response.context["form"].errors["perusahaan_nama"] == [expected]
    assert Perusahaan.objects.count() == 1
    assert not Pendaftaran.objects.exists()


def test_the_live_lookup_returns_the_offer(client, student_a):
    existing = PerusahaanFactory(nama="PT Nongsa Digital Kreasi", kota="Batam")
    client.force_login(student_a.user)
    response = client.get(
        URL,
        {"perusahaan_nama": "Nongsa Digital Kreasi", "perusahaan_kota": "Batam"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert str(existing) in page_text(response)
    assert _("None of these: register it as a new company") in page_text(response)


def test_when_blocked_the_new_company_is_not_kept_either(client, student_a):
    with at(2026, 11, 2, 10, 0):
        first = submit(student_a)
    client.force_login(student_a.user)
    with at(2026, 11, 4, 10, 0):
        response = client.post(URL, form_data())
    assert response.context["form"].non_field_errors() == [services.StillWaiting(first).messages[0]]
    assert "17 November 2026" in page_text(response)
    assert not Perusahaan.objects.filter(nama="PT Kabil Energi Lestari").exists()
    assert Pendaftaran.objects.count() == 1


def test_when_blocked_the_page_explains_instead_of_showing_the_form(client, student_a):
    with at(2026, 11, 2, 10, 0):
        submit(student_a)
    client.force_login(student_a.user)
    with at(2026, 11, 2, 11, 0):
        response = client.get(URL)
    assert response.context["form"] is None
    text = page_text(response)
    assert "17 November 2026" in text
    assert _("You are waiting for a company's answer") in text


def test_an_exe_renamed_to_pdf_is_refused(client, student_a):
    client.force_login(student_a.user)
    response = client.post(URL, form_data(transkrip=exe_posing_as_pdf("transkrip.pdf")))
    assert "transkrip" in response.context["form"].errors
    assert not Perusahaan.objects.exists()
    assert not Pendaftaran.objects.exists()
