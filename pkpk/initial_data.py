"""Rows a working system always has: the institution profile (neutral values
until staff or seed_demo fill it) and default service hours. Written after
every migrate, and again after a test flush, only when missing."""

import datetime


def ensure_institution_profile(**kwargs):
    from .models import Institusi, JamLayanan

    profile, created = Institusi.objects.get_or_create(
        pk=1,
        defaults={
            "nama": "Nama Institusi",
            "alamat": "Alamat institusi",
            "kota": "Kota",
            "nama_unit": "Unit Pengembangan Karir",
            "singkatan_unit": "UPT-PKPK",
            "kanal_layanan": "Layanan daring sistem magang",
            "pola_nomor_surat": "{nomor:04d}/KM/{tahun}",
            "penandatangan_nama": "Nama Penandatangan",
            "penandatangan_jabatan": "Kepala Unit",
        },
    )
    if created:
        # One save each (five rows), so each reaches the audit trail.
        for hari in range(5):  # Monday to Friday, 08:00-16:00 WIB
            JamLayanan.objects.create(
                institusi=profile, hari=hari, buka=datetime.time(8), tutup=datetime.time(16)
            )


def ensure_default_wording(**kwargs):
    """Version 1 of every staff-owned text that has none (pkpk.wording)."""
    from .models import TeksTemplat
    from .wording_defaults import DEFAULTS

    for jenis, teks in DEFAULTS.items():
        if not TeksTemplat.objects.filter(jenis=jenis).exists():
            TeksTemplat.objects.create(jenis=jenis, versi=1, teks=teks)
