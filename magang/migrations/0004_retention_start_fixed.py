"""The creation timestamps retention counts from (`dibuat` of a registration
form, `diunggah_pada` of a reply) cannot change: an UPDATE moving one back
would make the record disposable early (pkpk/migrations/0007)."""

from django.db import migrations

FORWARD = """
CREATE TRIGGER magang_pendaftaran_retention_start
    BEFORE UPDATE OF dibuat ON magang_pendaftaran
    FOR EACH ROW EXECUTE FUNCTION pkpk_refuse_retention_start_change('dibuat');
CREATE TRIGGER magang_suratbalasan_retention_start
    BEFORE UPDATE OF diunggah_pada ON magang_suratbalasan
    FOR EACH ROW EXECUTE FUNCTION pkpk_refuse_retention_start_change('diunggah_pada');
"""

REVERSE = """
DROP TRIGGER IF EXISTS magang_pendaftaran_retention_start ON magang_pendaftaran;
DROP TRIGGER IF EXISTS magang_suratbalasan_retention_start ON magang_suratbalasan;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("magang", "0003_retention_trigger"),
        ("pkpk", "0007_retention_start_fixed"),
    ]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
