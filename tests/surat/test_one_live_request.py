"""One live letter request per application and kind, held by the database:
AnggotaPermintaan copies the request's kind and status (kept equal by a
composite foreign key with ON UPDATE CASCADE) under a partial unique index,
so a second live request naming the same application is refused whatever
path wrote it, also when two arrive at once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from surat.models import AnggotaPermintaan, Jenis, Permintaan
from tests.support.letters import ask_for_letter

# Monday 7 December 2026, 09:00 WIB (tests/surat/conftest.py).
pytestmark = pytest.mark.usefixtures("monday_morning")
Status = Permintaan.Status


def bare_request(pendaftaran, jenis=Jenis.PERMOHONAN, status=Status.MENUNGGU):
    """A request row written around the service (as a script or a bug might)."""
    return Permintaan.objects.create(
        jenis=jenis,
        status=status,
        pemohon=pendaftaran.mahasiswa,
        perusahaan=pendaftaran.perusahaan,
        penerima_jabatan="Manajer HRD",
        data_benar=True,
        alasan_pengembalian="Perbaiki" if status == Status.DIKEMBALIKAN else "",
    )


def name(permintaan, pendaftaran, **copy):
    fields = {"jenis": permintaan.jenis, "status": permintaan.status, **copy}
    return AnggotaPermintaan.objects.create(
        permintaan=permintaan, pendaftaran=pendaftaran, **fields
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.MENUNGGU, Status.DIPROSES, Status.DIKEMBALIKAN])
def test_the_database_refuses_a_second_live_permohonan(pendaftaran_a, status):
    ask_for_letter(pendaftaran_a)
    second = bare_request(pendaftaran_a, status=status)

    with pytest.raises(IntegrityError, match="anggota_one_live_request"), transaction.atomic():
        name(second, pendaftaran_a)

    assert AnggotaPermintaan.objects.filter(pendaftaran=pendaftaran_a).count() == 1


@pytest.mark.django_db
def test_finished_requests_and_other_kinds_do_not_count(pendaftaran_a):
    for status in (Status.SELESAI, Status.DIBATALKAN):
        name(bare_request(pendaftaran_a, status=status), pendaftaran_a)
    name(bare_request(pendaftaran_a, jenis=Jenis.PENGANTAR), pendaftaran_a)

    assert ask_for_letter(pendaftaran_a).status == Status.MENUNGGU


@pytest.mark.django_db
def test_a_copy_that_differs_from_the_request_is_refused(pendaftaran_a):
    permintaan = bare_request(pendaftaran_a)

    with pytest.raises(IntegrityError, match="anggota_copies_request"), transaction.atomic():
        name(permintaan, pendaftaran_a, status=Status.SELESAI)


@pytest.mark.django_db
def test_the_copy_follows_the_request_and_reopening_a_second_one_is_refused(pendaftaran_a):
    from surat.desk import requesting

    first = ask_for_letter(pendaftaran_a)
    requesting.withdraw(permintaan=first, by=pendaftaran_a.mahasiswa.user)
    assert first.anggota.get().status == Status.DIBATALKAN
    second = ask_for_letter(pendaftaran_a)

    # Putting the withdrawn one back in the queue would make two live requests.
    with pytest.raises(IntegrityError, match="anggota_one_live_request"), transaction.atomic():
        Permintaan.objects.filter(pk=first.pk).update(status=Status.MENUNGGU)

    assert second.anggota.get().status == Status.MENUNGGU


@pytest.mark.django_db
def test_the_service_explains_the_refusal_in_indonesian(pendaftaran_a):
    first = ask_for_letter(pendaftaran_a)

    with translation.override("id"), pytest.raises(ValidationError) as excinfo:
        ask_for_letter(pendaftaran_a)

    assert excinfo.value.messages == [
        f"Permintaan surat ini yang memuat 3312501001 masih terbuka (#{first.pk})."
    ]


@pytest.mark.django_db(transaction=True)
def test_two_requests_naming_one_application_at_once_let_one_through(pendaftaran_a):
    """Two connections write a live request naming the same application at
    the same moment, around the service's lock: the unique index makes the
    second wait for the first and then refuses it."""
    requests = [bare_request(pendaftaran_a), bare_request(pendaftaran_a)]
    start = threading.Barrier(2)
    outcomes = []

    def attempt(permintaan):
        try:
            with transaction.atomic():
                start.wait()
                name(permintaan, pendaftaran_a)
            outcomes.append("ok")
        except IntegrityError as error:
            outcomes.append("refused" if "anggota_one_live_request" in str(error) else repr(error))
        except Exception as error:  # noqa: BLE001 - any other error fails the test below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=[p]) for p in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok", "refused"]
    assert AnggotaPermintaan.objects.filter(pendaftaran=pendaftaran_a).count() == 1
