"""Letter pages: who may issue, see, void and download."""

import pytest
from django.urls import reverse

from surat.models import Surat
from tests.factories import LowonganFactory, MahasiswaFactory
from tests.support.applications import submit
from tests.support.letters import accept, issue
from tests.support.pages import page_text, user_of

pytestmark = pytest.mark.django_db

DOWNLOAD_DENIED = ["student_b", "coordinator_y", "outsider"]


def test_staff_issue_an_application_letter_from_the_form(client, staff, pendaftaran_a):
    client.force_login(staff)
    url = reverse("surat:issue") + f"?pendaftaran={pendaftaran_a.pk}"

    form = client.get(url)
    assert form.status_code == 200
    assert 'value="HRD"' in form.content.decode()  # prefilled from the contact

    response = client.post(url, {"penerima_jabatan": "Manajer HRD", "penerima_nama": "Ibu Ratna"})

    surat = Surat.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("surat:detail", args=[surat.pk])
    assert surat.jenis == "permohonan" and surat.penerima_jabatan == "Manajer HRD"


def test_the_form_issues_a_cover_letter_without_reply_when_unticked(client, staff, pendaftaran_a):
    accept(pendaftaran_a, staff)
    client.force_login(staff)
    url = reverse("surat:issue") + f"?pendaftaran={pendaftaran_a.pk}"

    client.post(url, {"penerima_jabatan": "Manajer HRD"})

    surat = Surat.objects.get()
    assert surat.jenis == "pengantar" and surat.perlu_balasan is False


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_only_staff_open_the_issue_form(request, client, pendaftaran_a, who):
    client.force_login(user_of(request, who))
    url = reverse("surat:issue") + f"?pendaftaran={pendaftaran_a.pk}"
    assert client.get(url).status_code == 403
    assert client.post(url, {"penerima_jabatan": "HRD"}).status_code == 403
    assert not Surat.objects.exists()


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_only_staff_see_void_or_replace_letters(request, client, letter_a, who):
    client.force_login(user_of(request, who))
    assert client.get(reverse("surat:detail", args=[letter_a.pk])).status_code == 403
    assert client.get(reverse("surat:letter_list")).status_code == 403
    void = client.post(reverse("surat:void", args=[letter_a.pk]), {"alasan": "x"})
    assert void.status_code == 403
    reissue = client.post(reverse("surat:reissue", args=[letter_a.pk]), {"ganti-alasan": "x"})
    assert reissue.status_code == 403
    letter_a.refresh_from_db()
    assert letter_a.sah and letter_a.pengganti is None


def test_anonymous_visitors_are_sent_to_sign_in(client, letter_a):
    for url in [
        reverse("surat:detail", args=[letter_a.pk]),
        reverse("surat:letter_list"),
        reverse("surat:download", args=[letter_a.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_staff_see_the_letter_and_void_it_with_a_reason(client, staff, letter_a):
    client.force_login(staff)
    text = page_text(client.get(reverse("surat:detail", args=[letter_a.pk])))
    assert letter_a.nomor in text and "3312501001" in text

    client.post(reverse("surat:void", args=[letter_a.pk]), {"alasan": ""})
    letter_a.refresh_from_db()
    assert letter_a.sah

    client.post(reverse("surat:void", args=[letter_a.pk]), {"alasan": "Salah tanggal"})
    letter_a.refresh_from_db()
    assert not letter_a.sah


def test_staff_replace_a_letter_from_its_page(client, staff, letter_a):
    client.force_login(staff)
    response = client.post(
        reverse("surat:reissue", args=[letter_a.pk]), {"ganti-alasan": "Penerima salah"}
    )
    letter_a.refresh_from_db()
    assert letter_a.pengganti is not None
    assert response["Location"] == reverse("surat:detail", args=[letter_a.pengganti.pk])


@pytest.mark.parametrize("who", ["staff", "student_a", "coordinator_x"])
def test_the_people_on_the_letter_download_it(request, client, letter_a, who):
    client.force_login(user_of(request, who))
    response = client.get(reverse("surat:download", args=[letter_a.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who", DOWNLOAD_DENIED)
def test_nobody_else_downloads_it(request, client, letter_a, who):
    client.force_login(user_of(request, who))
    assert client.get(reverse("surat:download", args=[letter_a.pk])).status_code == 404


def test_the_application_page_lists_its_letters(client, student_a, letter_a):
    client.force_login(student_a.user)
    pendaftaran = letter_a.mahasiswa.get().pendaftaran
    content = client.get(reverse("magang:detail", args=[pendaftaran.pk])).content.decode()
    assert reverse("surat:download", args=[letter_a.pk]) in content


def _letters(n, prodi, staff, first=0):
    for i in range(first, first + n):
        student = MahasiswaFactory(nim=f"33125030{i:02d}", prodi=prodi)
        issue([submit(student, lowongan=LowonganFactory(prodi=[prodi]))], staff)


def test_the_letter_list_takes_the_same_queries_for_3_or_15_letters(
    client, staff, prodi_x, django_assert_max_num_queries
):
    client.force_login(staff)
    _letters(3, prodi_x, staff)
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse("surat:letter_list")).status_code == 200
    _letters(12, prodi_x, staff, first=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("surat:letter_list"))
    assert len(response.context["page"].object_list) == 15
