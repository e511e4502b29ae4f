"""The student's own applications with their state, dates and one timeline."""

import pytest
from django.urls import reverse

from magang import answers
from magang.models import Peristiwa
from tests.support.applications import submit
from tests.support.clock import at
from tests.support.files import png
from tests.support.pages import countdown, page_text, user_of

pytestmark = pytest.mark.django_db
URL = reverse("magang:my_applications")


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["outsider", "coordinator_x", "staff"])
def test_other_roles_are_refused(client, request, who):
    client.force_login(user_of(request, who))
    assert client.get(URL).status_code == 403


def test_it_lists_only_the_students_own_applications(client, pendaftaran_a, pendaftaran_b):
    client.force_login(pendaftaran_a.mahasiswa.user)
    text = page_text(client.get(URL))
    assert pendaftaran_a.perusahaan.nama in text
    assert pendaftaran_b.perusahaan.nama not in text


def test_both_tracks_and_a_rejection_are_in_the_list_and_the_timeline(
    client, student_a, lowongan, staff
):
    with at(2026, 11, 2, 10, 0):
        first = submit(student_a, lowongan=lowongan)
    with at(2026, 11, 5, 14, 0):
        answers.record_answer(pendaftaran=first, hasil="ditolak", by=staff, catatan="Kuota habis")
    with at(2026, 11, 6, 9, 0):
        second = submit(student_a)  # mandiri
        client.force_login(student_a.user)
        response = client.get(URL)
    text = page_text(response)
    assert first.perusahaan.nama in text and second.perusahaan.nama in text
    assert first.get_jalur_display() in text and second.get_jalur_display() in text
    for jenis in (Peristiwa.Jenis.DIAJUKAN, Peristiwa.Jenis.DITOLAK):
        assert jenis.label[:1].upper() + jenis.label[1:] in text
    assert "Kuota habis" in text
    events = list(response.context["events"])
    assert [e.jenis for e in events] == ["diajukan", "ditolak", "diajukan"]
    assert "17 November 2026" not in text  # the first no longer blocks
    # The second's block: Friday 6 November → Saturday 21 November 00:00.
    assert countdown(days=15, working_days=10) in text


def test_it_shows_the_date_the_block_lifts_in_wib(client, student_a, lowongan):
    # 23:30 WIB on Monday is 16:30 UTC: the day counted is the WIB one.
    with at(2026, 11, 2, 23, 30):
        submit(student_a, lowongan=lowongan)
        client.force_login(student_a.user)
        text = page_text(client.get(URL))
    assert "17 November 2026" in text
    assert "23:30 WIB" in text


def test_reply_files_are_listed_with_their_state(client, pendaftaran_a):
    answers.upload_reply(
        pendaftaran=pendaftaran_a, by=pendaftaran_a.mahasiswa.user, hasil="diterima", berkas=png()
    )
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(URL)
    balasan = pendaftaran_a.balasan.get()
    assert reverse("magang:reply_file", args=[balasan.pk]) in response.content.decode()
    assert balasan.get_verifikasi_display() in page_text(response)


def test_the_number_of_queries_does_not_grow_with_applications(
    client, student_a, staff, django_assert_max_num_queries
):
    def some(n):
        for _ in range(n):
            p = submit(student_a)
            answers.upload_reply(pendaftaran=p, by=student_a.user, hasil="ditolak", berkas=png())
            answers.record_answer(pendaftaran=p, hasil="ditolak", by=staff)

    some(2)
    client.force_login(student_a.user)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    some(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
