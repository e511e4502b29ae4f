"""A letter's issue time, which its retention counts from, cannot change: an
UPDATE moving it back would make the letter disposable early
(pkpk/migrations/0007)."""

from django.db import migrations

FORWARD = """
CREATE TRIGGER surat_surat_retention_start
    BEFORE UPDATE OF diterbitkan_pada ON surat_surat
    FOR EACH ROW EXECUTE FUNCTION pkpk_refuse_retention_start_change('diterbitkan_pada');
"""

REVERSE = "DROP TRIGGER IF EXISTS surat_surat_retention_start ON surat_surat;"


class Migration(migrations.Migration):
    dependencies = [
        ("surat", "0006_retention_trigger"),
        ("pkpk", "0007_retention_start_fixed"),
    ]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
