"""The audit trail is append-only in the database itself: a trigger refuses
every UPDATE and DELETE on auditlog's table, whoever issues it (the ORM's
.update()/.delete(), the admin, raw SQL, a cascade or SET NULL from a deleted
row). The log is kept forever, so there is no exception for disposal.
TRUNCATE is a table owner's act (and how test runs empty the tables) and is
not row-level: it stays possible for whoever owns the database."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION pkpk_audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log cannot be changed: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation',
              HINT = 'Audit entries are only ever added.';
END;
$$;
CREATE TRIGGER auditlog_logentry_append_only
    BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION pkpk_audit_log_append_only();
"""

REVERSE = """
DROP TRIGGER IF EXISTS auditlog_logentry_append_only ON auditlog_logentry;
DROP FUNCTION IF EXISTS pkpk_audit_log_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("pkpk", "0003_username_unique_ci"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
