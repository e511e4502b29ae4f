"""The demo's partner vacancies (part of `seed_demo`, see demo/seed.py): open
vacancies for every department, for the internship period of
letters.period(), some closing within two working days; the demo
applications (demo/stories.py) fill a few of them.

Closing dates are counted from today, so the board is never stale. Like the
rest of the seed it only adds: a vacancy is written when its company has no
vacancy of that position yet (the company and position are the vacancy's
demo key), so a second run writes nothing.
"""

import datetime as dt
from typing import NamedTuple

from magang.models import Lowongan
from pkpk import kalender
from pkpk.models import Perusahaan, ProgramStudi


class DemoVacancy(NamedTuple):
    key: str  # how demo/stories.py names it
    company: str  # a name in institution.PERUSAHAAN
    posisi: str
    prodi: tuple[str, ...]  # programme codes
    kuota: int
    closes_in: int  # days from today; negative: working days (closing soon)
    deskripsi: str
    persyaratan: str = ""


VACANCIES = [
    DemoVacancy(
        "nongsa-web", "PT Nongsa Digital Kreasi", "Pengembang aplikasi web", ("IF", "TRPL"), 4,
        21, "Membangun fitur aplikasi web klien studio bersama tim pengembang: antarmuka, "
        "API, dan pengujian otomatis.", "Menguasai HTML, CSS, dan satu bahasa pemrograman web.",
    ),
    DemoVacancy(
        "nongsa-3d", "PT Nongsa Digital Kreasi", "Animator 3D", ("AN", "TP", "TRM"), 1, 14,
        "Membantu produksi animasi 3D serial anak: pemodelan, rigging, dan penganimasian.",
        "Portofolio animasi (tautan di CV).",
    ),
    DemoVacancy(
        "kepri-soc", "PT Kepri Jaringan Aman", "Analis pemantauan keamanan (SOC)",
        ("RKS", "IF"), 3, -2, "Memantau peringatan keamanan pelanggan, menelaah log, dan "
        "menyusun laporan insiden bersama analis senior.",
    ),
    DemoVacancy(
        "geospasial", "PT Batu Ampar Geospasial", "Asisten surveyor GIS", ("GM",), 2, 25,
        "Membantu survei GNSS di lapangan dan mengolah data spasial menjadi peta tematik.",
    ),
    DemoVacancy(
        "smt", "PT Batam Presisi Elektronika", "Teknisi lini produksi SMT", ("EM", "TRE", "IN"),
        4, 18, "Mengoperasikan dan memantau mesin SMT, memeriksa hasil solder, dan mencatat "
        "data mutu lini produksi.", "Bersedia bekerja dalam sif.",
    ),
    DemoVacancy(
        "plc", "PT Mukakuning Mekatronik Otomasi", "Teknisi otomasi PLC", ("MK", "TRR", "RPE"),
        1, 16, "Memasang dan memrogram panel PLC untuk mesin otomatis pelanggan.",
    ),
    DemoVacancy(
        "drafter", "PT Tanjung Uncang Marine Works", "Drafter konstruksi kapal", ("TRKP", "MS"),
        2, 21, "Menggambar detail konstruksi blok kapal dan daftar material untuk produksi.",
    ),
    DemoVacancy(
        "las", "PT Sagulung Las Fabrikasi", "Juru las dan inspeksi", ("TRPF", "MET"), 2, 12,
        "Membantu pengelasan sesuai WPS dan inspeksi visual hasil las di bengkel fabrikasi.",
        "Sertifikat K3 dasar menjadi nilai tambah.",
    ),
    DemoVacancy(
        "aero", "PT Hang Nadim Aero Services", "Mekanik perawatan pesawat", ("TPPU",), 2, 30,
        "Membantu perawatan terjadwal pesawat di hanggar di bawah pengawasan teknisi berlisensi.",
    ),
    DemoVacancy(
        "akuntan", "CV Batam Centre Akuntan Mitra", "Staf akuntansi", ("AK", "AM"), 3, -2,
        "Mencatat transaksi klien, menyiapkan rekonsiliasi bank, dan membantu laporan pajak.",
    ),
    DemoVacancy(
        "logistik", "PT Sekupang Logistik Nusantara", "Staf dokumen ekspor-impor",
        ("LPI", "DB", "ABT"), 3, 20, "Menyiapkan dokumen kepabeanan dan pengapalan, serta "
        "memantau status kiriman pelanggan.",
    ),
    DemoVacancy(
        "hotel", "PT Harbour Bay Hotel Group", "Staf administrasi keuangan",
        ("ABT-IC", "ABT", "AK"), 1, 10, "Membantu bagian keuangan hotel: tagihan, kas harian, "
        "dan arsip dokumen.", "Mampu berkomunikasi dalam bahasa Inggris.",
    ),
]  # fmt: skip


def closing_date(today: dt.date, closes_in: int) -> dt.date:
    """A vacancy's closing date: `closes_in` days after today, or for a
    negative value that many working days (closing soon, even over a weekend)."""
    if closes_in < 0:
        return kalender.add_working_days(today, -closes_in)
    return today + dt.timedelta(days=closes_in)


def seed_vacancies(*, staff, today: dt.date, mulai: dt.date, selesai: dt.date):
    """Write the demo vacancies that are missing; returns (how many were
    written, {key: Lowongan} of every demo vacancy there is)."""
    companies = {
        c.nama: c for c in Perusahaan.objects.filter(nama__in={v.company for v in VACANCIES})
    }
    existing = {
        (lowongan.perusahaan.nama, lowongan.posisi): lowongan
        for lowongan in Lowongan.objects.select_related("perusahaan").filter(
            perusahaan__in=companies.values()
        )
    }
    prodi = dict(ProgramStudi.objects.values_list("kode", "pk"))
    found, written = {}, 0
    for v in VACANCIES:
        if v.company not in companies:
            continue
        lowongan = existing.get((v.company, v.posisi))
        if lowongan is None:
            lowongan = Lowongan(
                perusahaan=companies[v.company],
                posisi=v.posisi,
                deskripsi=v.deskripsi,
                persyaratan=v.persyaratan,
                kuota=v.kuota,
                mulai=mulai,
                selesai=selesai,
                batas_daftar=closing_date(today, v.closes_in),
                dibuat_oleh=staff,
            )
            lowongan.full_clean()
            lowongan.save()
            lowongan.prodi.set([prodi[k] for k in v.prodi if k in prodi])
            written += 1
        found[v.key] = lowongan
    return written, found
