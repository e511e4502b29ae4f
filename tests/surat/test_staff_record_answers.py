"""Staff record the company's answers for several students of one surat
permohonan at once, from the letter page: surat:record_answers. One form
per student still waiting; all answers go through the record-answer service
in one transaction, each with its event, or none is recorded."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from magang import answers as magang_answers
from magang import services as magang_services
from magang.models import Pendaftaran, Peristiwa
from notifikasi.models import Notifikasi
from surat.company import services as company_services
from tests.factories import MahasiswaFactory
from tests.support.applications import submit
from tests.support.letters import issue
from tests.support.pages import messages_of, page_text, user_of

pytestmark = pytest.mark.django_db
Status = Pendaftaran.Status


@pytest.fixture
def group(pendaftaran_a):
    """student_a and two classmates applied to the same company."""
    classmates = [
        submit(
            MahasiswaFactory(nim=nim, prodi=pendaftaran_a.mahasiswa.prodi, user__nama=nama),
            perusahaan=pendaftaran_a.perusahaan,
        )
        for nim, nama in (("3312501078", "Dedi Putra"), ("3312501079", "Eka Wati"))
    ]
    return [pendaftaran_a, *classmates]


@pytest.fixture
def group_letter(group, staff):
    return issue(group, staff)


def url(surat):
    return reverse("surat:record_answers", args=[surat.pk])


def post(client, surat, *rows):
    """rows: (hasil, catatan) per student in the letter's order."""
    data = {"jawaban-TOTAL_FORMS": str(len(rows)), "jawaban-INITIAL_FORMS": "0"}
    for i, (hasil, catatan) in enumerate(rows):
        data[f"jawaban-{i}-hasil"] = hasil
        data[f"jawaban-{i}-catatan"] = catatan
    return client.post(url(surat), data)


def statuses(group):
    return [Pendaftaran.objects.get(pk=p.pk).status for p in group]


def test_the_letter_page_has_one_row_per_student_waiting(client, staff, group_letter):
    client.force_login(staff)
    response = client.get(reverse("surat:detail", args=[group_letter.pk]))
    content = response.content.decode()
    assert f'action="{url(group_letter)}"' in content
    assert content.count('name="jawaban-') == 3 * 2 + 4  # 3 rows of 2 fields, the management form
    assert 'maxlength="1000"' in content
    assert "Dedi Putra" in page_text(response)


def test_staff_record_each_students_answer_at_once(
    client, staff, group, group_letter, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, group_letter, ("diterima", "Divisi QA"), ("ditolak", ""), ("", ""))

    assert response.status_code == 302
    assert response.url == reverse("surat:detail", args=[group_letter.pk])
    assert messages_of(response) == [
        ngettext(
            "The answer for %(n)s student is recorded.",
            "The answers for %(n)s students are recorded.",
            2,
        )
        % {"n": 2}
    ]
    assert statuses(group) == [Status.DITERIMA, Status.DITOLAK, Status.DIAJUKAN]
    accepted = group[0].peristiwa.get(jenis=Peristiwa.Jenis.DITERIMA)
    assert (accepted.aktor, accepted.catatan) == (staff, "Divisi QA")
    assert group[1].peristiwa.get(jenis=Peristiwa.Jenis.DITOLAK).aktor == staff
    assert not group[2].peristiwa.filter(jenis__in=["diterima", "ditolak"]).exists()
    told = Notifikasi.objects.filter(jenis="jawaban").values_list("penerima", flat=True)
    assert sorted(told) == sorted([group[0].mahasiswa.user_id, group[1].mahasiswa.user_id])
    assert len(mailoutbox) == 2

    # The page now offers the one student still waiting.
    page = client.get(reverse("surat:detail", args=[group_letter.pk])).content.decode()
    assert page.count('name="jawaban-') == 2 + 4


def test_nothing_is_recorded_when_one_answer_fails(client, staff, group, group_letter):
    """Eka's application was cancelled after the page was opened: the whole
    form is refused, Ani's answer too."""
    client.force_login(staff)
    magang_services.cancel_application(pendaftaran=group[2], by=staff, alasan="Mundur")

    response = post(client, group_letter, ("diterima", ""), ("ditolak", ""), ("diterima", ""))

    assert response.status_code == 302
    assert messages_of(response) == [
        gettext("The list of students changed in the meantime. Check it and send again.")
    ]
    assert statuses(group) == [Status.DIAJUKAN, Status.DIAJUKAN, Status.DIBATALKAN]
    assert not Peristiwa.objects.filter(jenis__in=["diterima", "ditolak"]).exists()


def test_the_service_records_all_or_nothing(staff, group, group_letter):
    # Dedi is answered elsewhere first (through his own page, say).
    magang_answers.record_answer(pendaftaran=group[1], hasil="ditolak", by=staff)

    with pytest.raises(company_services.AlreadyAnswered, match="3312501078"):
        company_services.record_staff_answers(
            surat=group_letter,
            answers={
                group[0].pk: {"hasil": "diterima", "catatan": ""},
                group[1].pk: {"hasil": "diterima", "catatan": ""},
            },
            by=staff,
        )

    assert statuses(group) == [Status.DIAJUKAN, Status.DITOLAK, Status.DIAJUKAN]
    assert group[0].peristiwa.filter(jenis="diterima").count() == 0


def test_an_application_not_on_the_letter_is_refused(staff, group_letter, pendaftaran_b):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        company_services.record_staff_answers(
            surat=group_letter, answers={pendaftaran_b.pk: {"hasil": "diterima"}}, by=staff
        )
    assert Pendaftaran.objects.get(pk=pendaftaran_b.pk).status == Status.DIAJUKAN


def test_an_empty_form_says_to_choose_an_answer(client, staff, group_letter):
    client.force_login(staff)

    response = post(client, group_letter, ("", ""), ("", ""), ("", ""))

    assert response.status_code == 400
    assert gettext("Choose the answer for at least one student.") in page_text(response)


def test_a_note_longer_than_its_limit_is_refused_not_cut(client, staff, group, group_letter):
    client.force_login(staff)

    response = post(client, group_letter, ("diterima", "x" * 1001), ("ditolak", ""), ("", ""))

    assert response.status_code == 400
    assert "1000" in page_text(response)
    assert statuses(group) == [Status.DIAJUKAN] * 3


def test_a_cover_letter_and_a_voided_letter_offer_no_answers(client, staff, group_letter):
    from surat.letters import services

    services.void_letter(surat=group_letter, by=staff, alasan="Salah alamat")
    client.force_login(staff)
    page = client.get(reverse("surat:detail", args=[group_letter.pk])).content.decode()
    assert url(group_letter) not in page
    response = post(client, group_letter, ("diterima", ""))
    assert response.status_code == 302
    assert Peristiwa.objects.filter(jenis="diterima").count() == 0


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_only_staff_record_answers(client, request, who, group, group_letter):
    user = user_of(request, who)
    client.force_login(user)
    assert post(client, group_letter, ("diterima", ""), ("", ""), ("", "")).status_code == 403
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        company_services.record_staff_answers(
            surat=group_letter, answers={group[0].pk: {"hasil": "diterima"}}, by=user
        )
    assert statuses(group) == [Status.DIAJUKAN] * 3


def test_it_takes_posts_only(client, staff, group_letter):
    client.force_login(staff)
    assert client.get(url(group_letter)).status_code == 405
