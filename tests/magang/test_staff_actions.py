"""The staff actions on the application page (templates/magang/staf/_actions.html),
as each state allows them."""

import pytest
from django.urls import reverse

from magang import answers
from tests.support.applications import expired, uploaded_reply, waiting_for_approval

pytestmark = pytest.mark.django_db


def page(client, user, pendaftaran):
    client.force_login(user)
    response = client.get(reverse("magang:detail", args=[pendaftaran.pk]))
    assert response.status_code == 200
    return response.content.decode()


def action(name, pendaftaran):
    return f'action="{reverse("magang:" + name, args=[pendaftaran.pk])}"'


def test_a_submitted_application_can_be_answered_or_cancelled(client, staff, pendaftaran_a):
    content = page(client, staff, pendaftaran_a)
    assert action("staff_record_answer", pendaftaran_a) in content
    assert 'enctype="multipart/form-data"' in content
    assert action("staff_cancel", pendaftaran_a) in content
    assert action("staff_approve", pendaftaran_a) not in content
    assert reverse("magang:reply_template_pdf", args=[pendaftaran_a.pk]) in content
    assert reverse("magang:student_timeline", args=[pendaftaran_a.mahasiswa_id]) in content


def test_every_field_has_a_label(client, staff, pendaftaran_a):
    content = page(client, staff, pendaftaran_a)
    for field_id in ["staff-hasil-diterima", "staff-hasil-ditolak", "staff-berkas", "staff-alasan"]:
        assert f'for="{field_id}"' in content
        assert f'id="{field_id}"' in content


def test_an_expired_application_still_takes_a_late_answer(client, staff, student_a):
    pendaftaran = expired(student_a)
    content = page(client, staff, pendaftaran)
    assert action("staff_record_answer", pendaftaran) in content


def test_a_registration_waiting_for_approval_can_be_approved(client, staff, student_a):
    pendaftaran = waiting_for_approval(student_a, staff)
    content = page(client, staff, pendaftaran)
    assert action("staff_approve", pendaftaran) in content
    assert action("staff_record_answer", pendaftaran) not in content


def test_an_uploaded_reply_can_be_verified_from_the_page(client, staff, pendaftaran_a):
    balasan = uploaded_reply(pendaftaran_a)
    content = page(client, staff, pendaftaran_a)
    verify = f'action="{reverse("magang:staff_verify_reply", args=[balasan.pk])}"'
    assert content.count(verify) == 2
    assert f'name="next" value="{reverse("magang:detail", args=[pendaftaran_a.pk])}"' in content


def test_a_rejected_application_offers_no_more_actions(client, staff, pendaftaran_a):
    answers.record_answer(pendaftaran=pendaftaran_a, hasil="ditolak", by=staff)
    content = page(client, staff, pendaftaran_a)
    assert action("staff_record_answer", pendaftaran_a) not in content
    assert action("staff_cancel", pendaftaran_a) not in content


@pytest.mark.parametrize("who", ["student_a", "coordinator_x"])
def test_others_do_not_see_the_staff_actions(client, request, who, pendaftaran_a):
    obj = request.getfixturevalue(who)
    content = page(client, obj.user, pendaftaran_a)
    assert action("staff_cancel", pendaftaran_a) not in content
    assert reverse("magang:reply_template_pdf", args=[pendaftaran_a.pk]) not in content
