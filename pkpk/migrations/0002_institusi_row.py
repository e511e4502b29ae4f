"""The one institution-profile row and default service hours, so a new
database works before anyone edits the profile (seed_demo or staff fill it)."""

import datetime

from django.db import migrations


def create_profile(apps, schema_editor):
    Institusi = apps.get_model("pkpk", "Institusi")
    JamLayanan = apps.get_model("pkpk", "JamLayanan")
    if Institusi.objects.filter(pk=1).exists():
        return
    Institusi.objects.create(
        pk=1,
        nama="Nama Institusi",
        alamat="Alamat institusi",
        kota="Kota",
        nama_unit="Unit Pengembangan Karir",
        singkatan_unit="UPT-PKPK",
        kanal_layanan="Layanan daring sistem magang",
        pola_nomor_surat="{nomor:04d}/KM/{tahun}",
        penandatangan_nama="Nama Penandatangan",
        penandatangan_jabatan="Kepala Unit",
    )
    for hari in range(5):  # Monday to Friday, 08:00-16:00 WIB
        JamLayanan.objects.create(
            institusi_id=1, hari=hari, buka=datetime.time(8), tutup=datetime.time(16)
        )


class Migration(migrations.Migration):
    dependencies = [("pkpk", "0001_initial")]
    operations = [migrations.RunPython(create_profile, migrations.RunPython.noop)]
