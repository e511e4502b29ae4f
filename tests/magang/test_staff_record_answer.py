"""Staff record the company's answer: magang:staff_record_answer."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from magang.models import Pendaftaran, Peristiwa, SuratBalasan
from notifikasi.models import Notifikasi
from tests.support.applications import expired
from tests.support.cast import NOT_STAFF
from tests.support.files import exe_posing_as_pdf, pdf
from tests.support.pages import messages_of, user_of

pytestmark = pytest.mark.django_db
Status = Pendaftaran.Status


def url(pendaftaran):
    return reverse("magang:staff_record_answer", args=[pendaftaran.pk])


def test_anonymous_is_sent_to_sign_in(client, pendaftaran_a):
    response = client.post(url(pendaftaran_a), {"hasil": "diterima"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", NOT_STAFF)
def test_only_staff_record_answers(client, request, who, pendaftaran_a):
    client.force_login(user_of(request, who))
    assert client.post(url(pendaftaran_a), {"hasil": "diterima"}).status_code == 403
    pendaftaran_a.refresh_from_db()
    assert pendaftaran_a.status == Status.DIAJUKAN


def test_it_takes_posts_only(client, staff, pendaftaran_a):
    client.force_login(staff)
    assert client.get(url(pendaftaran_a)).status_code == 405


def test_an_acceptance_is_recorded_with_its_event_and_message(
    client, staff, pendaftaran_a, student_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(pendaftaran_a), {"hasil": "diterima", "catatan": "Divisi QA"})
    assert response.status_code == 302
    assert response.url == reverse("magang:detail", args=[pendaftaran_a.pk])
    assert messages_of(response) == [gettext("The company's answer is recorded.")]
    pendaftaran_a.refresh_from_db()
    assert pendaftaran_a.status == Status.DITERIMA
    assert pendaftaran_a.dijawab_pada is not None
    event = pendaftaran_a.peristiwa.get(jenis=Peristiwa.Jenis.DITERIMA)
    assert (event.aktor, event.dari, event.ke, event.catatan) == (
        staff,
        Status.DIAJUKAN,
        Status.DITERIMA,
        "Divisi QA",
    )
    company = pendaftaran_a.perusahaan.nama
    title = gettext("%(company)s accepted you") % {"company": company}
    assert Notifikasi.objects.filter(penerima=student_a.user, judul=title).exists()
    assert [m.subject for m in mailoutbox] == [title]


def test_a_rejection_with_the_reply_letter_keeps_the_file(client, staff, pendaftaran_a):
    client.force_login(staff)
    response = client.post(url(pendaftaran_a), {"hasil": "ditolak", "berkas": pdf("balasan.pdf")})
    assert response.status_code == 302
    pendaftaran_a.refresh_from_db()
    assert pendaftaran_a.status == Status.DITOLAK
    balasan = SuratBalasan.objects.get(pendaftaran=pendaftaran_a)
    assert balasan.verifikasi == SuratBalasan.Verifikasi.SAH
    assert (balasan.diunggah_oleh, balasan.diverifikasi_oleh) == (staff, staff)
    assert balasan.berkas.name.endswith(".pdf")
    assert balasan.berkas.read().startswith(b"%PDF-")
    event = pendaftaran_a.peristiwa.get(jenis=Peristiwa.Jenis.DITOLAK)
    assert (event.dari, event.ke) == (Status.DIAJUKAN, Status.DITOLAK)


def test_a_late_answer_after_expiry_still_counts(client, staff, student_a):
    pendaftaran = expired(student_a)
    assert pendaftaran.status == Status.KEDALUWARSA
    client.force_login(staff)
    client.post(url(pendaftaran), {"hasil": "diterima"})
    pendaftaran.refresh_from_db()
    assert pendaftaran.status == Status.DITERIMA
    event = pendaftaran.peristiwa.get(jenis=Peristiwa.Jenis.DITERIMA)
    assert (event.aktor, event.dari, event.ke) == (staff, Status.KEDALUWARSA, Status.DITERIMA)


def test_an_answered_application_keeps_its_answer(client, staff, pendaftaran_a):
    client.force_login(staff)
    client.post(url(pendaftaran_a), {"hasil": "ditolak"})
    response = client.post(url(pendaftaran_a), {"hasil": "diterima"})
    assert messages_of(response)[-1] == gettext("This application already has its answer.")
    pendaftaran_a.refresh_from_db()
    assert pendaftaran_a.status == Status.DITOLAK
    assert pendaftaran_a.peristiwa.filter(jenis=Peristiwa.Jenis.DITERIMA).count() == 0


def test_a_file_that_is_not_a_document_saves_nothing(client, staff, pendaftaran_a):
    client.force_login(staff)
    response = client.post(url(pendaftaran_a), {"hasil": "diterima", "berkas": exe_posing_as_pdf()})
    assert response.status_code == 302
    assert messages_of(response)
    pendaftaran_a.refresh_from_db()
    assert pendaftaran_a.status == Status.DIAJUKAN
    assert not SuratBalasan.objects.exists()


def test_the_answer_must_be_chosen(client, staff, pendaftaran_a):
    client.force_login(staff)
    response = client.post(url(pendaftaran_a), {"catatan": "?"})
    assert messages_of(response)
    pendaftaran_a.refresh_from_db()
    assert pendaftaran_a.status == Status.DIAJUKAN


def test_an_unknown_application_is_404(client, staff):
    client.force_login(staff)
    response = client.post(reverse("magang:staff_record_answer", args=[999999]), {"hasil": "x"})
    assert response.status_code == 404
