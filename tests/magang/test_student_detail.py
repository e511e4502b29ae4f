"""One application: the owner, staff and the programme's coordinator read it;
nobody else finds it."""

import pytest
from django.urls import reverse

from magang import answers
from magang.models import Pendaftaran, SuratBalasan
from tests.support.applications import submit
from tests.support.clock import at
from tests.support.files import png
from tests.support.pages import countdown, page_text, user_of

pytestmark = pytest.mark.django_db


def url(pendaftaran):
    return reverse("magang:detail", args=[pendaftaran.pk])


def test_anonymous_is_sent_to_sign_in(client, pendaftaran_a):
    response = client.get(url(pendaftaran_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_outsider_is_refused(client, outsider, pendaftaran_a):
    client.force_login(outsider)
    assert client.get(url(pendaftaran_a)).status_code == 403


@pytest.mark.parametrize("who", ["student_b", "coordinator_y"])
def test_others_do_not_find_it(client, request, pendaftaran_a, who):
    client.force_login(user_of(request, who))
    assert client.get(url(pendaftaran_a)).status_code == 404


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "staff"])
def test_the_owner_the_coordinator_and_staff_read_it(client, request, pendaftaran_a, who):
    client.force_login(user_of(request, who))
    response = client.get(url(pendaftaran_a))
    assert response.status_code == 200
    text = page_text(response)
    assert pendaftaran_a.perusahaan.nama in text
    assert pendaftaran_a.get_status_display() in text
    assert "Ibu Ratna" in text
    content = response.content.decode()
    assert reverse("magang:application_file", args=[pendaftaran_a.pk, "cv"]) in content
    assert reverse("magang:application_file", args=[pendaftaran_a.pk, "transkrip"]) in content


def test_the_owner_may_upload_the_reply_while_waiting(client, pendaftaran_a):
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(url(pendaftaran_a))
    assert reverse("magang:upload_reply", args=[pendaftaran_a.pk]) in response.content.decode()


@pytest.mark.parametrize("who", ["coordinator_x", "staff"])
def test_nobody_else_gets_the_upload_link(client, request, pendaftaran_a, who):
    client.force_login(user_of(request, who))
    response = client.get(url(pendaftaran_a))
    assert reverse("magang:upload_reply", args=[pendaftaran_a.pk]) not in response.content.decode()


def test_the_coordinator_sees_no_staff_actions(client, coordinator_x, pendaftaran_a):
    client.force_login(coordinator_x.user)
    content = client.get(url(pendaftaran_a)).content.decode()
    assert reverse("magang:staff_record_answer", args=[pendaftaran_a.pk]) not in content
    assert 'method="post"' not in content.split("<main", 1)[1].split("</main>")[0]


def test_after_the_answer_there_is_no_upload_link(client, pendaftaran_a, staff):
    answers.record_answer(pendaftaran=pendaftaran_a, hasil="diterima", by=staff)
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(url(pendaftaran_a))
    assert reverse("magang:upload_reply", args=[pendaftaran_a.pk]) not in response.content.decode()
    assert str(Pendaftaran.Status.DITERIMA.label) in page_text(response)


def test_uploaded_replies_show_their_verification(client, pendaftaran_a, staff):
    balasan = answers.upload_reply(
        pendaftaran=pendaftaran_a, by=pendaftaran_a.mahasiswa.user, hasil="diterima", berkas=png()
    )
    answers.verify_reply(balasan=balasan, by=staff, sah=False, alasan="Tidak terbaca")
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(url(pendaftaran_a))
    text = page_text(response)
    assert "Tidak terbaca" in text
    assert str(SuratBalasan.Verifikasi.DITOLAK.label) in text
    assert reverse("magang:reply_file", args=[balasan.pk]) in response.content.decode()
    # The refused reply does not stop a new upload.
    assert reverse("magang:upload_reply", args=[pendaftaran_a.pk]) in response.content.decode()


def test_the_owner_sees_the_countdown_while_the_company_has_not_answered(
    client, student_a, lowongan, coordinator_x
):
    with at(2026, 11, 2, 10, 0):
        pendaftaran = submit(student_a, lowongan=lowongan)
    client.force_login(student_a.user)
    with at(2026, 11, 9, 8, 0):  # the next Monday
        text = page_text(client.get(url(pendaftaran)))
    assert "17 November 2026" in text
    assert countdown(days=8, working_days=5) in text

    client.force_login(coordinator_x.user)  # not theirs to wait for: the date only
    with at(2026, 11, 9, 8, 0):
        text = page_text(client.get(url(pendaftaran)))
    assert "17 November 2026" in text
    assert countdown(days=8, working_days=5) not in text


def test_no_countdown_once_the_block_has_lifted(client, student_a, lowongan):
    with at(2026, 11, 2, 10, 0):
        pendaftaran = submit(student_a, lowongan=lowongan)
    client.force_login(student_a.user)
    with at(2026, 11, 17, 0, 0):  # past the deadline, before the sweep
        response = client.get(url(pendaftaran))
    assert "data-countdown" not in response.content.decode()
