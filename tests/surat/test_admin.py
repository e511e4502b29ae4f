"""Staff read letters, requests and clocks in the admin but change them only
through the services; the feedback questions are theirs to edit."""

import pytest
from django.urls import reverse

from surat.models import PertanyaanUmpanBalik

pytestmark = pytest.mark.django_db

READ_ONLY = ["surat", "permintaan", "jam", "konfirmasi", "umpanbalik"]


@pytest.mark.parametrize("model", READ_ONLY + ["pertanyaanumpanbalik"])
def test_staff_open_every_changelist(client, staff, model):
    client.force_login(staff)
    assert client.get(reverse(f"admin:surat_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", READ_ONLY)
def test_records_cannot_be_added_in_the_admin(client, staff, model):
    client.force_login(staff)
    assert client.get(reverse(f"admin:surat_{model}_add")).status_code == 403


def test_staff_edit_a_feedback_question_but_never_delete_it(client, staff):
    question = PertanyaanUmpanBalik.objects.first()
    client.force_login(staff)
    response = client.post(
        reverse("admin:surat_pertanyaanumpanbalik_change", args=[question.pk]),
        {"teks": "Etika dan sikap kerja", "urutan": question.urutan, "aktif": "on"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.teks == "Etika dan sikap kerja"
    delete = reverse("admin:surat_pertanyaanumpanbalik_delete", args=[question.pk])
    assert client.get(delete).status_code == 403


def test_the_migration_seeds_the_ten_questions_of_the_paper_form():
    assert PertanyaanUmpanBalik.objects.filter(aktif=True).count() == 10
