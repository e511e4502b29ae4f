"""The demo's partner register (part of `seed_demo`, see demo/seed.py): a
partnership in force, one ending within 90 days, one expired and its
continuation, so the register shows every state and badge.

Dates are relative to today, so the expiring one stays expiring whenever
the demo is loaded. Like the rest of the seed it only adds: a partnership
is written when no partnership with its document number exists yet, so a
second run writes nothing."""

import datetime as dt
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from pkpk.models import Jurusan, Perusahaan, User
from rekap import partners
from rekap.models import Kerjasama

Dokumen = Kerjasama.Dokumen
Tingkat = Kerjasama.Tingkat


class DemoPartnership(NamedTuple):
    company: str  # a name in institution.PERUSAHAAN
    jenis: str
    nomor: str
    jurusan: tuple[str, ...]  # department codes
    tingkat: str
    starts: int  # days from today
    ends: int
    continues: str = ""  # nomor of the partnership it continues
    bukti_manfaat: str = ""
    bukti_keberlanjutan: str = ""


PARTNERSHIPS = [
    DemoPartnership(
        "PT Batam Presisi Elektronika",
        Dokumen.MOU,
        "DEMO/MOU/PKPK/001",
        ("TE", "TM"),
        Tingkat.NASIONAL,
        -400,
        700,
        bukti_manfaat="12 mahasiswa magang di lini SMT; 2 dosen mengikuti pelatihan IPC-A-610.",
    ),
    DemoPartnership(
        "PT Nongsa Digital Kreasi",
        Dokumen.MOA,
        "DEMO/MOA/TI/014",
        ("TI",),
        Tingkat.LOKAL,
        -680,
        45,  # within the 90-day warning
        bukti_manfaat="Proyek capstone aplikasi web bersama tim studio.",
    ),
    DemoPartnership(
        "PT Kabil Energi Lestari",
        Dokumen.IA,
        "DEMO/IA/TM/007",
        ("TM",),
        Tingkat.LOKAL,
        -760,
        -30,  # expired
    ),
    DemoPartnership(
        "PT Kabil Energi Lestari",
        Dokumen.IA,
        "DEMO/IA/TM/021",
        ("TM",),
        Tingkat.LOKAL,
        -29,
        1066,
        continues="DEMO/IA/TM/007",
        bukti_keberlanjutan="Diperpanjang setelah survei kepuasan mitra (rerata 3,6 dari 4).",
    ),
]


def load(*, staff_username: str = "staf1@pkpk.polibatam.example") -> int:
    """Write the demo partnerships that are missing; returns how many were
    written. Nothing is written when the staff account or a company is missing."""
    staff = User.objects.filter(username=staff_username, is_active=True).first()
    if staff is None:
        return 0
    today = timezone.localdate()
    companies = {
        p.nama: p for p in Perusahaan.objects.filter(nama__in=[d.company for d in PARTNERSHIPS])
    }
    jurusan = {j.kode: j for j in Jurusan.objects.all()}
    written = 0
    with transaction.atomic():
        for demo in PARTNERSHIPS:
            if demo.company not in companies or Kerjasama.objects.filter(nomor=demo.nomor).exists():
                continue
            partners.create(
                by=staff,
                jurusan=[jurusan[k] for k in demo.jurusan if k in jurusan],
                lanjutan_dari=Kerjasama.objects.filter(nomor=demo.continues).first()
                if demo.continues
                else None,
                perusahaan=companies[demo.company],
                status=Kerjasama.Status.AKTIF,
                jenis_dokumen=demo.jenis,
                nomor=demo.nomor,
                tingkat=demo.tingkat,
                ruang_pendidikan=True,
                mulai=today + dt.timedelta(days=demo.starts),
                selesai=today + dt.timedelta(days=demo.ends),
                bukti_manfaat=demo.bukti_manfaat,
                bukti_keberlanjutan=demo.bukti_keberlanjutan,
            )
            written += 1
    return written
