"""The partner register, company and feedback tests' data: partnerships
made through the service, accepted applications, cover letters with
feedback, and a partnership's documents (named mou.pdf by default)."""

import datetime as dt
import itertools

from magang.models import Jalur, Pendaftaran
from rekap import partners
from rekap.models import Kerjasama
from surat.models import NilaiUmpanBalik, PertanyaanUmpanBalik, Surat, SuratMahasiswa, UmpanBalik
from tests.factories import LowonganFactory, MahasiswaFactory, PerusahaanFactory

from . import files
from .clock import WIB

TODAY = dt.date(2026, 11, 2)

_letter_numbers = itertools.count(1)


def pdf(name="mou.pdf"):
    return files.pdf(name)


def exe_posing_as_pdf(name="mou.pdf"):
    return files.exe_posing_as_pdf(name)


def signed(by, jurusan, **extra):
    """A signed partnership through the service (dates given or a default year)."""
    fields = {
        "perusahaan": extra.pop("perusahaan", None) or PerusahaanFactory(),
        "status": Kerjasama.Status.AKTIF,
        "jenis_dokumen": Kerjasama.Dokumen.MOA,
        "nomor": f"MOA/{next(_letter_numbers)}/2026",
        "tingkat": Kerjasama.Tingkat.NASIONAL,
        "ruang_pendidikan": True,
        "mulai": dt.date(2025, 1, 1),
        "selesai": dt.date(2027, 12, 31),
    }
    fields.update(extra)
    return partners.create(by=by, jurusan=jurusan, **fields)


def accepted(mahasiswa, perusahaan, *, jalur=Jalur.MANDIRI, mulai=dt.date(2027, 2, 1), **extra):
    """An accepted application written directly (the registration flow is
    tested elsewhere); a kerjasama one gets a vacancy, as the database demands."""
    lowongan = LowonganFactory(perusahaan=perusahaan) if jalur == Jalur.KERJASAMA else None
    fields = {
        "mahasiswa": mahasiswa,
        "perusahaan": perusahaan,
        "lowongan": lowongan,
        "jalur": jalur,
        "posisi": "Staf magang",
        "mulai": mulai,
        "selesai": mulai + dt.timedelta(days=120),
        "kontak_nama": "Ibu Ratna",
        "status": Pendaftaran.Status.DITERIMA,
    }
    fields.update(extra)
    return Pendaftaran.objects.create(**fields)


def question(teks, urutan):
    return PertanyaanUmpanBalik.objects.create(teks=teks, urutan=urutan)


def feedback(perusahaan, students, scores, *, by, komentar="", diisi_pada=None):
    """A cover letter naming `students` (their applications to `perusahaan`)
    and the company's answer: `scores` maps question → 1..4."""
    n = next(_letter_numbers)
    when = diisi_pada or dt.datetime(2026, 10, 1, 10, 0, tzinfo=WIB)
    surat = Surat.objects.create(
        jenis="pengantar",
        tahun=2026,
        urutan=n,
        nomor=f"{n}/PL29/2026",
        tanggal=when.date(),
        perusahaan=perusahaan,
        penerima_jabatan="HRD",
        perusahaan_nama=perusahaan.nama,
        perusahaan_kota=perusahaan.kota,
        mulai=dt.date(2027, 2, 1),
        selesai=dt.date(2027, 5, 31),
        penandatangan_nama="Kepala UPT",
        penandatangan_jabatan="Kepala",
        diterbitkan_oleh=by,
        diterbitkan_pada=when,
    )
    for i, mahasiswa in enumerate(students, start=1):
        pendaftaran = accepted(mahasiswa, perusahaan)
        SuratMahasiswa.objects.create(
            surat=surat,
            pendaftaran=pendaftaran,
            urutan=i,
            nama=mahasiswa.user.nama,
            nim=mahasiswa.nim,
            prodi=str(mahasiswa.prodi),
        )
    umpan_balik = UmpanBalik.objects.create(
        surat=surat,
        perusahaan=perusahaan,
        nama_pengisi="Ibu Ratna",
        komentar=komentar,
        diisi_pada=when,
    )
    NilaiUmpanBalik.objects.bulk_create(
        NilaiUmpanBalik(umpan_balik=umpan_balik, pertanyaan=q, teks=q.teks, nilai=v)
        for q, v in scores.items()
    )
    return umpan_balik


def more_students(prodi, n):
    return [MahasiswaFactory(prodi=prodi) for _ in range(n)]
