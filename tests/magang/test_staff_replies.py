"""The queue of uploaded replies waiting for verification: magang:staff_replies."""

import pytest
from django.urls import reverse

from magang import answers
from tests.support.applications import uploaded_reply
from tests.support.cast import NOT_STAFF
from tests.support.pages import user_of

pytestmark = pytest.mark.django_db
URL = reverse("magang:staff_replies")


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", NOT_STAFF)
def test_only_staff_work_the_queue(client, request, who):
    client.force_login(user_of(request, who))
    assert client.get(URL).status_code == 403


def test_it_shows_each_waiting_reply_with_its_forms(client, staff, pendaftaran_a):
    balasan = uploaded_reply(pendaftaran_a, hasil="diterima")
    client.force_login(staff)
    content = client.get(URL).content.decode()
    assert "Ani Lestari" in content and "3312501001" in content
    assert "PT Batam Presisi Elektronik" in content
    assert str(balasan.get_hasil_display()) in content
    assert "012/HRD/2026" in content
    assert reverse("magang:reply_file", args=[balasan.pk]) in content
    action = reverse("magang:staff_verify_reply", args=[balasan.pk])
    assert content.count(f'action="{action}"') == 2  # verify, and refuse with a reason
    assert 'name="alasan"' in content


def test_verified_replies_leave_the_queue(client, staff, pendaftaran_a, pendaftaran_b):
    done = uploaded_reply(pendaftaran_a)
    answers.verify_reply(balasan=done, by=staff, sah=True)
    waiting = uploaded_reply(pendaftaran_b, hasil="ditolak")
    client.force_login(staff)
    response = client.get(URL)
    assert list(response.context["page"].object_list) == [waiting]


def test_an_empty_queue_says_so(client, staff):
    from django.utils.translation import gettext

    client.force_login(staff)
    content = client.get(URL).content.decode()
    assert gettext("No replies are waiting for verification.") in content
