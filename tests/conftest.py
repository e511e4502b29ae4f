"""The shared cast: two programmes (X, Y), a student in each, their two
coordinators and one staff member. Every view test checks an outsider too."""

import pytest
from django.core.cache import cache

from pkpk import roles

from .factories import (
    PASSWORD,
    JurusanFactory,
    KoordinatorFactory,
    MahasiswaFactory,
    ProgramStudiFactory,
    UserFactory,
)
from .smtp_server import closed_port, smtp_server  # noqa: F401 - shared fixtures


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rate limits (company link,
    verification page) and cached page fragments (navigation, vacancy cards)
    belong to one test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def jurusan(db):
    return JurusanFactory(kode="TI", nama="Teknik Informatika")


@pytest.fixture
def prodi_x(jurusan):
    return ProgramStudiFactory(jurusan=jurusan, kode="IF", nama="Teknik Informatika")


@pytest.fixture
def prodi_y(db):
    jurusan = JurusanFactory(kode="MB", nama="Manajemen Bisnis")
    return ProgramStudiFactory(jurusan=jurusan, kode="AK", nama="Akuntansi")


@pytest.fixture
def student_a(prodi_x):
    return MahasiswaFactory(nim="3312501001", prodi=prodi_x, user__nama="Ani Lestari")


@pytest.fixture
def student_b(prodi_y):
    return MahasiswaFactory(nim="4312501002", prodi=prodi_y, user__nama="Budi Santoso")


@pytest.fixture
def coordinator_x(prodi_x):
    return KoordinatorFactory(
        user__username="koor.if@example.test", user__nama="Dr. Koordinator IF", prodi=[prodi_x]
    )


@pytest.fixture
def coordinator_y(prodi_y):
    return KoordinatorFactory(
        user__username="koor.ak@example.test", user__nama="Dr. Koordinator AK", prodi=[prodi_y]
    )


@pytest.fixture
def staff(db):
    return UserFactory(
        username="staf@example.test", nama="Staf PKPK", is_staff=True, group=roles.STAF
    )


@pytest.fixture
def outsider(db):
    """Signed in, but with no role at all."""
    return UserFactory(username="orang.luar@example.test", nama="Orang Luar")
