"""Registration forms and reply letters are kept 5 years (pkpk/retention.py):
the database refuses to delete one earlier, counted from when the student
registered (`dibuat`) and from when the reply was uploaded (`diunggah_pada`)."""

from django.db import migrations

FORWARD = """
CREATE TRIGGER magang_pendaftaran_retention
    BEFORE DELETE ON magang_pendaftaran
    FOR EACH ROW EXECUTE FUNCTION pkpk_refuse_delete_in_retention('dibuat');
CREATE TRIGGER magang_suratbalasan_retention
    BEFORE DELETE ON magang_suratbalasan
    FOR EACH ROW EXECUTE FUNCTION pkpk_refuse_delete_in_retention('diunggah_pada');
"""

REVERSE = """
DROP TRIGGER IF EXISTS magang_pendaftaran_retention ON magang_pendaftaran;
DROP TRIGGER IF EXISTS magang_suratbalasan_retention ON magang_suratbalasan;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("magang", "0002_placement_and_company_actor"),
        ("pkpk", "0005_retention"),
    ]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
