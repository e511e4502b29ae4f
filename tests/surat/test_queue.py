"""The staff queue: open requests with both clocks live, one request's page
and its actions (claim, return, issue, answer)."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from magang import answers as magang_answers
from pkpk import roles
from surat.desk import handling, requesting
from surat.models import Jam, PeristiwaLayanan, Permintaan, Surat
from tests.factories import MahasiswaFactory, UserFactory
from tests.support.applications import another_application, submit
from tests.support.clock import WIB, at
from tests.support.letters import ask_for_letter
from tests.support.pages import page_text, user_of

pytestmark = pytest.mark.django_db

NOT_STAFF = ["student_a", "coordinator_x", "outsider"]


@pytest.fixture(autouse=True)
def _monday_morning():
    """Every test runs on Monday 7 December 2026, a working day, from 08:00
    WIB (service hours are 08:00-16:00); tests move on with `at(...)`."""
    with time_machine.travel(dt.datetime(2026, 12, 7, 8, 0, tzinfo=WIB), tick=False):
        yield


def left(n):
    return ngettext("%(n)s service minute left", "%(n)s service minutes left", n) % {"n": n}


def over(n):
    return ngettext("%(n)s minute over", "%(n)s minutes over", n) % {"n": n}


def flashed(response):
    return [str(m) for m in response.context["messages"]]


def clock_states(response):
    return re.findall(r'data-clock="(\w+)"', response.content.decode())


def row_order(response, pks):
    """The request numbers in the order the queue lists them."""
    content = response.content.decode()
    return sorted(pks, key=lambda pk: content.index(reverse("surat:request_staff", args=[pk])))


# The queue ---------------------------------------------------------------------


def test_it_shows_both_clocks_counting_down(client, staff, pendaftaran_a):
    with at(2026, 12, 7, 9, 0):
        permintaan = ask_for_letter(pendaftaran_a)
    client.force_login(staff)
    url = reverse("surat:queue")

    with at(2026, 12, 7, 9, 0):
        response = client.get(url)
    text = page_text(response)
    assert f"#{permintaan.pk}" in text
    assert "Ani Lestari" in text and "3312501001" in text and "IF" in text
    assert "PT Batam Presisi Elektronik" in text
    assert left(15) in text and left(60) in text
    assert clock_states(response) == ["ok", "ok"]

    with at(2026, 12, 7, 9, 10):
        response = client.get(url)
    text = page_text(response)
    assert left(5) in text and left(50) in text
    assert clock_states(response) == ["warning", "ok"]
    assert gettext("Nearly due") in text  # the state in words, not colour alone

    with at(2026, 12, 7, 9, 20):
        response = client.get(url)
    text = page_text(response)
    assert over(5) in text and left(40) in text
    assert clock_states(response) == ["danger", "ok"]
    assert gettext("Overdue") in text


def test_service_minutes_stop_after_closing_time(client, staff, pendaftaran_a):
    with at(2026, 12, 7, 15, 55):
        ask_for_letter(pendaftaran_a)
    client.force_login(staff)

    with at(2026, 12, 7, 20, 0):  # evening: the unit is closed, the clocks wait
        text = page_text(client.get(reverse("surat:queue")))

    assert left(10) in text and left(55) in text


def test_it_orders_requests_by_time_left(client, staff, student_b, pendaftaran_a, prodi_x):
    with at(2026, 12, 7, 9, 0):
        claimed = ask_for_letter(pendaftaran_a)
    with at(2026, 12, 7, 9, 1):
        handling.claim(permintaan=claimed, by=staff)  # only its 60 minutes run now
    with at(2026, 12, 7, 9, 5):
        newer = ask_for_letter(another_application(prodi_x))
    with at(2026, 12, 7, 9, 10):
        question = requesting.ask_question(pemohon=student_b, isi="Kapan surat jadi?")
    client.force_login(staff)

    with at(2026, 12, 7, 9, 12):
        response = client.get(reverse("surat:queue"))

    assert row_order(response, [claimed.pk, newer.pk, question.pk]) == [
        newer.pk,  # first response due 09:20
        question.pk,  # first response due 09:25
        claimed.pk,  # letter due 10:00
    ]
    text = page_text(response)
    assert "Staf PKPK" in text  # who claimed it
    done = ngettext("done in %(n)s service minute", "done in %(n)s service minutes", 1) % {"n": 1}
    assert done in text


def test_the_rows_refresh_themselves_every_30_seconds(client, staff, pendaftaran_a):
    with at(2026, 12, 7, 9, 0):
        permintaan = ask_for_letter(pendaftaran_a)
    client.force_login(staff)

    page = client.get(reverse("surat:queue") + "?jenis=permohonan").content.decode()
    rows_url = reverse("surat:queue_rows") + "?jenis=permohonan"
    assert f'hx-get="{rows_url}"' in page and 'hx-trigger="every 30s"' in page
    assert "<script>" not in page

    with at(2026, 12, 7, 9, 10):
        rows = client.get(rows_url, HTTP_HX_REQUEST="true")
    assert rows.status_code == 200
    assert "<html" not in rows.content.decode()
    assert f"#{permintaan.pk}" in page_text(rows) and left(5) in page_text(rows)


def test_letter_rows_have_a_checkbox_for_the_batch(client, staff, student_b, pendaftaran_a):
    letter = ask_for_letter(pendaftaran_a)
    question = requesting.ask_question(pemohon=student_b, isi="Apakah bisa magang daring?")
    client.force_login(staff)

    page = client.get(reverse("surat:queue")).content.decode()

    assert f'name="permintaan" value="{letter.pk}"' in page
    assert f'name="permintaan" value="{question.pk}"' not in page
    assert f'action="{reverse("surat:batch_new")}"' in page


def test_it_filters_by_kind_and_by_who_handles(client, staff, student_b, pendaftaran_a):
    mine = ask_for_letter(pendaftaran_a)
    handling.claim(permintaan=mine, by=staff)
    question = requesting.ask_question(pemohon=student_b, isi="Apakah bisa magang daring?")
    client.force_login(staff)
    url = reverse("surat:queue")

    def shown(query):
        content = client.get(url + query).content.decode()
        return {
            p.pk for p in (mine, question) if reverse("surat:request_staff", args=[p.pk]) in content
        }

    assert shown("") == {mine.pk, question.pk}
    assert shown("?jenis=pertanyaan") == {question.pk}
    assert shown("?jenis=permohonan") == {mine.pk}
    assert shown("?siapa=mine") == {mine.pk}
    assert shown("?siapa=unclaimed") == {question.pk}


def test_returned_requests_wait_in_their_own_section(client, staff, pendaftaran_a):
    permintaan = ask_for_letter(pendaftaran_a)
    handling.return_request(
        permintaan=permintaan, by=staff, alasan="Jabatan penerima belum lengkap."
    )
    client.force_login(staff)

    response = client.get(reverse("surat:queue"))

    text = page_text(response)
    assert gettext("Returned to students") in text
    assert "Jabatan penerima belum lengkap." in text
    assert 'name="permintaan"' not in response.content.decode()  # not an open row


def test_queries_do_not_grow_with_the_rows(
    client, staff, student_b, pendaftaran_a, prodi_x, django_assert_max_num_queries
):
    with at(2026, 12, 7, 9, 0):
        first = ask_for_letter(pendaftaran_a)
        handling.claim(permintaan=first, by=staff)
    client.force_login(staff)
    url = reverse("surat:queue")
    client.get(url)  # the session and the language settle on the first visit

    with at(2026, 12, 7, 9, 30), CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200

    with at(2026, 12, 7, 9, 5):
        for i in range(6):
            ask_for_letter(another_application(prodi_x, nim=f"33125020{i:02d}"))
        for i in range(3):
            requesting.ask_question(pemohon=student_b, isi=f"Pertanyaan {i}")
    with at(2026, 12, 7, 9, 30), django_assert_max_num_queries(len(one)):
        response = client.get(url)
    assert page_text(response).count(gettext("Overdue")) >= 9

    with at(2026, 12, 7, 9, 30), django_assert_max_num_queries(len(one)):
        client.get(reverse("surat:queue_rows"))


# Permissions ---------------------------------------------------------------------


@pytest.mark.parametrize("who", NOT_STAFF)
def test_only_staff_see_the_queue_and_act(request, client, pendaftaran_a, who):
    permintaan = ask_for_letter(pendaftaran_a)
    client.force_login(user_of(request, who))

    for name in ["surat:queue", "surat:queue_rows"]:
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("surat:request_staff", args=[permintaan.pk])).status_code == 403
    for name, data in [
        ("surat:request_claim", {}),
        ("surat:request_return", {"alasan": "x"}),
        ("surat:request_issue", {}),
        ("surat:question_answer", {"jawaban": "x"}),
    ]:
        assert client.post(reverse(name, args=[permintaan.pk]), data).status_code == 403

    permintaan.refresh_from_db()
    assert permintaan.status == Permintaan.Status.MENUNGGU
    assert not Surat.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, pendaftaran_a):
    permintaan = ask_for_letter(pendaftaran_a)
    for url in [
        reverse("surat:queue"),
        reverse("surat:queue_rows"),
        reverse("surat:request_staff", args=[permintaan.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]
    response = client.post(reverse("surat:request_claim", args=[permintaan.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    permintaan.refresh_from_db()
    assert permintaan.status == Permintaan.Status.MENUNGGU


def test_an_unknown_request_is_a_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("surat:request_staff", args=[999999])).status_code == 404
    assert client.post(reverse("surat:request_claim", args=[999999])).status_code == 404


def test_the_staff_menu_links_to_the_queue(client, staff, student_a):
    client.force_login(staff)
    assert reverse("surat:queue") in client.get(reverse("surat:letter_list")).content.decode()
    client.force_login(student_a.user)
    assert reverse("surat:queue") not in client.get(reverse("home"), follow=True).content.decode()


# One request -------------------------------------------------------------------


def test_the_request_page_shows_the_checklist_members_and_clocks(
    client, staff, pendaftaran_a, prodi_x
):
    classmate = submit(
        MahasiswaFactory(prodi=prodi_x, nim="3312501078", user__nama="Dedi Putra"),
        perusahaan=pendaftaran_a.perusahaan,
    )
    with at(2026, 12, 7, 9, 0):
        permintaan = ask_for_letter(pendaftaran_a, anggota_nim=["3312501078"])
    with at(2026, 12, 7, 9, 4):
        handling.claim(permintaan=permintaan, by=staff)
    client.force_login(staff)

    with at(2026, 12, 7, 9, 10):
        response = client.get(reverse("surat:request_staff", args=[permintaan.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    text = page_text(response)
    assert "Manajer HRD" in text and "Ibu Ratna" in text
    assert "Ani Lestari" in text and "Dedi Putra" in text and "3312501078" in text
    assert "Teknik Informatika" in text
    assert reverse("magang:detail", args=[pendaftaran_a.pk]) in content
    assert reverse("magang:detail", args=[classmate.pk]) in content
    # Clocks with their events, in WIB.
    assert "7 Des 2026 09:00 WIB" in text
    assert "09:04 WIB" in text
    assert capfirst(str(PeristiwaLayanan.Jenis.BERHENTI.label)) in text
    assert left(50) in text
    # Actions of an open letter request.
    for name in ["surat:request_issue", "surat:request_return"]:
        assert reverse(name, args=[permintaan.pk]) in content
    assert reverse("surat:request_claim", args=[permintaan.pk]) not in content  # claimed


def test_staff_claim_a_request_and_its_first_response_clock_stops(client, staff, pendaftaran_a):
    with at(2026, 12, 7, 9, 0):
        permintaan = ask_for_letter(pendaftaran_a)
    client.force_login(staff)

    with at(2026, 12, 7, 9, 6):
        response = client.post(reverse("surat:request_claim", args=[permintaan.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("surat:request_staff", args=[permintaan.pk])
    assert flashed(response) == [
        gettext("You are handling request #%(pk)s.") % {"pk": permintaan.pk}
    ]
    permintaan.refresh_from_db()
    assert permintaan.status == Permintaan.Status.DIPROSES
    assert permintaan.ditangani_oleh == staff
    jam = permintaan.jam.get(jenis=Jam.Jenis.TANGGAPAN)
    assert jam.berhenti_pada == dt.datetime(2026, 12, 7, 9, 6, tzinfo=WIB)
    stopped = jam.peristiwa.get(jenis=PeristiwaLayanan.Jenis.BERHENTI)
    assert stopped.aktor == staff and stopped.terpakai == 6
    assert permintaan.jam.get(jenis=Jam.Jenis.TERBIT).berhenti_pada is None


def test_a_request_claimed_by_someone_else_cannot_be_claimed(client, staff, pendaftaran_a):
    colleague = UserFactory(nama="Rekan Staf", group=roles.STAF)
    permintaan = ask_for_letter(pendaftaran_a)
    handling.claim(permintaan=permintaan, by=colleague)
    client.force_login(staff)

    response = client.post(reverse("surat:request_claim", args=[permintaan.pk]), follow=True)

    assert flashed(response) == [gettext("This request is no longer waiting to be claimed.")]
    permintaan.refresh_from_db()
    assert permintaan.ditangani_oleh == colleague


def test_returning_needs_a_reason(client, staff, pendaftaran_a):
    permintaan = ask_for_letter(pendaftaran_a)
    client.force_login(staff)
    url = reverse("surat:request_return", args=[permintaan.pk])

    response = client.post(url, {"alasan": "   "}, follow=True)

    assert flashed(response) == [gettext("Say what the student must fix.")]
    permintaan.refresh_from_db()
    assert permintaan.status == Permintaan.Status.MENUNGGU
    assert not permintaan.jam.filter(berhenti_pada__isnull=False).exists()

    with at(2026, 12, 7, 8, 30):
        response = client.post(url, {"alasan": "Periode magang tidak sesuai."}, follow=True)

    assert flashed(response) == [
        gettext("The request was returned to the student with your reason.")
    ]
    permintaan.refresh_from_db()
    assert permintaan.status == Permintaan.Status.DIKEMBALIKAN
    assert permintaan.alasan_pengembalian == "Periode magang tidak sesuai."
    tanggapan = permintaan.jam.get(jenis=Jam.Jenis.TANGGAPAN)
    assert tanggapan.peristiwa.filter(jenis=PeristiwaLayanan.Jenis.BERHENTI).exists()
    terbit = permintaan.jam.get(jenis=Jam.Jenis.TERBIT)
    assert terbit.peristiwa.filter(jenis=PeristiwaLayanan.Jenis.BATAL).exists()


def test_the_hand_written_return_form_shows_its_limit_and_refuses_more(
    client, staff, pendaftaran_a
):
    permintaan = ask_for_letter(pendaftaran_a)
    client.force_login(staff)
    html = client.get(reverse("surat:request_staff", args=[permintaan.pk])).content.decode()
    assert re.search(r'<textarea [^>]*name="alasan"[^>]*maxlength="1000"', html)
    assert "At most 1,000 characters." in html or "Maks. 1.000 karakter." in html

    response = client.post(
        reverse("surat:request_return", args=[permintaan.pk]), {"alasan": "x" * 1001}, follow=True
    )

    assert "paling banyak 1000 karakter" in page_text(response)
    permintaan.refresh_from_db()
    assert permintaan.status == Permintaan.Status.MENUNGGU
    assert permintaan.alasan_pengembalian == ""


def test_staff_issue_the_letter_from_the_request(client, staff, pendaftaran_a):
    with at(2026, 12, 7, 9, 0):
        permintaan = ask_for_letter(pendaftaran_a)
    client.force_login(staff)

    with at(2026, 12, 7, 9, 25):
        response = client.post(reverse("surat:request_issue", args=[permintaan.pk]), follow=True)

    surat = Surat.objects.get()
    assert response.redirect_chain[-1][0] == reverse("surat:detail", args=[surat.pk])
    assert flashed(response) == [gettext("Letter %(nomor)s issued.") % {"nomor": surat.nomor}]
    permintaan.refresh_from_db()
    assert permintaan.surat == surat and permintaan.status == Permintaan.Status.SELESAI
    terbit = permintaan.jam.get(jenis=Jam.Jenis.TERBIT)
    assert terbit.berhenti_pada == dt.datetime(2026, 12, 7, 9, 25, tzinfo=WIB)
    stopped = terbit.peristiwa.get(jenis=PeristiwaLayanan.Jenis.BERHENTI)
    assert stopped.terpakai == 25 and stopped.aktor == staff
    assert [m.nim for m in surat.mahasiswa.all()] == ["3312501001"]


def test_a_failed_issue_leaves_nothing_half_done(client, staff, pendaftaran_a):
    permintaan = ask_for_letter(pendaftaran_a)
    # The company said no before the letter was issued.
    magang_answers.record_answer(pendaftaran=pendaftaran_a, hasil="ditolak", by=staff)
    client.force_login(staff)

    response = client.post(reverse("surat:request_issue", args=[permintaan.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("surat:request_staff", args=[permintaan.pk])
    assert flashed(response) == [
        gettext("An application letter can only be issued for submitted applications.")
    ]
    assert not Surat.objects.exists()
    permintaan.refresh_from_db()
    assert permintaan.status == Permintaan.Status.MENUNGGU and permintaan.ditangani_oleh is None
    assert not permintaan.jam.filter(berhenti_pada__isnull=False).exists()
    assert not PeristiwaLayanan.objects.filter(jenis=PeristiwaLayanan.Jenis.BERHENTI).exists()


def test_staff_answer_a_question(client, staff, student_b):
    permintaan = requesting.ask_question(pemohon=student_b, isi="Apakah bisa magang daring?")
    client.force_login(staff)
    page = client.get(reverse("surat:request_staff", args=[permintaan.pk]))
    content = page.content.decode()
    assert "Apakah bisa magang daring?" in page_text(page)
    assert reverse("surat:question_answer", args=[permintaan.pk]) in content
    assert reverse("surat:request_issue", args=[permintaan.pk]) not in content
    url = reverse("surat:question_answer", args=[permintaan.pk])

    empty = client.post(url, {"jawaban": ""}, follow=True)
    assert flashed(empty) == [gettext("Write the answer.")]

    with at(2026, 12, 7, 8, 12):
        response = client.post(url, {"jawaban": "Bisa, dengan persetujuan prodi."}, follow=True)

    assert flashed(response) == [gettext("The answer was sent to the student.")]
    permintaan.refresh_from_db()
    assert permintaan.status == Permintaan.Status.SELESAI
    assert permintaan.jawaban == "Bisa, dengan persetujuan prodi."
    jam = permintaan.jam.get()
    assert jam.peristiwa.get(jenis=PeristiwaLayanan.Jenis.BERHENTI).terpakai == 12
    assert reverse("surat:request_staff", args=[permintaan.pk]) not in (
        client.get(reverse("surat:queue")).content.decode()
    )
