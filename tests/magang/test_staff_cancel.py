"""Staff cancel an application, always with a reason: magang:staff_cancel."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from magang.models import Pendaftaran, Peristiwa
from notifikasi.models import Notifikasi
from tests.support.cast import NOT_STAFF
from tests.support.pages import messages_of, user_of

pytestmark = pytest.mark.django_db
Status = Pendaftaran.Status


def url(pendaftaran):
    return reverse("magang:staff_cancel", args=[pendaftaran.pk])


def test_anonymous_is_sent_to_sign_in(client, pendaftaran_a):
    response = client.post(url(pendaftaran_a), {"alasan": "x"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", NOT_STAFF)
def test_students_and_others_cannot_cancel(client, request, who, pendaftaran_a):
    client.force_login(user_of(request, who))
    assert client.post(url(pendaftaran_a), {"alasan": "Saya berubah pikiran"}).status_code == 403
    pendaftaran_a.refresh_from_db()
    assert pendaftaran_a.status == Status.DIAJUKAN


def test_it_takes_posts_only(client, staff, pendaftaran_a):
    client.force_login(staff)
    assert client.get(url(pendaftaran_a)).status_code == 405


def test_a_reason_is_required(client, staff, pendaftaran_a):
    client.force_login(staff)
    response = client.post(url(pendaftaran_a), {"alasan": "   "})
    assert response.url == reverse("magang:detail", args=[pendaftaran_a.pk])
    assert messages_of(response) == [gettext("Say why the application is cancelled.")]
    pendaftaran_a.refresh_from_db()
    assert pendaftaran_a.status == Status.DIAJUKAN
    assert not pendaftaran_a.peristiwa.filter(jenis=Peristiwa.Jenis.DIBATALKAN).exists()


def test_it_cancels_and_tells_the_student_why(
    client, staff, pendaftaran_a, student_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(pendaftaran_a), {"alasan": "Perusahaan tutup"})
    assert messages_of(response) == [
        gettext("The application is cancelled; the student is told why.")
    ]
    pendaftaran_a.refresh_from_db()
    assert pendaftaran_a.status == Status.DIBATALKAN
    assert pendaftaran_a.alasan == "Perusahaan tutup"
    event = pendaftaran_a.peristiwa.get(jenis=Peristiwa.Jenis.DIBATALKAN)
    assert (event.aktor, event.dari, event.ke, event.catatan) == (
        staff,
        Status.DIAJUKAN,
        Status.DIBATALKAN,
        "Perusahaan tutup",
    )
    note = Notifikasi.objects.filter(penerima=student_a.user).first()
    assert "Perusahaan tutup" in note.isi
    assert len(mailoutbox) == 1 and "Perusahaan tutup" in mailoutbox[0].body


def test_a_cancelled_application_stays_cancelled(client, staff, pendaftaran_a):
    client.force_login(staff)
    client.post(url(pendaftaran_a), {"alasan": "Pertama"})
    response = client.post(url(pendaftaran_a), {"alasan": "Kedua"})
    assert messages_of(response)[-1] == gettext("This application cannot be cancelled any more.")
    pendaftaran_a.refresh_from_db()
    assert pendaftaran_a.alasan == "Pertama"


def test_cancelling_frees_the_student_to_register_elsewhere(client, staff, pendaftaran_a):
    from magang.services import blocking_application

    client.force_login(staff)
    client.post(url(pendaftaran_a), {"alasan": "Salah daftar"})
    assert blocking_application(pendaftaran_a.mahasiswa) is None
