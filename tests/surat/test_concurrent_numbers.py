"""Twenty staff issuing at the same moment, each on its own database
connection, get twenty distinct consecutive numbers, whatever the kind of
letter each issues."""

import threading

import pytest
from django.db import connection

from rekap import agenda
from surat.models import Jenis, Penomoran, Surat
from tests.factories import LowonganFactory, MahasiswaFactory
from tests.support.applications import submit
from tests.support.letters import accept, issue

pytestmark = pytest.mark.django_db(transaction=True)


def run_in_parallel(staff, tasks):
    """Issue each (application, kind) on its own thread and connection, all
    released at once; the numbers given, or the errors raised."""
    start = threading.Barrier(len(tasks))
    outcomes = []

    def attempt(pendaftaran, jenis):
        try:
            start.wait()
            outcomes.append(issue([pendaftaran], staff, jenis=jenis).urutan)
        except Exception as exc:  # noqa: BLE001 - any error fails the test below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=task) for task in tasks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def applications(prodi, n):
    made = []
    for i in range(n):
        student = MahasiswaFactory(nim=f"33125020{i:02d}", prodi=prodi)
        made.append(submit(student, lowongan=LowonganFactory(prodi=[prodi])))
    return made


def test_twenty_parallel_issuers_get_twenty_consecutive_numbers(prodi_x, staff):
    outcomes = run_in_parallel(staff, [(p, Jenis.PERMOHONAN) for p in applications(prodi_x, 20)])

    assert sorted(outcomes) == list(range(1, 21))
    assert sorted(Surat.objects.values_list("urutan", flat=True)) == list(range(1, 21))
    assert Penomoran.objects.get().terakhir == 20


def test_parallel_issuers_of_both_kinds_share_one_register_without_gaps(prodi_x, staff):
    made = applications(prodi_x, 20)
    for pendaftaran in made[10:]:
        accept(pendaftaran, staff)
    tasks = [(p, Jenis.PERMOHONAN) for p in made[:10]] + [(p, Jenis.PENGANTAR) for p in made[10:]]

    outcomes = run_in_parallel(staff, tasks)

    assert sorted(outcomes) == list(range(1, 21))
    letters = list(Surat.objects.order_by("urutan"))
    assert [s.urutan for s in letters] == list(range(1, 21))
    assert len({s.nomor for s in letters}) == 20
    assert {s.jenis for s in letters} == {Jenis.PERMOHONAN, Jenis.PENGANTAR}
    assert Penomoran.objects.get().terakhir == 20
    # The outgoing-letter register lists them in order, with no gap.
    registered = agenda.letters(tahun=letters[0].tahun)
    assert [s.urutan for s in registered] == list(range(1, 21))
