"""Academic periods and the one scope selector every recap starts from."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from magang.models import Pendaftaran
from rekap import periods, scope
from tests.factories import MahasiswaFactory, PerusahaanFactory

WIB = timezone.get_fixed_timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2026, 7, 31), 2025), (date(2026, 8, 1), 2026), (date(2027, 1, 31), 2026)],
)
def test_the_academic_year_starts_on_1_august(day, year):
    assert periods.academic_year_of(day) == year


def test_semesters_split_the_academic_year():
    assert periods.academic_period(2026, periods.GANJIL) == periods.Period(
        date(2026, 8, 1), date(2027, 1, 31)
    )
    assert periods.academic_period(2026, periods.GENAP) == periods.Period(
        date(2027, 2, 1), date(2027, 7, 31)
    )
    assert periods.academic_period(2026) == periods.Period(date(2026, 8, 1), date(2027, 7, 31))
    assert periods.academic_year_label(2026) == "2026/2027"


def test_period_bounds_are_whole_days_in_wib():
    start, end = periods.Period(date(2026, 8, 1), date(2026, 8, 31)).bounds()
    assert start == datetime(2026, 8, 1, tzinfo=WIB)
    assert end == datetime(2026, 9, 1, tzinfo=WIB)


def _application(mahasiswa):
    return Pendaftaran.objects.create(
        mahasiswa=mahasiswa,
        perusahaan=PerusahaanFactory(),
        jalur="mandiri",
        posisi="Teknisi",
        mulai=date(2027, 2, 1),
        selesai=date(2027, 5, 31),
        kontak_nama="HRD",
        status=Pendaftaran.Status.DITOLAK,
    )


def test_staff_see_every_programme(staff, prodi_x, prodi_y, student_a, student_b):
    assert set(scope.prodi_in_scope(staff)) == {
        prodi_x,
        prodi_y,
    }


def test_a_coordinator_sees_only_their_programmes(
    coordinator_x, prodi_x, prodi_y, student_a, student_b
):
    user = coordinator_x.user
    _application(student_a)
    _application(student_b)
    MahasiswaFactory(prodi=prodi_y)
    assert list(scope.prodi_in_scope(user)) == [prodi_x]
    assert list(scope.jurusan_in_scope(user)) == [prodi_x.jurusan]
    assert list(scope.students_in_scope(user)) == [student_a]
    assert [p.mahasiswa for p in scope.applications_in_scope(user)] == [student_a]


def test_students_and_outsiders_have_no_scope(student_a, outsider):
    for user in (student_a.user, outsider):
        assert not scope.can_read_recaps(user)
        with pytest.raises(PermissionDenied):
            scope.prodi_in_scope(user)
