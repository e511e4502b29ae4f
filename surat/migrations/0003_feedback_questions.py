"""The partner feedback form's questions as the unit asked them on paper:
the graduate-user aspects accreditation uses, then the unit's service."""

from django.db import migrations

QUESTIONS = [
    "Etika",
    "Keahlian pada bidang ilmu (kompetensi utama)",
    "Kemampuan berbahasa asing",
    "Penggunaan teknologi informasi",
    "Kemampuan berkomunikasi",
    "Kerja sama tim",
    "Pengembangan diri",
    "Kejelasan informasi dari unit layanan magang",
    "Kecepatan tanggapan unit layanan magang",
    "Kemudahan berkoordinasi dengan unit layanan magang",
]


def add_questions(apps, schema_editor):
    Pertanyaan = apps.get_model("surat", "PertanyaanUmpanBalik")
    if not Pertanyaan.objects.exists():
        Pertanyaan.objects.bulk_create(
            Pertanyaan(teks=teks, urutan=i) for i, teks in enumerate(QUESTIONS, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("surat", "0002_requests_clocks_feedback")]

    operations = [migrations.RunPython(add_questions, migrations.RunPython.noop)]
