"""The recap data set's pieces (tests/rekap/conftest.py builds it): academic
year 2024/2025, applications and letters written straight into the tables."""

import datetime as dt

from django.utils import timezone

from magang.models import Pendaftaran
from pkpk import roles
from surat.models import Surat, SuratMahasiswa
from tests.factories import UserFactory

YEAR = 2024
WIB = dt.timezone(dt.timedelta(hours=7))


def at(day: str, hour=9) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=WIB)


def application(mahasiswa, perusahaan, status, dibuat, diajukan=None, dijawab=None, **extra):
    return Pendaftaran.objects.create(
        mahasiswa=mahasiswa,
        perusahaan=perusahaan,
        jalur=extra.pop("jalur", "mandiri"),
        posisi="Teknisi",
        mulai=dt.date(2025, 2, 1),
        selesai=dt.date(2025, 5, 31),
        kontak_nama="HRD",
        status=status,
        dibuat=at(dibuat),
        diajukan_pada=at(diajukan) if diajukan else None,
        batas_jawaban=at(diajukan) + dt.timedelta(days=14) if diajukan else None,
        dijawab_pada=at(dijawab) if dijawab else None,
        **extra,
    )


_letter_numbers = iter(range(1, 10_000))


def letter(pendaftaran, *, voided=False):
    staff = UserFactory(group=roles.STAF)
    urutan = next(_letter_numbers)
    surat = Surat.objects.create(
        jenis="permohonan",
        tahun=2024,
        urutan=urutan,
        nomor=f"{urutan:04d}/PL29/KM/2024",
        tanggal=dt.date(2024, 9, 1),
        perusahaan=pendaftaran.perusahaan,
        penerima_jabatan="HRD",
        perusahaan_nama=pendaftaran.perusahaan.nama,
        perusahaan_kota="Batam",
        mulai=pendaftaran.mulai,
        selesai=pendaftaran.selesai,
        penandatangan_nama="Kepala",
        penandatangan_jabatan="Kepala UPT",
        diterbitkan_oleh=staff,
        diterbitkan_pada=timezone.now(),
        dibatalkan_pada=timezone.now() if voided else None,
        alasan_pembatalan="Salah tulis" if voided else "",
    )
    SuratMahasiswa.objects.create(
        surat=surat,
        pendaftaran=pendaftaran,
        urutan=1,
        nama=pendaftaran.mahasiswa.nama,
        nim=pendaftaran.mahasiswa.nim,
        prodi=pendaftaran.mahasiswa.prodi.nama,
    )
    return surat
