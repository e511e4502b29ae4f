"""Twenty staff issuing at the same moment, each on its own database
connection, get twenty distinct consecutive numbers."""

import threading

import pytest
from django.db import connection

from surat.models import Jenis, Penomoran, Surat
from tests.factories import LowonganFactory, MahasiswaFactory

from .conftest import issue, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_parallel_issuers_get_twenty_consecutive_numbers(prodi_x, staff):
    applications = []
    for i in range(20):
        student = MahasiswaFactory(nim=f"33125020{i:02d}", prodi=prodi_x)
        applications.append(submit(student, lowongan=LowonganFactory(prodi=[prodi_x])))
    start = threading.Barrier(20)
    outcomes = []

    def attempt(pendaftaran):
        try:
            start.wait()
            outcomes.append(issue([pendaftaran], staff).urutan)
        except Exception as exc:  # noqa: BLE001 - any error fails the test below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in applications]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == list(range(1, 21))
    assert sorted(Surat.objects.values_list("urutan", flat=True)) == list(range(1, 21))
    assert Penomoran.objects.get(jenis=Jenis.PERMOHONAN).terakhir == 20
