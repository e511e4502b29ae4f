"""Application and cover letters are kept 5 years from their issue
(pkpk/retention.py): the database refuses to delete one earlier, counted from
`diterbitkan_pada`, voided letters included."""

from django.db import migrations

FORWARD = """
CREATE TRIGGER surat_surat_retention
    BEFORE DELETE ON surat_surat
    FOR EACH ROW EXECUTE FUNCTION pkpk_refuse_delete_in_retention('diterbitkan_pada');
"""

REVERSE = "DROP TRIGGER IF EXISTS surat_surat_retention ON surat_surat;"


class Migration(migrations.Migration):
    dependencies = [
        ("surat", "0005_peristiwa_layanan_jenis_waktu"),
        ("pkpk", "0005_retention"),
    ]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
