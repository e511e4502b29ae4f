"""The student uploads the company's reply letter for staff to verify."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from magang import answers, expiry
from magang.models import Peristiwa, SuratBalasan
from tests.support.applications import submit
from tests.support.clock import at
from tests.support.files import exe_posing_as_pdf, pdf, png
from tests.support.pages import page_text, user_of

pytestmark = pytest.mark.django_db


def url(pendaftaran):
    return reverse("magang:upload_reply", args=[pendaftaran.pk])


def test_anonymous_is_sent_to_sign_in(client, pendaftaran_a):
    response = client.get(url(pendaftaran_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["outsider", "coordinator_x", "staff"])
def test_other_roles_are_refused(client, request, pendaftaran_a, who):
    client.force_login(user_of(request, who))
    assert client.get(url(pendaftaran_a)).status_code == 403
    assert (
        client.post(url(pendaftaran_a), {"hasil": "diterima", "berkas": pdf()}).status_code == 403
    )
    assert not SuratBalasan.objects.exists()


def test_another_student_does_not_find_the_application(client, student_b, pendaftaran_a):
    client.force_login(student_b.user)
    assert client.get(url(pendaftaran_a)).status_code == 404
    response = client.post(url(pendaftaran_a), {"hasil": "diterima", "berkas": pdf()})
    assert response.status_code == 404
    assert not SuratBalasan.objects.exists()


def test_the_form_has_a_label_for_every_field(client, pendaftaran_a):
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(url(pendaftaran_a))
    content = response.content.decode()
    for name in ("berkas", "nomor_surat", "tanggal_surat", "catatan"):
        assert f'for="id_{name}"' in content, name
    assert _("The company's answer") in page_text(response)


def test_it_uploads_a_pdf_reply(client, pendaftaran_a):
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.post(
        url(pendaftaran_a),
        {
            "hasil": "diterima",
            "berkas": pdf("balasan.pdf"),
            "nomor_surat": "012/HRD/XI/2026",
            "tanggal_surat": "2026-11-20",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("magang:detail", args=[pendaftaran_a.pk])
    balasan = SuratBalasan.objects.get()
    assert balasan.hasil == "diterima"
    assert balasan.nomor_surat == "012/HRD/XI/2026"
    assert balasan.verifikasi == SuratBalasan.Verifikasi.MENUNGGU
    assert balasan.diunggah_oleh == pendaftaran_a.mahasiswa.user
    assert pendaftaran_a.peristiwa.filter(jenis=Peristiwa.Jenis.BALASAN_DIUNGGAH).exists()
    followed = page_text(client.get(response.url))
    assert (
        _("The reply is uploaded. UPT-PKPK staff will check it and record the answer.") in followed
    )


def test_a_photo_of_the_letter_is_accepted(client, pendaftaran_a):
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.post(url(pendaftaran_a), {"hasil": "ditolak", "berkas": png()})
    assert response.status_code == 302
    assert SuratBalasan.objects.get().hasil == "ditolak"


def test_an_exe_renamed_to_pdf_is_refused_and_nothing_is_saved(client, pendaftaran_a):
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.post(
        url(pendaftaran_a), {"hasil": "diterima", "berkas": exe_posing_as_pdf("balasan.pdf")}
    )
    assert response.status_code == 200
    expected = _("This file is not a real %(types)s file. Upload a %(types)s document.") % {
        "types": "PDF/JPEG/PNG"
    }
    assert response.context["form"].errors["berkas"] == [expected]
    assert expected in page_text(response)
    assert not SuratBalasan.objects.exists()
    assert not pendaftaran_a.peristiwa.filter(jenis=Peristiwa.Jenis.BALASAN_DIUNGGAH).exists()


def test_the_answer_must_be_chosen(client, pendaftaran_a):
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.post(url(pendaftaran_a), {"berkas": pdf()})
    assert "hasil" in response.context["form"].errors
    assert not SuratBalasan.objects.exists()


def test_a_second_upload_waits_for_the_first_to_be_verified(client, pendaftaran_a):
    answers.upload_reply(
        pendaftaran=pendaftaran_a, by=pendaftaran_a.mahasiswa.user, hasil="diterima", berkas=pdf()
    )
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.post(url(pendaftaran_a), {"hasil": "diterima", "berkas": pdf()})
    assert response.status_code == 302
    assert response.url == reverse("magang:detail", args=[pendaftaran_a.pk])
    assert SuratBalasan.objects.count() == 1


def test_an_answered_application_takes_no_upload(client, pendaftaran_a, staff):
    answers.record_answer(pendaftaran=pendaftaran_a, hasil="diterima", by=staff)
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.post(url(pendaftaran_a), {"hasil": "diterima", "berkas": pdf()}, follow=True)
    assert _("This application takes no reply upload now.") in page_text(response)
    assert not SuratBalasan.objects.exists()


def test_a_late_reply_after_expiry_can_be_uploaded(client, student_a, lowongan):
    with at(2026, 11, 2, 10, 0):
        pendaftaran = submit(student_a, lowongan=lowongan)
    with at(2026, 11, 18, 10, 0):
        expiry.expire_overdue()
        client.force_login(student_a.user)
        response = client.post(url(pendaftaran), {"hasil": "diterima", "berkas": pdf()})
    assert response.status_code == 302
    assert SuratBalasan.objects.get().pendaftaran == pendaftaran
