"""The service door's rules (surat.desk.requesting, surat.desk.handling): what a letter request
needs, group letters, one live request per application and kind, the clocks
of each round, fixing a returned request, withdrawing, questions."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext

from magang import answers as magang_answers
from magang.models import Pendaftaran
from notifikasi.models import Notifikasi
from surat.desk import handling, requesting
from surat.letters import services
from surat.models import AnggotaPermintaan, Jam, Jenis, PeristiwaLayanan, Permintaan
from tests.factories import MahasiswaFactory, PerusahaanFactory, UserFactory
from tests.support.applications import classmate_of, submit
from tests.support.clock import at
from tests.support.letters import accept, ask_for_letter, told_about

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]

WIB = ZoneInfo("Asia/Jakarta")
Status = Permintaan.Status


def wib(*args):
    return dt.datetime(*args, tzinfo=WIB)


def nothing_saved():
    return not (
        Permintaan.objects.exists()
        or AnggotaPermintaan.objects.exists()
        or Jam.objects.filter(permintaan__isnull=False).exists()
    )


def messages_of(excinfo, field=None):
    error = excinfo.value
    if field is None:
        return error.messages
    return error.message_dict[field]


# --- the checklist ----------------------------------------------------------


def test_it_starts_both_clocks_when_the_request_reaches_the_unit(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)

    assert permintaan.status == Status.MENUNGGU and permintaan.putaran == 1
    assert permintaan.diajukan_pada == wib(2026, 12, 7, 9, 0)
    assert permintaan.perusahaan == pendaftaran_a.perusahaan and permintaan.data_benar
    assert [a.pendaftaran for a in permintaan.anggota.all()] == [pendaftaran_a]
    clocks = {j.jenis: j for j in permintaan.jam.all()}
    assert clocks["tanggapan"].mulai == wib(2026, 12, 7, 9, 0)
    assert clocks["tanggapan"].batas == wib(2026, 12, 7, 9, 15)
    assert clocks["tanggapan"].ambang_peringatan == wib(2026, 12, 7, 9, 10)
    assert clocks["terbit"].batas == wib(2026, 12, 7, 10, 0)
    assert all(j.putaran == 1 and j.berjalan for j in clocks.values())
    assert sorted(PeristiwaLayanan.objects.values_list("jam__jenis", "jenis")) == [
        ("tanggapan", "mulai"),
        ("terbit", "mulai"),
    ]
    told = Notifikasi.objects.get(penerima=staff)
    assert told.tautan == reverse("surat:request_staff", args=[permintaan.pk])


def test_a_request_outside_service_hours_starts_its_clock_next_morning(pendaftaran_a):
    with at(2026, 12, 4, 17, 30):  # Friday evening
        permintaan = ask_for_letter(pendaftaran_a)
    first = permintaan.jam.get(jenis="tanggapan")
    assert first.batas == wib(2026, 12, 7, 8, 15)  # Monday 08:00 + 15 service minutes


def test_the_confirmation_is_required(pendaftaran_a):
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a, data_benar=False)
    assert messages_of(excinfo, "data_benar") == [
        gettext("Confirm that the data on the letter is right.")
    ]
    assert nothing_saved()


def test_the_recipients_position_and_the_period_are_required(pendaftaran_a):
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a, penerima_jabatan="  ", mulai=None)
    assert set(excinfo.value.message_dict) == {"penerima_jabatan", "mulai"}
    assert nothing_saved()


def test_every_problem_is_reported_at_once(pendaftaran_a):
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a, data_benar=False, anggota_nim=["9999999999"])
    assert set(excinfo.value.message_dict) == {"data_benar", "anggota"}
    assert nothing_saved()


def test_the_period_must_end_after_it_starts(pendaftaran_a):
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a, mulai=dt.date(2027, 5, 1), selesai=dt.date(2027, 5, 1))
    assert "selesai" in excinfo.value.message_dict
    assert nothing_saved()


def test_a_too_long_position_is_refused_not_crashed(pendaftaran_a):
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a, penerima_jabatan="x" * 151)
    assert "penerima_jabatan" in excinfo.value.message_dict
    assert nothing_saved()


def test_a_cover_letter_needs_an_accepted_application(pendaftaran_a):
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a, jenis=Jenis.PENGANTAR)
    assert messages_of(excinfo, "pendaftaran") == [
        gettext("A cover letter can be requested once the company has accepted you.")
    ]
    assert nothing_saved()


def test_an_application_letter_is_not_for_an_accepted_application(pendaftaran_a, staff):
    accept(pendaftaran_a, staff)
    pendaftaran_a.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a)
    assert "pendaftaran" in excinfo.value.message_dict
    assert nothing_saved()


def test_a_cover_letter_for_an_accepted_application_keeps_the_reply_choice(pendaftaran_a, staff):
    accept(pendaftaran_a, staff)
    pendaftaran_a.refresh_from_db()
    permintaan = ask_for_letter(pendaftaran_a, jenis=Jenis.PENGANTAR, perlu_balasan=False)
    assert permintaan.jenis == Jenis.PENGANTAR and permintaan.perlu_balasan is False


def test_an_application_letter_always_asks_for_a_reply(pendaftaran_a):
    permintaan = ask_for_letter(pendaftaran_a, perlu_balasan=False)
    assert permintaan.perlu_balasan is True


@pytest.mark.parametrize("status", ["ditolak", "kedaluwarsa", "dibatalkan"])
def test_no_letter_for_a_closed_application(pendaftaran_a, status):
    Pendaftaran.objects.filter(pk=pendaftaran_a.pk).update(status=status)
    pendaftaran_a.refresh_from_db()
    with pytest.raises(ValidationError):
        ask_for_letter(pendaftaran_a)
    assert nothing_saved()


def test_an_application_that_changed_meanwhile_is_checked_again_under_the_lock(pendaftaran_a):
    # The caller's copy still says "diajukan"; the row was cancelled meanwhile.
    Pendaftaran.objects.filter(pk=pendaftaran_a.pk).update(status="dibatalkan")
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a)
    assert "3312501001" in " ".join(excinfo.value.messages)
    assert nothing_saved()


def test_a_student_cannot_ask_for_someone_elses_application(pendaftaran_a, student_b):
    with pytest.raises(PermissionDenied):
        ask_for_letter(pendaftaran_a, pemohon=student_b)
    assert nothing_saved()


def test_a_question_is_not_a_letter(pendaftaran_a):
    with pytest.raises(ValidationError):
        ask_for_letter(pendaftaran_a, jenis=Jenis.PERTANYAAN)
    assert nothing_saved()


@pytest.mark.parametrize(
    ("status", "jenis"),
    [
        ("menunggu", Jenis.PERMOHONAN),
        ("diajukan", Jenis.PERMOHONAN),
        ("diterima", Jenis.PENGANTAR),
        ("ditolak", None),
        ("kedaluwarsa", None),
        ("dibatalkan", None),
    ],
)
def test_the_kind_of_letter_follows_the_application(status, jenis):
    assert requesting.letter_kind_for(Pendaftaran(status=status)) == jenis


def test_nims_are_read_from_commas_semicolons_spaces_and_lines():
    typed = "3312501078, 3312501079;3312501080\n 3312501078\t3312501081 "
    assert requesting.parse_nims(typed) == [
        "3312501078",
        "3312501079",
        "3312501080",
        "3312501081",
    ]
    assert requesting.parse_nims("") == []
    assert requesting.parse_nims(None) == []


# --- group letters ----------------------------------------------------------


def test_a_group_request_names_each_classmate_and_tells_them(pendaftaran_a):
    dedi = classmate_of(pendaftaran_a, "3312501078")
    eka = classmate_of(pendaftaran_a, "3312501079", nama="Eka Wati")

    permintaan = ask_for_letter(pendaftaran_a, anggota_nim=["3312501078", "3312501079"])

    assert sorted(a.pendaftaran_id for a in permintaan.anggota.all()) == sorted(
        [pendaftaran_a.pk, dedi.pk, eka.pk]
    )
    for classmate in (dedi, eka):
        told = told_about(permintaan, classmate.mahasiswa.user).get()
        assert "Ani Lestari" in told.judul
        assert pendaftaran_a.perusahaan.nama in told.isi
    assert not told_about(permintaan, pendaftaran_a.mahasiswa.user).exists()


def test_a_nim_typed_twice_is_named_once(pendaftaran_a):
    classmate_of(pendaftaran_a, "3312501078")
    permintaan = ask_for_letter(pendaftaran_a, anggota_nim=["3312501078", "3312501078"])
    assert permintaan.anggota.count() == 2


@pytest.mark.parametrize(
    ("nim", "words"),
    [
        ("9999999999", ["9999999999"]),
        ("3312501001", ["3312501001"]),  # the requester's own
        ("3312501090", ["3312501090", "PT Batam Presisi Elektronik"]),  # elsewhere
    ],
)
def test_a_bad_nim_is_named_and_nothing_is_saved(pendaftaran_a, nim, words):
    classmate_of(pendaftaran_a, "3312501078")
    elsewhere = MahasiswaFactory(nim="3312501090", prodi=pendaftaran_a.mahasiswa.prodi)
    submit(elsewhere)  # to another company

    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a, anggota_nim=["3312501078", nim])

    errors = messages_of(excinfo, "anggota")
    assert len(errors) == 1
    assert all(word in errors[0] for word in words)
    assert "3312501078" not in errors[0]
    assert nothing_saved()
    assert not Notifikasi.objects.filter(
        penerima__username="3312501078", tautan__startswith="/surat/"
    ).exists()


def test_each_bad_nim_gets_its_own_message(pendaftaran_a):
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a, anggota_nim=["9999999998", "9999999999"])
    errors = messages_of(excinfo, "anggota")
    assert len(errors) == 2 and "9999999998" in errors[0] and "9999999999" in errors[1]


def test_a_classmate_whose_application_is_closed_does_not_match(pendaftaran_a, staff):
    dedi = classmate_of(pendaftaran_a, "3312501078")
    magang_answers.record_answer(pendaftaran=dedi, hasil="ditolak", by=staff)
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a, anggota_nim=["3312501078"])
    assert "3312501078" in messages_of(excinfo, "anggota")[0]
    assert nothing_saved()


def test_a_group_has_a_limit(pendaftaran_a):
    nims = [str(3312509000 + i) for i in range(requesting.MAX_GROUP + 1)]
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a, anggota_nim=nims)
    assert "anggota" in excinfo.value.message_dict
    assert nothing_saved()


# --- one live request per application and kind ------------------------------


def test_a_second_live_request_for_the_same_application_is_refused(pendaftaran_a):
    first = ask_for_letter(pendaftaran_a)
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a)
    message = excinfo.value.messages[0]
    assert "3312501001" in message and f"#{first.pk}" in message
    assert Permintaan.objects.count() == 1


def test_a_classmate_already_named_elsewhere_is_refused(pendaftaran_a):
    dedi = classmate_of(pendaftaran_a, "3312501078")
    ask_for_letter(dedi)
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a, anggota_nim=["3312501078"])
    assert "3312501078" in excinfo.value.messages[0]
    assert Permintaan.objects.count() == 1


def test_a_returned_request_still_covers_the_application(pendaftaran_a, staff):
    first = ask_for_letter(pendaftaran_a)
    handling.return_request(permintaan=first, by=staff, alasan="Jabatan salah")
    with pytest.raises(ValidationError):
        ask_for_letter(pendaftaran_a)


def test_after_withdrawing_a_new_request_may_be_sent(pendaftaran_a):
    first = ask_for_letter(pendaftaran_a)
    requesting.withdraw(permintaan=first, by=pendaftaran_a.mahasiswa.user)
    second = ask_for_letter(pendaftaran_a)
    assert second.pk != first.pk and second.status == Status.MENUNGGU


def test_an_issued_letter_is_downloaded_not_asked_for_again(pendaftaran_a, staff):
    first = ask_for_letter(pendaftaran_a)
    surat = handling.issue_from_request(permintaan=first, by=staff)
    with pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a)
    assert surat.nomor in excinfo.value.messages[0]
    assert Permintaan.objects.count() == 1
    # Once voided, the student may ask again.
    services.void_letter(surat=surat, by=staff, alasan="Alamat perusahaan salah")
    assert ask_for_letter(pendaftaran_a).pk != first.pk


def test_the_request_page_sends_the_student_to_the_issued_letter(client, pendaftaran_a, staff):
    surat = handling.issue_from_request(permintaan=ask_for_letter(pendaftaran_a), by=staff)
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(reverse("surat:request_new"), {"pendaftaran": pendaftaran_a.pk})
    assert response.status_code == 302
    assert response.url == reverse("magang:detail", args=[pendaftaran_a.pk])
    detail = client.get(response.url)
    assert surat.nomor in detail.content.decode()
    assert reverse("surat:request_new") not in detail.content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_one_application_let_exactly_one_through(pendaftaran_a):
    """Eight submissions at the same moment, each on its own connection: the
    application rows are locked, so the later ones see the first and stop."""
    start = threading.Barrier(8)
    outcomes = []

    def attempt():
        try:
            start.wait()
            ask_for_letter(pendaftaran_a)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append("refused" if "3312501001" in error.messages[0] else repr(error))
        except Exception as exc:  # noqa: BLE001 - any other error fails the test below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["ok"] + ["refused"] * 7
    permintaan = Permintaan.objects.get()
    assert permintaan.anggota.count() == 1 and permintaan.jam.count() == 2


# --- staff's first response, return, fix and resubmit -------------------------


def test_claiming_stops_the_first_response_clock_only(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    with at(2026, 12, 7, 9, 4):
        handling.claim(permintaan=permintaan, by=staff)
    permintaan.refresh_from_db()
    assert permintaan.status == Status.DIPROSES and permintaan.ditangani_oleh == staff
    first = permintaan.jam.get(jenis="tanggapan")
    assert first.berhenti_pada == wib(2026, 12, 7, 9, 4)
    stopped = first.peristiwa.get(jenis="berhenti")
    assert stopped.aktor == staff and stopped.terpakai == 4
    assert permintaan.jam.get(jenis="terbit").berjalan


def test_only_staff_claim_and_only_once(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    with pytest.raises(PermissionDenied):
        handling.claim(permintaan=permintaan, by=pendaftaran_a.mahasiswa.user)
    handling.claim(permintaan=permintaan, by=staff)
    handling.claim(permintaan=permintaan, by=staff)  # the same staff: no change
    other = UserFactory(group="Staf PKPK")
    with pytest.raises(ValidationError):
        handling.claim(permintaan=permintaan, by=other)


def test_return_then_fix_gives_round_two_with_fresh_clocks(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    with at(2026, 12, 7, 9, 5):
        handling.return_request(
            permintaan=permintaan, by=staff, alasan="Nama penerima belum lengkap."
        )
    permintaan.refresh_from_db()
    assert permintaan.status == Status.DIKEMBALIKAN
    returned = told_about(permintaan, pendaftaran_a.mahasiswa.user).get()
    assert "Nama penerima belum lengkap." in returned.isi

    with at(2026, 12, 7, 10, 30):
        requesting.resubmit(
            permintaan=permintaan,
            by=pendaftaran_a.mahasiswa.user,
            penerima_jabatan="Manajer HRD",
            penerima_nama="Ibu Ratna Sari",
            mulai=dt.date(2027, 2, 1),
            selesai=dt.date(2027, 5, 31),
            data_benar=True,
        )

    permintaan.refresh_from_db()
    assert permintaan.putaran == 2 and permintaan.status == Status.MENUNGGU
    assert permintaan.penerima_nama == "Ibu Ratna Sari"
    assert permintaan.diajukan_pada == wib(2026, 12, 7, 10, 30)
    assert permintaan.ditangani_oleh is None
    # Round 1: the first response counted (the return answered it); the
    # issue clock ended without a letter.
    r1 = {j.jenis: j for j in permintaan.jam.filter(putaran=1)}
    assert r1["tanggapan"].berhenti_pada == wib(2026, 12, 7, 9, 5)
    assert r1["tanggapan"].peristiwa.filter(jenis="berhenti").exists()
    assert r1["terbit"].berhenti_pada == wib(2026, 12, 7, 9, 5)
    batal = r1["terbit"].peristiwa.get(jenis="batal")
    assert batal.catatan == "Nama penerima belum lengkap."
    assert not r1["terbit"].peristiwa.filter(jenis="berhenti").exists()
    # Round 2: a fresh pair started at the resubmission.
    r2 = {j.jenis: j for j in permintaan.jam.filter(putaran=2)}
    assert set(r2) == {"tanggapan", "terbit"}
    assert all(j.mulai == wib(2026, 12, 7, 10, 30) and j.berjalan for j in r2.values())
    assert r2["tanggapan"].batas == wib(2026, 12, 7, 10, 45)
    assert r2["terbit"].batas == wib(2026, 12, 7, 11, 30)
    assert all(j.peristiwa.filter(jenis="mulai").count() == 1 for j in r2.values())


def resubmit(permintaan, by, **extra):
    fields = {
        "penerima_jabatan": "Manajer HRD",
        "mulai": dt.date(2027, 2, 1),
        "selesai": dt.date(2027, 5, 31),
        "data_benar": True,
    }
    fields.update(extra)
    return requesting.resubmit(permintaan=permintaan, by=by, **fields)


def test_only_a_returned_request_can_be_sent_again(pendaftaran_a):
    permintaan = ask_for_letter(pendaftaran_a)
    with pytest.raises(ValidationError):
        resubmit(permintaan, pendaftaran_a.mahasiswa.user)
    assert permintaan.jam.count() == 2


def test_a_question_cannot_be_sent_again(student_a):
    question = requesting.ask_question(pemohon=student_a, isi="Kapan surat jadi?")
    with pytest.raises(ValidationError):
        resubmit(question, student_a.user)


def test_only_the_requester_fixes_a_request(pendaftaran_a, staff):
    dedi = classmate_of(pendaftaran_a, "3312501078")
    permintaan = ask_for_letter(pendaftaran_a, anggota_nim=["3312501078"])
    handling.return_request(permintaan=permintaan, by=staff, alasan="Periode salah")
    with pytest.raises(PermissionDenied):
        resubmit(permintaan, dedi.mahasiswa.user)


def test_a_fix_is_checked_like_a_new_request(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    handling.return_request(permintaan=permintaan, by=staff, alasan="Periode salah")
    with pytest.raises(ValidationError) as excinfo:
        resubmit(permintaan, pendaftaran_a.mahasiswa.user, data_benar=False, anggota_nim=["1"])
    assert {"data_benar"} <= set(excinfo.value.message_dict)
    permintaan.refresh_from_db()
    assert permintaan.status == Status.DIKEMBALIKAN and permintaan.putaran == 1
    assert not permintaan.jam.filter(putaran=2).exists()


def test_a_fix_may_change_the_classmates_and_tells_only_the_new_ones(pendaftaran_a, staff):
    dedi = classmate_of(pendaftaran_a, "3312501078")
    eka = classmate_of(pendaftaran_a, "3312501079", nama="Eka Wati")
    permintaan = ask_for_letter(pendaftaran_a, anggota_nim=["3312501078"])
    handling.return_request(permintaan=permintaan, by=staff, alasan="Eka ikut")

    resubmit(permintaan, pendaftaran_a.mahasiswa.user, anggota_nim=["3312501078", "3312501079"])

    assert sorted(permintaan.anggota.values_list("pendaftaran_id", flat=True)) == sorted(
        [pendaftaran_a.pk, dedi.pk, eka.pk]
    )
    assert told_about(permintaan, dedi.mahasiswa.user).count() == 1  # in round 1 only
    assert told_about(permintaan, eka.mahasiswa.user).count() == 1


def test_a_returned_request_can_be_returned_again_in_round_two(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    handling.return_request(permintaan=permintaan, by=staff, alasan="Satu")
    resubmit(permintaan, pendaftaran_a.mahasiswa.user)
    handling.return_request(permintaan=permintaan, by=staff, alasan="Dua")
    permintaan.refresh_from_db()
    assert permintaan.alasan_pengembalian == "Dua" and permintaan.putaran == 2
    assert not permintaan.jam.filter(berhenti_pada__isnull=True).exists()


def test_returning_needs_a_reason(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    with pytest.raises(ValidationError):
        handling.return_request(permintaan=permintaan, by=staff, alasan=" ")
    permintaan.refresh_from_db()
    assert permintaan.status == Status.MENUNGGU


# --- withdrawing ------------------------------------------------------------


def test_withdrawing_ends_the_running_clocks(pendaftaran_a):
    permintaan = ask_for_letter(pendaftaran_a)
    with at(2026, 12, 7, 9, 3):
        requesting.withdraw(permintaan=permintaan, by=pendaftaran_a.mahasiswa.user)
    permintaan.refresh_from_db()
    assert permintaan.status == Status.DIBATALKAN
    assert permintaan.selesai_pada == wib(2026, 12, 7, 9, 3)
    for jam in permintaan.jam.all():
        assert jam.berhenti_pada == wib(2026, 12, 7, 9, 3)
        assert jam.peristiwa.filter(jenis="batal").count() == 1
        assert not jam.peristiwa.filter(jenis="berhenti").exists()


def test_withdrawing_after_a_claim_ends_only_the_issue_clock(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    handling.claim(permintaan=permintaan, by=staff)
    requesting.withdraw(permintaan=permintaan, by=pendaftaran_a.mahasiswa.user)
    assert permintaan.jam.get(jenis="tanggapan").peristiwa.filter(jenis="berhenti").exists()
    assert permintaan.jam.get(jenis="terbit").peristiwa.filter(jenis="batal").exists()


def test_only_the_requester_withdraws_and_only_once(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    with pytest.raises(PermissionDenied):
        requesting.withdraw(permintaan=permintaan, by=staff)
    requesting.withdraw(permintaan=permintaan, by=pendaftaran_a.mahasiswa.user)
    with pytest.raises(ValidationError):
        requesting.withdraw(permintaan=permintaan, by=pendaftaran_a.mahasiswa.user)


# --- questions --------------------------------------------------------------


def test_a_question_runs_only_the_first_response_clock(student_a, staff):
    question = requesting.ask_question(pemohon=student_a, isi="  Kapan surat jadi?  ")
    assert question.jenis == Jenis.PERTANYAAN and question.isi == "Kapan surat jadi?"
    assert list(question.jam.values_list("jenis", flat=True)) == ["tanggapan"]
    assert Notifikasi.objects.filter(penerima=staff).count() == 1


def test_an_empty_question_is_refused(student_a):
    with pytest.raises(ValidationError) as excinfo:
        requesting.ask_question(pemohon=student_a, isi="   ")
    assert "isi" in excinfo.value.message_dict
    assert nothing_saved()


def test_answering_a_question_stops_its_clock_and_tells_the_student(student_a, staff):
    question = requesting.ask_question(pemohon=student_a, isi="Kapan surat jadi?")
    with at(2026, 12, 7, 9, 6):
        handling.answer_question(permintaan=question, by=staff, jawaban="Hari ini.")
    question.refresh_from_db()
    assert question.status == Status.SELESAI and question.jawaban == "Hari ini."
    assert question.jam.get().berhenti_pada == wib(2026, 12, 7, 9, 6)
    told = told_about(question, student_a.user).get()
    assert told.isi == "Hari ini."


# --- issuing ----------------------------------------------------------------


def test_issuing_stops_both_clocks_and_names_every_member(pendaftaran_a, staff):
    dedi = classmate_of(pendaftaran_a, "3312501078")
    permintaan = ask_for_letter(pendaftaran_a, anggota_nim=["3312501078"])
    with at(2026, 12, 7, 9, 20):
        surat = handling.issue_from_request(permintaan=permintaan, by=staff)
    permintaan.refresh_from_db()
    assert permintaan.status == Status.SELESAI and permintaan.surat == surat
    assert sorted(m.nim for m in surat.mahasiswa.all()) == ["3312501001", "3312501078"]
    assert surat.penerima_jabatan == "Manajer HRD"
    for jam in permintaan.jam.all():
        assert jam.berhenti_pada == wib(2026, 12, 7, 9, 20)
        assert jam.peristiwa.filter(jenis="berhenti").exists()
    # Everyone on the letter is told; issuing again returns the same letter.
    assert told_about(permintaan, dedi.mahasiswa.user).count() == 2
    assert handling.issue_from_request(permintaan=permintaan, by=staff) == surat


def test_an_application_still_waiting_for_approval_gets_no_letter_yet(student_a, staff):
    accepted = submit(student_a)
    accept(accepted, staff)
    waiting = submit(student_a, perusahaan=PerusahaanFactory())
    assert waiting.status == Pendaftaran.Status.MENUNGGU
    permintaan = ask_for_letter(waiting)  # may be asked for already

    with pytest.raises(ValidationError):
        handling.issue_from_request(permintaan=permintaan, by=staff)

    permintaan.refresh_from_db()
    assert permintaan.status == Status.MENUNGGU and permintaan.surat is None
    assert not permintaan.jam.filter(berhenti_pada__isnull=False).exists()
