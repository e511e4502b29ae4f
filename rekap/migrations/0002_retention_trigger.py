"""Registration and acceptance recaps issued as files are kept 5 years
(pkpk/retention.py): the database refuses to delete one earlier, counted from
when it was generated (`dibuat`). The other recap kinds are not records of
the procedure."""

from django.db import migrations

FORWARD = """
CREATE TRIGGER rekap_rekaparsip_retention
    BEFORE DELETE ON rekap_rekaparsip
    FOR EACH ROW WHEN (OLD.jenis IN ('pendaftaran', 'penerimaan'))
    EXECUTE FUNCTION pkpk_refuse_delete_in_retention('dibuat');
"""

REVERSE = "DROP TRIGGER IF EXISTS rekap_rekaparsip_retention ON rekap_rekaparsip;"


class Migration(migrations.Migration):
    dependencies = [
        ("rekap", "0001_partners_and_recap_files"),
        ("pkpk", "0005_retention"),
    ]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
