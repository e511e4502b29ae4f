"""Fixtures of the recap tests: the recap data set, small enough to count by
hand (see `recap_data`: academic year 2024/2025, 1 Aug 2024 – 31 Jul 2025,
is the period under test; 2023/2024 holds the rows that must stay out of
it), the KPI data set (tests/support/kpi.py), and the partner tests'
uploads folder and self-found company."""

from types import SimpleNamespace

import pytest

from magang.models import Pendaftaran
from rekap.forms import RecapFilters
from tests.factories import (
    LowonganFactory,
    MahasiswaFactory,
    PerusahaanFactory,
    ProgramStudiFactory,
)
from tests.support import kpi
from tests.support.partners import accepted
from tests.support.recaps import YEAR, application, letter


@pytest.fixture
def prodi_z(jurusan):
    """A third programme, in prodi_x's jurusan, that does not intern."""
    return ProgramStudiFactory(
        jurusan=jurusan, kode="RKS", nama="Rekayasa Keamanan Siber", ikut_magang=False
    )


@pytest.fixture
def period_filters():
    return RecapFilters.academic(YEAR)


@pytest.fixture
def recap_data(prodi_x, prodi_y, prodi_z, student_a, student_b):
    """Students and applications, with what each recap must say about 2024/2025:

    IF (prodi_x, jurusan TI): a1 = student_a, a2, a3 (cohort 2022), a4, a5
    AK (prodi_y, jurusan MB): b1 = student_b, b2
    RKS (prodi_z, TI, ikut_magang False): z1

    app0  a1 ditolak   PT Alpha  registered 2024-05-01 (previous year)
    app1  a1 ditolak   PT Alpha  2024-09-02, submitted 09-03, answered 09-10, 1 letter
    app2  a1 diterima  PT Beta   2024-10-01, submitted 10-02, answered 10-15,
                                 kerjasama, 1 letter + 1 voided letter
    app3  a2 diajukan  PT Alpha  2025-03-03, submitted 2025-07-21
    app4  a3 kedaluwarsa PT Gamma 2024-11-04, submitted 11-05
    app5  a3 menunggu  PT Delta  2025-07-28, not submitted
    app6  a5 diterima  PT Alpha  2024-07-01 (previous year), answered 2024-08-05
    app7  b1 diterima  PT Alpha  2024-08-15, submitted 08-16, answered 09-02, 1 letter
    app8  b2 dibatalkan PT Beta  2025-01-10
    app9  z1 diterima  PT Gamma  2024-12-02, submitted 12-03, answered 12-20
    """
    alpha = PerusahaanFactory(nama="PT Alpha Batam")
    beta = PerusahaanFactory(nama="PT Beta Nusantara")
    gamma = PerusahaanFactory(nama="PT Gamma Kepri")
    delta = PerusahaanFactory(nama="PT Delta Mandiri")
    a1, b1 = student_a, student_b
    a2 = MahasiswaFactory(nim="3312501002", prodi=prodi_x, user__nama="Citra Ayu")
    a3 = MahasiswaFactory(nim="3312201003", prodi=prodi_x, user__nama="Dedi Kurnia", angkatan=2022)
    a4 = MahasiswaFactory(nim="3312501004", prodi=prodi_x, user__nama="Eka Putri")
    a5 = MahasiswaFactory(nim="3312501005", prodi=prodi_x, user__nama="Fajar Nugroho")
    b2 = MahasiswaFactory(nim="4312501006", prodi=prodi_y, user__nama="Gita Maharani")
    z1 = MahasiswaFactory(nim="3312501007", prodi=prodi_z, user__nama="Hadi Saputra")
    S = Pendaftaran.Status
    apps = SimpleNamespace()
    apps.app0 = application(a1, alpha, S.DITOLAK, "2024-05-01", "2024-05-02", "2024-05-20")
    apps.app1 = application(a1, alpha, S.DITOLAK, "2024-09-02", "2024-09-03", "2024-09-10")
    apps.app2 = application(
        a1,
        beta,
        S.DITERIMA,
        "2024-10-01",
        "2024-10-02",
        "2024-10-15",
        jalur="kerjasama",
        lowongan=LowonganFactory(perusahaan=beta, prodi=[prodi_x]),
    )
    apps.app3 = application(a2, alpha, S.DIAJUKAN, "2025-03-03", "2025-07-21")
    apps.app4 = application(a3, gamma, S.KEDALUWARSA, "2024-11-04", "2024-11-05")
    apps.app5 = application(a3, delta, S.MENUNGGU, "2025-07-28")
    apps.app6 = application(a5, alpha, S.DITERIMA, "2024-07-01", "2024-07-02", "2024-08-05")
    apps.app7 = application(b1, alpha, S.DITERIMA, "2024-08-15", "2024-08-16", "2024-09-02")
    apps.app8 = application(b2, beta, S.DIBATALKAN, "2025-01-10")
    apps.app9 = application(z1, gamma, S.DITERIMA, "2024-12-02", "2024-12-03", "2024-12-20")
    letter(apps.app1)
    letter(apps.app2)
    letter(apps.app2, voided=True)
    letter(apps.app7)
    return SimpleNamespace(
        students=SimpleNamespace(a1=a1, a2=a2, a3=a3, a4=a4, a5=a5, b1=b1, b2=b2, z1=z1),
        companies=SimpleNamespace(alpha=alpha, beta=beta, gamma=gamma, delta=delta),
        apps=apps,
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def mandiri_company(student_a):
    """A self-found company that accepted student_a (jurusan TI)."""
    perusahaan = PerusahaanFactory(nama="PT Mandiri Jaya", kota="Batam")
    accepted(student_a, perusahaan)
    return perusahaan


@pytest.fixture
def dataset(student_a, student_b, perusahaan, staff, pendaftaran_a, pendaftaran_b, prodi_y):
    """The KPI data set worked out by hand (tests/support/kpi.py)."""
    return kpi.dataset(
        student_a, student_b, perusahaan, staff, pendaftaran_a, pendaftaran_b, prodi_y
    )
