"""The student's pages at the service door: the letter checklist, a
question, their requests, one request's page, fixing and withdrawing, and
the links from the application page and the menu."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext

from magang import answers as magang_answers
from magang.models import Pendaftaran
from surat.desk import handling, requesting
from surat.models import Jenis, Permintaan
from tests.factories import PerusahaanFactory
from tests.support.applications import classmate_of, submit
from tests.support.clock import WIB, at
from tests.support.letters import accept, ask_for_letter
from tests.support.pages import page_text, user_of

pytestmark = pytest.mark.django_db

Status = Permintaan.Status


@pytest.fixture(autouse=True)
def _monday_morning():
    """Monday 7 December 2026, 09:00 WIB, inside service hours."""
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=WIB), tick=False):
        yield


def new_url(pendaftaran):
    return reverse("surat:request_new") + f"?pendaftaran={pendaftaran.pk}"


def detail_url(permintaan):
    return reverse("surat:request_detail", args=[permintaan.pk])


def request_links(content):
    """How many links to request pages `content` holds."""
    prefix = reverse("surat:my_requests").removesuffix("saya/")
    return len(re.findall(rf'href="{re.escape(prefix)}\d+/"', content))


def checklist(**extra):
    data = {
        "penerima_nama": "Ibu Ratna Sari",
        "penerima_jabatan": "Manajer HRD",
        "mulai": "2027-02-01",
        "selesai": "2027-05-31",
        "anggota": "",
        "isi": "",
        "data_benar": "on",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def returned(pendaftaran_a, staff):
    """student_a's letter request, returned by staff with a reason."""
    permintaan = ask_for_letter(pendaftaran_a, isi="Mohon segera.")
    handling.return_request(
        permintaan=permintaan, by=staff, alasan="Jabatan penerima kurang lengkap."
    )
    permintaan.refresh_from_db()
    return permintaan


# --- the checklist ----------------------------------------------------------


def test_the_checklist_is_prefilled_from_the_application(client, pendaftaran_a):
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(new_url(pendaftaran_a))
    assert response.status_code == 200
    content, text = response.content.decode(), page_text(response)
    assert 'value="HRD"' in content and 'value="Ibu Ratna"' in content
    assert f'value="{pendaftaran_a.mulai:%Y-%m-%d}"' in content
    assert f'value="{pendaftaran_a.selesai:%Y-%m-%d}"' in content
    assert str(Jenis.PERMOHONAN.label).capitalize() in text
    assert "PT Batam Presisi Elektronik" in text and "3312501001" in text
    assert gettext("I confirm the data is right") in text
    assert 'name="perlu_balasan"' not in content  # only a cover letter asks


def test_a_complete_checklist_sends_the_request(client, pendaftaran_a):
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.post(new_url(pendaftaran_a), checklist(isi="Terima kasih."))

    permintaan = Permintaan.objects.get()
    assert response.status_code == 302 and response.url == detail_url(permintaan)
    assert permintaan.jenis == "permohonan" and permintaan.pemohon == pendaftaran_a.mahasiswa
    assert permintaan.penerima_nama == "Ibu Ratna Sari"
    assert permintaan.mulai == dt.date(2027, 2, 1) and permintaan.isi == "Terima kasih."
    assert permintaan.jam.count() == 2
    followed = client.get(response.url)
    assert gettext("Your request #%(pk)s has reached the unit.") % {
        "pk": permintaan.pk
    } in page_text(followed)


def test_without_the_confirmation_nothing_is_sent(client, pendaftaran_a):
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.post(new_url(pendaftaran_a), checklist(data_benar=None))
    assert response.status_code == 200
    assert gettext("Confirm that the data on the letter is right.") in page_text(response)
    assert not Permintaan.objects.exists()


def test_the_services_errors_appear_next_to_their_fields(client, pendaftaran_a):
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.post(
        new_url(pendaftaran_a),
        checklist(anggota="9999999999", mulai="2027-06-01", selesai="2027-05-01"),
    )
    assert response.status_code == 200
    content, text = response.content.decode(), page_text(response)
    assert (
        gettext("%(nim)s has no matching application to %(company)s.")
        % {
            "nim": "9999999999",
            "company": pendaftaran_a.perusahaan.nama,
        }
        in text
    )
    assert 'id="error_1_id_anggota"' in content  # crispy's error element under the field
    assert not Permintaan.objects.exists()


