"""Verifying or refusing an uploaded reply: magang:staff_verify_reply."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from magang.models import Pendaftaran, Peristiwa, SuratBalasan
from notifikasi.models import Notifikasi
from tests.support.applications import uploaded_reply
from tests.support.cast import NOT_STAFF
from tests.support.pages import messages_of, user_of

pytestmark = pytest.mark.django_db
Status = Pendaftaran.Status


@pytest.fixture
def balasan(pendaftaran_a):
    return uploaded_reply(pendaftaran_a, hasil="diterima")


def url(balasan):
    return reverse("magang:staff_verify_reply", args=[balasan.pk])


def test_anonymous_is_sent_to_sign_in(client, balasan):
    response = client.post(url(balasan), {"keputusan": "sah"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", NOT_STAFF)
def test_only_staff_verify(client, request, who, balasan):
    client.force_login(user_of(request, who))
    assert client.post(url(balasan), {"keputusan": "sah"}).status_code == 403
    balasan.refresh_from_db()
    assert balasan.verifikasi == SuratBalasan.Verifikasi.MENUNGGU


def test_it_takes_posts_only(client, staff, balasan):
    client.force_login(staff)
    assert client.get(url(balasan)).status_code == 405


def test_verifying_records_the_answer(
    client, staff, balasan, student_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(balasan), {"keputusan": "sah"})
    assert response.status_code == 302
    assert response.url == reverse("magang:staff_replies")
    assert messages_of(response) == [gettext("The reply is verified and the answer recorded.")]
    balasan.refresh_from_db()
    assert balasan.verifikasi == SuratBalasan.Verifikasi.SAH
    assert balasan.diverifikasi_oleh == staff
    pendaftaran = balasan.pendaftaran
    pendaftaran.refresh_from_db()
    assert pendaftaran.status == Status.DITERIMA
    event = pendaftaran.peristiwa.get(jenis=Peristiwa.Jenis.DITERIMA)
    assert (event.aktor, event.dari, event.ke) == (staff, Status.DIAJUKAN, Status.DITERIMA)
    assert Notifikasi.objects.filter(penerima=student_a.user, tautan__contains=str(pendaftaran.pk))
    assert [m.to for m in mailoutbox] == [[student_a.user.email]]


def test_refusing_without_a_reason_changes_nothing(client, staff, balasan):
    client.force_login(staff)
    response = client.post(url(balasan), {"keputusan": "tolak", "alasan": "  "})
    assert messages_of(response) == [gettext("Say why the reply is refused.")]
    balasan.refresh_from_db()
    assert balasan.verifikasi == SuratBalasan.Verifikasi.MENUNGGU
    assert balasan.diverifikasi_oleh is None
    assert balasan.pendaftaran.status == Status.DIAJUKAN
    assert not Peristiwa.objects.filter(jenis=Peristiwa.Jenis.BALASAN_DITOLAK).exists()


def test_refusing_with_a_reason_tells_the_student(
    client, staff, balasan, student_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    before = Notifikasi.objects.filter(penerima=student_a.user).count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(balasan), {"keputusan": "tolak", "alasan": "Tidak terbaca"})
    assert messages_of(response) == [gettext("The reply is refused; the student is told why.")]
    balasan.refresh_from_db()
    assert balasan.verifikasi == SuratBalasan.Verifikasi.DITOLAK
    assert balasan.alasan_penolakan == "Tidak terbaca"
    assert balasan.pendaftaran.status == Status.DIAJUKAN  # still waiting for a real answer
    event = Peristiwa.objects.get(jenis=Peristiwa.Jenis.BALASAN_DITOLAK)
    assert (event.aktor, event.catatan) == (staff, "Tidak terbaca")
    notes = Notifikasi.objects.filter(penerima=student_a.user)
    assert notes.count() == before + 1
    assert "Tidak terbaca" in notes.first().isi
    assert len(mailoutbox) == 1
    assert "Tidak terbaca" in mailoutbox[0].body


def test_a_reply_verified_already_is_not_verified_twice(client, staff, balasan):
    client.force_login(staff)
    client.post(url(balasan), {"keputusan": "sah"})
    response = client.post(url(balasan), {"keputusan": "tolak", "alasan": "Salah"})
    assert messages_of(response)[-1] == gettext("This reply was verified already.")
    balasan.refresh_from_db()
    assert balasan.verifikasi == SuratBalasan.Verifikasi.SAH


def test_it_goes_back_to_the_application_when_asked(client, staff, balasan):
    client.force_login(staff)
    detail = reverse("magang:detail", args=[balasan.pendaftaran_id])
    response = client.post(url(balasan), {"keputusan": "sah", "next": detail})
    assert response.url == detail


def test_it_never_sends_staff_to_another_site(client, staff, balasan):
    client.force_login(staff)
    response = client.post(url(balasan), {"keputusan": "sah", "next": "https://evil.example/"})
    assert response.url == reverse("magang:staff_replies")


def test_an_unknown_decision_changes_nothing(client, staff, balasan):
    client.force_login(staff)
    response = client.post(url(balasan), {"keputusan": "mungkin"})
    assert response.status_code == 302
    assert messages_of(response)
    balasan.refresh_from_db()
    assert balasan.verifikasi == SuratBalasan.Verifikasi.MENUNGGU
