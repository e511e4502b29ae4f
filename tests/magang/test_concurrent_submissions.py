"""Twenty submissions by one student at the same moment, each on its own
database connection, create exactly one application."""

import datetime as dt
import threading

import pytest
from django.db import connection

from magang import services
from magang.models import Pendaftaran
from tests.factories import PerusahaanFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_concurrent_submissions_create_exactly_one(student_a):
    companies = [PerusahaanFactory() for _ in range(20)]
    start = threading.Barrier(20)
    outcomes = []

    def attempt(perusahaan):
        try:
            start.wait()
            services.submit_application(
                mahasiswa=student_a,
                by=student_a.user,
                perusahaan=perusahaan,
                posisi="Teknisi",
                mulai=dt.date(2027, 2, 1),
                selesai=dt.date(2027, 5, 31),
                kontak_nama="HRD",
            )
            outcomes.append("ok")
        except services.StillWaiting:
            outcomes.append("blocked")
        except Exception as exc:  # noqa: BLE001 - any other error fails the test below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(c,)) for c in companies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["blocked"] * 19 + ["ok"]
    assert Pendaftaran.objects.filter(mahasiswa=student_a).count() == 1


def test_the_database_itself_refuses_a_second_open_application(student_a):
    from django.db import IntegrityError
    from django.utils import timezone

    perusahaan = PerusahaanFactory()
    fields = {
        "mahasiswa": student_a,
        "perusahaan": perusahaan,
        "jalur": "mandiri",
        "posisi": "x",
        "mulai": dt.date(2027, 1, 1),
        "selesai": dt.date(2027, 2, 1),
        "kontak_nama": "x",
        "status": "diajukan",
        "diajukan_pada": timezone.now(),
        "batas_jawaban": timezone.now(),
    }
    Pendaftaran.objects.create(**fields)
    with pytest.raises(IntegrityError):
        Pendaftaran.objects.create(**fields)
