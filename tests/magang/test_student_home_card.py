"""The card on the student's home page: the block with its date and
countdown, or the way to register."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from magang import answers
from tests.support.applications import submit
from tests.support.clock import at
from tests.support.pages import countdown, page_text

pytestmark = pytest.mark.django_db
URL = reverse("pkpk:student_home")


def test_a_free_student_is_offered_the_vacancies_and_a_self_found_place(client, student_a):
    client.force_login(student_a.user)
    response = client.get(URL)
    content = response.content.decode()
    assert _("You may register an application now") in page_text(response)
    assert reverse("magang:vacancy_list") in content
    assert reverse("magang:apply_mandiri") in content


def test_a_waiting_student_sees_the_date_and_the_countdown(client, student_a, lowongan):
    with at(2026, 11, 2, 10, 0):
        pendaftaran = submit(student_a, lowongan=lowongan)
    client.force_login(student_a.user)
    with at(2026, 11, 9, 8, 0):  # the next Monday
        response = client.get(URL)
    text = page_text(response)
    assert "17 November 2026" in text
    assert countdown(days=8, working_days=5) in text
    assert lowongan.perusahaan.nama in text
    assert reverse("magang:detail", args=[pendaftaran.pk]) in response.content.decode()
    assert _("You may register an application now") not in text


def test_on_the_last_day_the_countdown_says_one_day(client, student_a, lowongan):
    with at(2026, 11, 2, 10, 0):
        submit(student_a, lowongan=lowongan)
    client.force_login(student_a.user)
    with at(2026, 11, 16, 12, 0):
        text = page_text(client.get(URL))
    assert countdown(days=1, working_days=0) in text
    with at(2026, 11, 17, 0, 0):  # lifted, even before the sweep runs
        text = page_text(client.get(URL))
    assert _("You may register an application now") in text


def test_the_block_lifts_when_the_answer_is_recorded(client, student_a, lowongan, staff):
    pendaftaran = submit(student_a, lowongan=lowongan)
    answers.record_answer(pendaftaran=pendaftaran, hasil="ditolak", by=staff)
    client.force_login(student_a.user)
    assert _("You may register an application now") in page_text(client.get(URL))


def test_a_registration_waiting_for_staff_approval_is_explained(client, student_a, staff):
    first = submit(student_a)
    answers.record_answer(pendaftaran=first, hasil="diterima", by=staff)
    submit(student_a)  # accepted before: waits for staff approval
    client.force_login(student_a.user)
    text = page_text(client.get(URL))
    assert _("Your registration waits for staff approval") in text