def test_a_nim_that_exists_elsewhere_answers_as_one_that_does_not(client, pendaftaran_a, student_b):
    client.force_login(pendaftaran_a.mahasiswa.user)

    def error_for(nim):
        response = client.post(new_url(pendaftaran_a), checklist(anggota=nim))
        return page_text(response).replace(nim, "NIM")

    assert error_for(student_b.nim) == error_for("9999999999")
    assert not Permintaan.objects.exists()


def test_a_group_request_from_the_form_names_the_classmates(client, pendaftaran_a):
    classmate_of(pendaftaran_a, "3312501078")
    classmate_of(pendaftaran_a, "3312501079", nama="Eka Wati")
    client.force_login(pendaftaran_a.mahasiswa.user)
    client.post(new_url(pendaftaran_a), checklist(anggota="3312501078,\n3312501079"))
    permintaan = Permintaan.objects.get()
    nims = sorted(a.pendaftaran.mahasiswa.nim for a in permintaan.anggota.all())
    assert nims == ["3312501001", "3312501078", "3312501079"]


def test_an_open_request_is_shown_instead_of_a_second_form(client, pendaftaran_a):
    first = ask_for_letter(pendaftaran_a)
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(new_url(pendaftaran_a))
    content = response.content.decode()
    assert detail_url(first) in content
    assert 'name="data_benar"' not in content
    client.post(new_url(pendaftaran_a), checklist())
    assert Permintaan.objects.count() == 1


def test_a_returned_request_is_offered_for_fixing(client, returned):
    client.force_login(returned.pemohon.user)
    pendaftaran = returned.anggota.get().pendaftaran
    content = client.get(new_url(pendaftaran)).content.decode()
    assert reverse("surat:request_fix", args=[returned.pk]) in content


def test_an_accepted_application_gets_a_cover_letter(client, pendaftaran_a, staff):
    accept(pendaftaran_a, staff)
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(new_url(pendaftaran_a))
    assert 'name="perlu_balasan"' in response.content.decode()
    assert str(Jenis.PENGANTAR.label).capitalize() in page_text(response)

    client.post(new_url(pendaftaran_a), checklist())  # perlu_balasan unticked

    permintaan = Permintaan.objects.get()
    assert permintaan.jenis == "pengantar" and permintaan.perlu_balasan is False


@pytest.mark.parametrize("status", ["ditolak", "kedaluwarsa", "dibatalkan"])
def test_a_closed_application_gets_a_message_and_no_form(client, pendaftaran_a, status):
    Pendaftaran.objects.filter(pk=pendaftaran_a.pk).update(status=status)
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(new_url(pendaftaran_a))
    assert response.status_code == 200
    assert 'name="data_benar"' not in response.content.decode()
    assert str(Pendaftaran.Status(status).label) in page_text(response)
    client.post(new_url(pendaftaran_a), checklist())
    assert not Permintaan.objects.exists()


@pytest.mark.parametrize("who", ["student_b", "coordinator_x", "staff", "outsider"])
def test_nobody_else_asks_for_a_students_letter(client, request, pendaftaran_a, who):
    client.force_login(user_of(request, who))
    assert client.get(new_url(pendaftaran_a)).status_code == 404
    assert client.post(new_url(pendaftaran_a), checklist()).status_code == 404
    assert not Permintaan.objects.exists()


@pytest.mark.parametrize("query", ["", "?pendaftaran=", "?pendaftaran=abc", "?pendaftaran=999999"])
def test_a_missing_or_unknown_application_is_not_found(client, student_a, query):
    client.force_login(student_a.user)
    assert client.get(reverse("surat:request_new") + query).status_code == 404


