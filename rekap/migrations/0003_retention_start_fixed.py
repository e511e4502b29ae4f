"""A registration or acceptance recap keeps the time it was generated and its
kind: moving `dibuat` back would make it disposable early, and changing
`jenis` to a kind that is not a record would let it be deleted at once
(pkpk/migrations/0007)."""

from django.db import migrations

FORWARD = """
CREATE TRIGGER rekap_rekaparsip_retention_start
    BEFORE UPDATE OF dibuat, jenis ON rekap_rekaparsip
    FOR EACH ROW WHEN (OLD.jenis IN ('pendaftaran', 'penerimaan'))
    EXECUTE FUNCTION pkpk_refuse_retention_start_change('dibuat', 'jenis');
"""

REVERSE = "DROP TRIGGER IF EXISTS rekap_rekaparsip_retention_start ON rekap_rekaparsip;"


class Migration(migrations.Migration):
    dependencies = [
        ("rekap", "0002_retention_trigger"),
        ("pkpk", "0007_retention_start_fixed"),
    ]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
