"""Staff cancel an application (magang.services.cancel_application): no
live letter request may go on asking for a letter naming it. surat closes
the request (or takes a classmate off a group request) in the same
transaction, ends its clocks with an event each and tells the students."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from magang import services as magang_services
from magang.models import Pendaftaran
from notifikasi.models import Notifikasi
from surat.desk import handling, requesting
from surat.models import PeristiwaLayanan, Permintaan
from tests.support.applications import classmate_of
from tests.support.clock import wib
from tests.support.letters import ask_for_letter, told_about

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_morning")]
Status = Permintaan.Status


def cancel(pendaftaran, staff, alasan="Mahasiswa mengundurkan diri"):
    return magang_services.cancel_application(pendaftaran=pendaftaran, by=staff, alasan=alasan)


def test_cancelling_closes_the_open_request_and_ends_its_clocks(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)

    cancel(pendaftaran_a, staff)

    permintaan.refresh_from_db()
    assert permintaan.status == Status.DIBATALKAN
    assert permintaan.selesai_pada == wib(2026, 12, 7, 9, 0)
    assert not Permintaan.objects.filter(status__in=Permintaan.OPEN).exists()
    for jam in permintaan.jam.all():
        assert jam.berhenti_pada == wib(2026, 12, 7, 9, 0)
        ended = jam.peristiwa.get(jenis=PeristiwaLayanan.Jenis.BATAL)
        assert ended.aktor == staff and "3312501001" in ended.catatan
        assert "Mahasiswa mengundurkan diri" in ended.catatan
        assert not jam.peristiwa.filter(jenis=PeristiwaLayanan.Jenis.BERHENTI).exists()


def test_the_student_is_told_the_request_is_closed_in_indonesian(
    client, pendaftaran_a, staff, mailoutbox, django_capture_on_commit_callbacks
):
    permintaan = ask_for_letter(pendaftaran_a)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("magang:staff_cancel", args=[pendaftaran_a.pk]), {"alasan": "Salah daftar"}
        )

    note = told_about(permintaan, pendaftaran_a.mahasiswa.user).get()
    assert (
        note.judul
        == f"Permintaan #{permintaan.pk} untuk surat ke {permintaan.perusahaan.nama} ditutup"
    )
    assert "Salah daftar" in note.isi and "3312501001" in note.isi
    assert any(note.judul in m.subject for m in mailoutbox)


def test_a_claimed_request_ends_only_its_issue_clock(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    handling.claim(permintaan=permintaan, by=staff)

    cancel(pendaftaran_a, staff)

    permintaan.refresh_from_db()
    assert permintaan.status == Status.DIBATALKAN
    assert permintaan.jam.get(jenis="tanggapan").peristiwa.filter(jenis="berhenti").exists()
    assert permintaan.jam.get(jenis="terbit").peristiwa.filter(jenis="batal").exists()


def test_a_returned_request_is_closed_too(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    handling.return_request(permintaan=permintaan, by=staff, alasan="Jabatan salah")

    cancel(pendaftaran_a, staff)

    permintaan.refresh_from_db()
    assert permintaan.status == Status.DIBATALKAN
    with pytest.raises(Exception, match=gettext("Only a returned request can be sent again.")):
        requesting.resubmit(
            permintaan=permintaan,
            by=pendaftaran_a.mahasiswa.user,
            penerima_jabatan="Manajer",
            mulai=permintaan.mulai,
            selesai=permintaan.selesai,
            data_benar=True,
        )


def test_a_classmate_is_taken_off_a_group_request_which_goes_on(pendaftaran_a, staff):
    dedi = classmate_of(pendaftaran_a, "3312501078")
    permintaan = ask_for_letter(pendaftaran_a, anggota_nim=["3312501078"])

    cancel(dedi, staff, alasan="Pindah kampus")

    permintaan.refresh_from_db()
    assert permintaan.status == Status.MENUNGGU
    assert [a.pendaftaran for a in permintaan.anggota.all()] == [pendaftaran_a]
    assert all(jam.berjalan for jam in permintaan.jam.all())
    note = told_about(permintaan, pendaftaran_a.mahasiswa.user).latest("pk")
    assert "3312501078" in note.judul and "Pindah kampus" in note.isi
    # The letter is issued for the rest.
    surat = handling.issue_from_request(permintaan=permintaan, by=staff)
    assert [m.nim for m in surat.mahasiswa.all()] == ["3312501001"]


def test_the_requesters_own_cancellation_closes_a_group_request_and_tells_everyone(
    pendaftaran_a, staff
):
    dedi = classmate_of(pendaftaran_a, "3312501078")
    permintaan = ask_for_letter(pendaftaran_a, anggota_nim=["3312501078"])

    cancel(pendaftaran_a, staff)

    permintaan.refresh_from_db()
    assert permintaan.status == Status.DIBATALKAN
    for user in (pendaftaran_a.mahasiswa.user, dedi.mahasiswa.user):
        assert told_about(permintaan, user).filter(judul__contains="ditutup").count() == 1
    # Dedi may ask for his own letter now.
    assert ask_for_letter(dedi).status == Status.MENUNGGU


def test_finished_requests_are_left_alone(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    requesting.withdraw(permintaan=permintaan, by=pendaftaran_a.mahasiswa.user)
    before = PeristiwaLayanan.objects.count()

    cancel(pendaftaran_a, staff)

    permintaan.refresh_from_db()
    assert permintaan.status == Status.DIBATALKAN
    assert PeristiwaLayanan.objects.count() == before
    assert not told_about(permintaan, pendaftaran_a.mahasiswa.user).exists()


def test_a_refused_cancellation_leaves_the_request_open(pendaftaran_a, staff):
    permintaan = ask_for_letter(pendaftaran_a)
    Pendaftaran.objects.filter(pk=pendaftaran_a.pk).update(status=Pendaftaran.Status.DITOLAK)

    with pytest.raises(Exception, match=gettext("This application cannot be cancelled any more.")):
        cancel(pendaftaran_a, staff)

    permintaan.refresh_from_db()
    assert permintaan.status == Status.MENUNGGU
    assert Notifikasi.objects.filter(judul__contains="ditutup").count() == 0
