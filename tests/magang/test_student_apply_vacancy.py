"""Registering from a vacancy (form BO.8.4.1.1, jalur kerjasama)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from magang import services
from magang.models import Jalur, Pendaftaran
from tests.factories import LowonganFactory, MahasiswaFactory
from tests.support.applications import submit
from tests.support.clock import at
from tests.support.files import exe_posing_as_pdf, pdf
from tests.support.pages import page_text, user_of

pytestmark = pytest.mark.django_db


def url(lowongan):
    return reverse("magang:apply_vacancy", args=[lowongan.pk])


def form_data(**extra):
    data = {
        "posisi": "Pengembang Web Magang",
        "mulai": "2027-02-01",
        "selesai": "2027-05-31",
        "kontak_nama": "Ibu Ratna",
        "kontak_jabatan": "HRD",
        "kontak_email": "hrd@mitra.example.test",
        "kontak_telepon": "0778 123456",
        "cv": pdf("cv.pdf"),
        "transkrip": pdf("transkrip.pdf"),
    }
    data.update(extra)
    return data


def test_anonymous_is_sent_to_sign_in(client, lowongan):
    response = client.get(url(lowongan))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["outsider", "coordinator_x", "staff"])
def test_other_roles_are_refused(client, request, lowongan, who):
    client.force_login(user_of(request, who))
    assert client.get(url(lowongan)).status_code == 403
    assert client.post(url(lowongan), form_data()).status_code == 403
    assert not Pendaftaran.objects.exists()


def test_the_form_shows_the_students_data_read_only_and_the_vacancy_prefilled(
    client, student_a, lowongan
):
    client.force_login(student_a.user)
    response = client.get(url(lowongan))
    text = page_text(response)
    assert "3312501001" in text
    assert "Ani Lestari" in text
    assert 'name="nim"' not in response.content.decode()
    assert response.context["form"]["posisi"].value() == "Pengembang Web Magang"
    assert response.context["form"]["mulai"].value() == lowongan.mulai


def test_the_required_mark_is_not_read_aloud(client, student_a, lowongan):
    # Screen readers say "required" from the input; the star after each
    # label would be read as well (templates/bootstrap5/field.html).
    client.force_login(student_a.user)
    html = client.get(url(lowongan)).content.decode()
    assert html.count('<span class="asteriskField" aria-hidden="true">*</span>') >= 3
    assert '<span class="asteriskField">' not in html


def test_it_registers_the_application(client, student_a, lowongan):
    client.force_login(student_a.user)
    response = client.post(url(lowongan), form_data())
    pendaftaran = Pendaftaran.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("magang:detail", args=[pendaftaran.pk])
    assert pendaftaran.mahasiswa == student_a
    assert pendaftaran.lowongan == lowongan
    assert pendaftaran.perusahaan == lowongan.perusahaan
    assert pendaftaran.jalur == Jalur.KERJASAMA
    assert pendaftaran.status == Pendaftaran.Status.DIAJUKAN
    assert pendaftaran.kontak_telepon == "0778 123456"
    assert pendaftaran.cv.read().startswith(b"%PDF-")
    followed = page_text(client.get(response.url))
    expected = _("Your application to %(company)s is registered.") % {
        "company": lowongan.perusahaan.nama
    }
    assert expected in followed


def test_another_programmes_vacancy_is_not_found(client, student_a, lowongan_y):
    client.force_login(student_a.user)
    assert client.get(url(lowongan_y)).status_code == 404
    assert client.post(url(lowongan_y), form_data()).status_code == 404
    assert not Pendaftaran.objects.exists()


def test_the_period_must_end_after_it_starts(client, student_a, lowongan):
    client.force_login(student_a.user)
    response = client.post(url(lowongan), form_data(mulai="2027-05-31", selesai="2027-02-01"))
    assert response.status_code == 200
    assert response.context["form"].errors["selesai"] == [
        _("The internship must end after it starts.")
    ]
    assert not Pendaftaran.objects.exists()


def test_the_contact_needs_an_email_or_a_phone(client, student_a, lowongan):
    client.force_login(student_a.user)
    response = client.post(url(lowongan), form_data(kontak_email="", kontak_telepon=""))
    assert "kontak_email" in response.context["form"].errors
    assert not Pendaftaran.objects.exists()


def test_an_exe_renamed_to_pdf_is_refused_and_nothing_is_saved(client, student_a, lowongan):
    client.force_login(student_a.user)
    response = client.post(url(lowongan), form_data(cv=exe_posing_as_pdf("cv.pdf")))
    assert response.status_code == 200
    expected = _("This file is not a real %(types)s file. Upload a %(types)s document.") % {
        "types": "PDF"
    }
    assert response.context["form"].errors["cv"] == [expected]
    assert expected in page_text(response)
    assert not Pendaftaran.objects.exists()


def test_a_transcript_over_5_mb_is_refused(client, student_a, lowongan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("t.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1))
    client.force_login(student_a.user)
    response = client.post(url(lowongan), form_data(transkrip=big))
    assert "transkrip" in response.context["form"].errors
    assert not Pendaftaran.objects.exists()


def test_a_second_registration_is_refused_with_the_date_the_block_lifts(
    client, student_a, lowongan, prodi_x
):
    second = LowonganFactory(prodi=[prodi_x], batas_daftar=dt.date(2027, 1, 15))
    with at(2026, 11, 2, 10, 0):  # Monday 2 November 2026
        first = submit(student_a, lowongan=lowongan)
    client.force_login(student_a.user)

    with at(2026, 11, 9, 9, 0):
        response = client.get(url(second))
        assert response.context["form"] is None
        assert "17 November 2026" in page_text(response)
        response = client.post(url(second), form_data())
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors == [services.StillWaiting(first).messages[0]]
    assert "17 November 2026" in errors[0]
    assert Pendaftaran.objects.count() == 1

    with at(2026, 11, 17, 0, 0):  # the block has lifted: submitting expires the first
        response = client.post(url(second), form_data())
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Pendaftaran.Status.KEDALUWARSA
    assert Pendaftaran.objects.filter(status=Pendaftaran.Status.DIAJUKAN).get().lowongan == second


def test_on_the_last_blocked_day_the_form_is_still_withheld(client, student_a, lowongan, prodi_x):
    second = LowonganFactory(prodi=[prodi_x], batas_daftar=dt.date(2027, 1, 15))
    with at(2026, 11, 2, 10, 0):
        submit(student_a, lowongan=lowongan)
    client.force_login(student_a.user)
    with at(2026, 11, 16, 23, 59):
        response = client.get(url(second))
    assert response.context["form"] is None
    assert "17 November 2026" in page_text(response)
    with at(2026, 11, 17, 0, 0):
        response = client.get(url(second))
    assert response.context["form"] is not None


# The empty form is rendered once a minute per process and shared by the
# vacancy's students (templates/magang/apply.html): what it shows stays true.


def test_the_shared_empty_form_shows_an_edit_of_the_vacancy_or_its_company_at_once(
    client, student_a, lowongan
):
    client.force_login(student_a.user)
    assert 'value="Pengembang Web Magang"' in client.get(url(lowongan)).content.decode()
    lowongan.posisi = "Pengembang Seluler Magang"
    lowongan.save()
    company = lowongan.perusahaan
    company.kontak_nama = "Bapak Hendra"
    company.save()
    html = client.get(url(lowongan)).content.decode()
    assert 'value="Pengembang Seluler Magang"' in html
    assert 'value="Bapak Hendra"' in html


def test_classmates_share_the_empty_form_but_not_their_own_data(client, student_a, lowongan):
    classmate = MahasiswaFactory(prodi=student_a.prodi, user__nama="Budi Santoso")
    client.force_login(student_a.user)
    client.get(url(lowongan))
    client.force_login(classmate.user)
    response = client.get(url(lowongan))
    text = page_text(response)
    assert "Budi Santoso" in text and "Ani Lestari" not in text
    assert 'value="Pengembang Web Magang"' in response.content.decode()
    assert client.post(url(lowongan), form_data()).status_code == 302


def test_a_form_sent_back_shows_what_the_student_typed_not_the_shared_one(
    client, student_a, lowongan
):
    client.force_login(student_a.user)
    client.get(url(lowongan))
    response = client.post(url(lowongan), form_data(posisi="Teknisi Jaringan", kontak_email="x"))
    html = response.content.decode()
    assert 'value="Teknisi Jaringan"' in html
    assert 'value="Pengembang Web Magang"' not in html
    assert "is-invalid" in html


def test_the_shared_empty_form_follows_the_chosen_language(client, student_a, lowongan, settings):
    client.force_login(student_a.user)
    client.get(url(lowongan))  # rendered in Indonesian first
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Contact person's name" in page_text(client.get(url(lowongan)))
