"""Staff approve a registration of an already-accepted student: magang:staff_approve."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from magang.models import Pendaftaran, Peristiwa
from notifikasi.models import Notifikasi
from tests.support.applications import waiting_for_approval
from tests.support.cast import NOT_STAFF
from tests.support.pages import messages_of, user_of

pytestmark = pytest.mark.django_db
Status = Pendaftaran.Status


@pytest.fixture
def waiting(student_a, staff):
    return waiting_for_approval(student_a, staff)


def url(pendaftaran):
    return reverse("magang:staff_approve", args=[pendaftaran.pk])


def test_anonymous_is_sent_to_sign_in(client, waiting):
    response = client.post(url(waiting))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", NOT_STAFF)
def test_only_staff_approve(client, request, who, waiting):
    client.force_login(user_of(request, who))
    assert client.post(url(waiting)).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == Status.MENUNGGU


def test_it_takes_posts_only(client, staff, waiting):
    client.force_login(staff)
    assert client.get(url(waiting)).status_code == 405


def test_approving_starts_the_clock(
    client, staff, waiting, student_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(waiting))
    assert response.url == reverse("magang:detail", args=[waiting.pk])
    assert messages_of(response) == [
        gettext("The registration is approved: it now waits for the company's answer.")
    ]
    waiting.refresh_from_db()
    assert waiting.status == Status.DIAJUKAN
    assert waiting.diajukan_pada is not None
    assert waiting.batas_jawaban > waiting.diajukan_pada
    event = waiting.peristiwa.get(jenis=Peristiwa.Jenis.DISETUJUI)
    assert (event.aktor, event.dari, event.ke) == (staff, Status.MENUNGGU, Status.DIAJUKAN)
    title = gettext("Registration at %(company)s approved") % {"company": waiting.perusahaan.nama}
    assert Notifikasi.objects.filter(penerima=student_a.user, judul=title).exists()
    assert [m.subject for m in mailoutbox] == [title]


def test_only_a_waiting_registration_is_approved(client, staff, pendaftaran_a):
    client.force_login(staff)
    response = client.post(url(pendaftaran_a))
    assert messages_of(response) == [gettext("This registration is not waiting for approval.")]
    assert not Peristiwa.objects.filter(jenis=Peristiwa.Jenis.DISETUJUI).exists()
