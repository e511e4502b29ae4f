"""The shared cast: two programmes (X, Y), a student in each, their two
coordinators and one staff member. Every view test checks an outsider too.
Also a vacancy and an application for each student, a local SMTP server,
a stopped clock, and the markers of the slow groups (`make test-fast`
leaves them out). The helpers behind these are in tests/support/."""

import datetime as dt
import socket
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.db import connections, router
from django.test import TransactionTestCase

from pkpk import roles
from pkpk.models import RateLimitWindow

from .factories import (
    PASSWORD,
    JurusanFactory,
    KoordinatorFactory,
    LowonganFactory,
    MahasiswaFactory,
    PerusahaanFactory,
    ProgramStudiFactory,
    UserFactory,
)
from .support.applications import submit
from .support.mail import SmtpServer
from .support.oidc import Provider

# The shared cache's connection (settings: the `cache` alias, a mirror of the
# test database) is open to every test that may use the database, as in
# production; django_assert_num_queries still counts the page's own queries.
if "cache" in connections:
    TransactionTestCase.databases = frozenset({"default", "cache"})

# The slow groups, by folder or by kind (registered in pyproject.toml).
# `make test-fast` runs `-m "not browser and not ops and not fuzz"`.
MARKED_FOLDERS = {"browser": "browser", "ops": "ops"}
FUZZ_FILES = {Path("security") / "test_fuzz.py"}
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        where = Path(item.path).resolve().relative_to(TESTS)
        if where.parts[0] in MARKED_FOLDERS:
            item.add_marker(MARKED_FOLDERS[where.parts[0]])
        if where in FUZZ_FILES or getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker("fuzz")


@pytest.fixture
def clock_stopped():
    """Time stands still at the present moment for the whole test: a
    fixed-window rate limit cannot roll over into a fresh window halfway."""
    with time_machine.travel(dt.datetime.now(dt.UTC), tick=False) as traveller:
        yield traveller


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Each test starts with an empty cache: rate limits (company link,
    verification page) and cached page fragments (navigation, vacancy cards)
    belong to one test. The cache lives in the test database (or Redis):
    a test without a database has none."""
    if not (
        request.node.get_closest_marker("django_db")
        or DATABASE_FIXTURES & set(request.fixturenames)
    ):
        yield
        return
    request.getfixturevalue("db")  # the database is ready (and a test may use it)
    request.getfixturevalue("_cache_connection")
    _clear_cache()
    yield
    _clear_cache()


@pytest.fixture(scope="session")
def _cache_connection(django_db_setup, django_db_blocker):
    """The cache's connection is closed before the test database is dropped."""
    yield
    with django_db_blocker.unblock():
        connections.close_all()


def _clear_cache():
    cache.clear()
    RateLimitWindow.objects.using(router.db_for_write(RateLimitWindow)).all().delete()


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


@pytest.fixture
def perusahaan(db):
    return PerusahaanFactory(nama="PT Batam Presisi Elektronik", kota="Batam")


@pytest.fixture
def lowongan(prodi_x, perusahaan):
    """An open vacancy for prodi X (student_a's programme)."""
    return LowonganFactory(
        perusahaan=perusahaan,
        posisi="Pengembang Web Magang",
        prodi=[prodi_x],
        kuota=2,
    )


@pytest.fixture
def lowongan_y(prodi_y):
    """An open vacancy for prodi Y only (student_b's programme)."""
    return LowonganFactory(
        perusahaan__nama="PT Akuntan Bersama", posisi="Asisten Akuntan", prodi=[prodi_y]
    )


@pytest.fixture
def pendaftaran_a(student_a, lowongan):
    """student_a's application to `lowongan`, submitted now (state diajukan)."""
    return submit(student_a, lowongan=lowongan)


@pytest.fixture
def pendaftaran_b(student_b, lowongan_y):
    """student_b's application to `lowongan_y`, submitted now (state diajukan)."""
    return submit(student_b, lowongan=lowongan_y)


@pytest.fixture
def smtp_server(settings):
    """Django's SMTP backend pointed at a local server that refuses mail
    until the test sets `refusing = False`."""
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.close()


@pytest.fixture
def closed_port(settings):
    """Django's SMTP backend pointed at a local port nobody listens on."""
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return port


@pytest.fixture(scope="session")
def campus_provider(tmp_path_factory):
    """The campus's OpenID provider (tests/support/oidc.py), one process for
    the test session, started the first time a test asks for it."""
    provider = Provider(tmp_path_factory.mktemp("oidc-provider")).start()
    yield provider
    provider.stop()


@pytest.fixture
def campus_oidc(campus_provider, settings):
    """Our side switched on against that provider, as if the CAMPUS_OIDC_*
    variables named it."""
    for name, value in campus_provider.settings().items():
        setattr(settings, name, value)
    return campus_provider