@pytest.mark.parametrize("name", ["surat:request_new", "surat:question_new", "surat:my_requests"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- questions --------------------------------------------------------------


def test_a_student_asks_the_unit_a_question(client, student_a):
    client.force_login(student_a.user)
    url = reverse("surat:question_new")
    assert client.get(url).status_code == 200

    response = client.post(url, {"isi": "Kapan surat permohonan saya jadi?"})

    question = Permintaan.objects.get()
    assert response.status_code == 302 and response.url == detail_url(question)
    assert question.jenis == "pertanyaan" and question.isi == "Kapan surat permohonan saya jadi?"
    assert list(question.jam.values_list("jenis", flat=True)) == ["tanggapan"]


def test_an_empty_question_is_explained(client, student_a):
    client.force_login(student_a.user)
    response = client.post(reverse("surat:question_new"), {"isi": "  "})
    assert response.status_code == 200
    assert gettext("Write your question.") in page_text(response)
    assert not Permintaan.objects.exists()


@pytest.mark.parametrize("who", ["coordinator_x", "staff", "outsider"])
def test_only_students_ask_questions_here(client, request, who):
    client.force_login(user_of(request, who))
    assert client.post(reverse("surat:question_new"), {"isi": "Halo"}).status_code == 404
    assert not Permintaan.objects.exists()


# --- my requests ------------------------------------------------------------


def test_my_requests_lists_only_mine_newest_first(client, pendaftaran_a, pendaftaran_b, staff):
    letter = ask_for_letter(pendaftaran_a)
    with at(2026, 12, 7, 9, 30):
        question = requesting.ask_question(pemohon=pendaftaran_a.mahasiswa, isi="Halo?")
    others = ask_for_letter(pendaftaran_b)
    client.force_login(pendaftaran_a.mahasiswa.user)

    response = client.get(reverse("surat:my_requests"))

    content, text = response.content.decode(), page_text(response)
    assert content.index(detail_url(question)) < content.index(detail_url(letter))
    assert detail_url(others) not in content
    assert str(Status.MENUNGGU.label).capitalize() in text
    assert "7 Des 2026 09:00 WIB" in text
    assert reverse("surat:question_new") in content
    assert gettext("Ask the unit a question") in text


def test_an_issued_letter_can_be_downloaded_from_my_requests(client, pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    surat = handling.issue_from_request(permintaan=permintaan, by=staff)
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(reverse("surat:my_requests"))
    assert reverse("surat:download", args=[surat.pk]) in response.content.decode()
    assert surat.nomor in page_text(response)
    assert str(Status.SELESAI.label).capitalize() in page_text(response)


def test_my_requests_are_paginated(client, student_a):
    for i in range(21):
        requesting.ask_question(pemohon=student_a, isi=f"Soalku-{i:02d}")
    client.force_login(student_a.user)
    first = client.get(reverse("surat:my_requests"))
    second = client.get(reverse("surat:my_requests") + "?page=2")
    assert page_text(first).count("Soalku-") == 20
    assert "Soalku-00" in page_text(second)


def test_my_requests_cost_the_same_queries_for_1_and_10(
    client, student_a, staff, django_assert_max_num_queries
):
    def some(n):
        for i in range(n):
            pendaftaran = submit(student_a, perusahaan=PerusahaanFactory())
            permintaan = ask_for_letter(pendaftaran)
            handling.issue_from_request(permintaan=permintaan, by=staff)
            magang_answers.record_answer(pendaftaran=pendaftaran, hasil="ditolak", by=staff)
            requesting.ask_question(pemohon=student_a, isi=f"Pertanyaan {i}")

    some(1)
    client.force_login(student_a.user)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("surat:my_requests"))
    some(9)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("surat:my_requests"))
    assert request_links(response.content.decode()) == 20


# --- one request's page -----------------------------------------------------


def test_the_requester_sees_the_checklist_members_and_the_promise(client, pendaftaran_a):
    classmate_of(pendaftaran_a, "3312501078")
    permintaan = ask_for_letter(pendaftaran_a, anggota_nim=["3312501078"], isi="Mohon segera.")
    client.force_login(pendaftaran_a.mahasiswa.user)

    response = client.get(detail_url(permintaan))

    assert response.status_code == 200
    content, text = response.content.decode(), page_text(response)
    assert "Manajer HRD" in text and "Ibu Ratna" in text and "Mohon segera." in text
    assert "Ani Lestari" in text and "3312501001" in text
    assert "Dedi Putra" in text and "3312501078" in text
    assert (
        gettext(
            "Staff respond to your request within %(minutes)s service minutes and issue the "
            "letter within %(issue)s service minutes."
        )
        % {"minutes": 15, "issue": 60}
        in text
    )
    assert "09:15 WIB" in text and "10:00 WIB" in text  # the deadlines of this round
    assert "08:00–16:00" in text
    assert reverse("surat:request_withdraw", args=[permintaan.pk]) in content
    assert reverse("surat:request_fix", args=[permintaan.pk]) not in content


def test_a_classmate_on_the_letter_reads_it_without_actions(client, pendaftaran_a):
    dedi = classmate_of(pendaftaran_a, "3312501078")
    permintaan = ask_for_letter(pendaftaran_a, anggota_nim=["3312501078"])
    client.force_login(dedi.mahasiswa.user)

    response = client.get(detail_url(permintaan))

    assert response.status_code == 200
    assert "Ani Lestari" in page_text(response)
    assert reverse("surat:request_withdraw", args=[permintaan.pk]) not in (
        response.content.decode()
    )
    withdraw = client.post(reverse("surat:request_withdraw", args=[permintaan.pk]))
    assert withdraw.status_code == 404
    permintaan.refresh_from_db()
    assert permintaan.status == Status.MENUNGGU


@pytest.mark.parametrize("who", ["student_b", "coordinator_x", "coordinator_y", "outsider"])
def test_nobody_else_finds_a_request(client, request, pendaftaran_a, who):
    permintaan = ask_for_letter(pendaftaran_a)
    client.force_login(user_of(request, who))
    assert client.get(detail_url(permintaan)).status_code == 404
    assert client.get(reverse("surat:request_fix", args=[permintaan.pk])).status_code == 404
    post = client.post(reverse("surat:request_withdraw", args=[permintaan.pk]))
    assert post.status_code == 404


def test_staff_are_sent_to_their_own_page(client, pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    client.force_login(staff)
    response = client.get(detail_url(permintaan))
    assert response.status_code == 302
    assert response.url == reverse("surat:request_staff", args=[permintaan.pk])


def test_anonymous_visitors_sign_in_to_read_a_request(client, pendaftaran_a):
    permintaan = ask_for_letter(pendaftaran_a)
    for url in [detail_url(permintaan), reverse("surat:request_fix", args=[permintaan.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.post(reverse("surat:request_withdraw", args=[permintaan.pk]))
    permintaan.refresh_from_db()
    assert permintaan.status == Status.MENUNGGU


def test_a_returned_request_shows_the_reason_and_the_fix_link(client, returned):
    client.force_login(returned.pemohon.user)
    response = client.get(detail_url(returned))
    assert "Jabatan penerima kurang lengkap." in page_text(response)
    assert reverse("surat:request_fix", args=[returned.pk]) in response.content.decode()


def test_an_answered_question_shows_the_answer(client, student_a, staff):
    question = requesting.ask_question(pemohon=student_a, isi="Apakah bisa daring?")
    handling.answer_question(permintaan=question, by=staff, jawaban="Bisa, dengan izin.")
    client.force_login(student_a.user)
    text = page_text(client.get(detail_url(question)))
    assert "Apakah bisa daring?" in text and "Bisa, dengan izin." in text
    assert (
        gettext("Staff respond to your question within %(minutes)s service minutes.")
        % {"minutes": 15}
        in text
    )


def test_an_issued_letter_is_downloadable_by_everyone_on_it(client, pendaftaran_a, staff):
    dedi = classmate_of(pendaftaran_a, "3312501078")
    permintaan = ask_for_letter(pendaftaran_a, anggota_nim=["3312501078"])
    surat = handling.issue_from_request(permintaan=permintaan, by=staff)
    for user in (pendaftaran_a.mahasiswa.user, dedi.mahasiswa.user):
        client.force_login(user)
        content = client.get(detail_url(permintaan)).content.decode()
        link = reverse("surat:download", args=[surat.pk])
        assert link in content
        assert client.get(link).status_code == 200


# --- fixing and withdrawing -------------------------------------------------


def test_the_fix_form_is_prefilled_with_the_current_values(client, returned, pendaftaran_a):
    classmate_of(pendaftaran_a, "3312501078")
    client.force_login(returned.pemohon.user)
    response = client.get(reverse("surat:request_fix", args=[returned.pk]))
    assert response.status_code == 200
    content, text = response.content.decode(), page_text(response)
    assert 'value="Manajer HRD"' in content and 'value="Ibu Ratna"' in content
    assert 'value="2027-02-01"' in content and "Mohon segera." in text
    assert "Jabatan penerima kurang lengkap." in text
    box = re.search(r'<input[^>]*name="data_benar"[^>]*>', content).group(0)
    assert "checked" not in box  # confirmed again for every round


def test_a_fixed_request_comes_back_with_fresh_clocks(client, returned):
    client.force_login(returned.pemohon.user)
    url = reverse("surat:request_fix", args=[returned.pk])
    with at(2026, 12, 7, 10, 30):
        response = client.post(url, checklist(penerima_jabatan="Manajer Sumber Daya Manusia"))

    assert response.status_code == 302 and response.url == detail_url(returned)
    returned.refresh_from_db()
    assert returned.status == Status.MENUNGGU and returned.putaran == 2
    assert returned.penerima_jabatan == "Manajer Sumber Daya Manusia"
    round_two = returned.jam.filter(putaran=2)
    assert round_two.count() == 2
    assert all(j.mulai == dt.datetime(2026, 12, 7, 10, 30, tzinfo=WIB) for j in round_two)


def test_a_fix_with_errors_changes_nothing(client, returned):
    client.force_login(returned.pemohon.user)
    url = reverse("surat:request_fix", args=[returned.pk])
    response = client.post(url, checklist(data_benar=None, anggota="9999999999"))
    assert response.status_code == 200
    text = page_text(response)
    assert gettext("Confirm that the data on the letter is right.") in text
    returned.refresh_from_db()
    assert returned.status == Status.DIKEMBALIKAN and returned.putaran == 1


def test_a_request_that_is_not_returned_cannot_be_fixed(client, pendaftaran_a):
    permintaan = ask_for_letter(pendaftaran_a)
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(reverse("surat:request_fix", args=[permintaan.pk]))
    assert response.status_code == 302 and response.url == detail_url(permintaan)


def test_the_requester_withdraws_a_request(client, pendaftaran_a):
    permintaan = ask_for_letter(pendaftaran_a)
    client.force_login(pendaftaran_a.mahasiswa.user)
    url = reverse("surat:request_withdraw", args=[permintaan.pk])
    assert client.get(url).status_code == 405

    response = client.post(url)

    assert response.status_code == 302 and response.url == detail_url(permintaan)
    permintaan.refresh_from_db()
    assert permintaan.status == Status.DIBATALKAN
    assert not permintaan.jam.filter(berhenti_pada__isnull=True).exists()
    again = client.post(url, follow=True)
    assert gettext("This request can no longer be withdrawn.") in page_text(again)


# --- links from the application page and the menu -------------------------


def test_the_application_page_offers_a_letter_and_lists_its_requests(client, pendaftaran_a):
    permintaan = ask_for_letter(pendaftaran_a)
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(reverse("magang:detail", args=[pendaftaran_a.pk]))
    content = response.content.decode()
    assert new_url(pendaftaran_a) in content
    assert gettext("Request a letter") in page_text(response)
    assert detail_url(permintaan) in content


def test_a_classmates_request_naming_me_is_listed_on_my_application(client, pendaftaran_a):
    dedi = classmate_of(pendaftaran_a, "3312501078")
    permintaan = ask_for_letter(pendaftaran_a, anggota_nim=["3312501078"])
    client.force_login(dedi.mahasiswa.user)
    content = client.get(reverse("magang:detail", args=[dedi.pk])).content.decode()
    assert detail_url(permintaan) in content


def test_a_closed_application_offers_no_letter(client, pendaftaran_a):
    Pendaftaran.objects.filter(pk=pendaftaran_a.pk).update(status="ditolak")
    client.force_login(pendaftaran_a.mahasiswa.user)
    content = client.get(reverse("magang:detail", args=[pendaftaran_a.pk])).content.decode()
    assert reverse("surat:request_new") not in content


@pytest.mark.parametrize("who", ["coordinator_x", "staff"])
def test_others_reading_the_application_get_no_request_button(client, request, pendaftaran_a, who):
    ask_for_letter(pendaftaran_a)
    client.force_login(user_of(request, who))
    content = client.get(reverse("magang:detail", args=[pendaftaran_a.pk])).content.decode()
    assert reverse("surat:request_new") not in content
    assert request_links(content) == 0


def test_the_application_page_costs_one_query_for_its_requests(
    client, pendaftaran_a, staff, django_assert_max_num_queries
):
    client.force_login(pendaftaran_a.mahasiswa.user)
    url = reverse("magang:detail", args=[pendaftaran_a.pk])
    with django_assert_max_num_queries(40) as none_yet:
        client.get(url)
    for _ in range(3):
        permintaan = ask_for_letter(pendaftaran_a)
        requesting.withdraw(permintaan=permintaan, by=pendaftaran_a.mahasiswa.user)
    with django_assert_max_num_queries(len(none_yet.captured_queries)):
        response = client.get(url)
    assert request_links(response.content.decode()) == 3


def test_the_menu_leads_students_to_their_requests(client, student_a):
    client.force_login(student_a.user)
    response = client.get(reverse("magang:my_applications"))
    assert reverse("surat:my_requests") in response.content.decode()
    assert gettext("Requests") in page_text(response)
