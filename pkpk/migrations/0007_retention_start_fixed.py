"""A record's retention counts from its creation timestamp (pkpk/retention.py),
so moving that timestamp back would make a record disposable early: the
DELETE trigger of 0005 alone can be dodged by an UPDATE first.

`pkpk_refuse_retention_start_change(column, ...)` is the trigger function each
app's retention migration attaches, BEFORE UPDATE FOR EACH ROW, to the same
record tables as `pkpk_refuse_delete_in_retention`: it refuses the row when
any of the named columns changes (a `save()` writing the same value again
passes). The columns are the record's creation timestamp and, where only some
rows are records, what selects them."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION pkpk_refuse_retention_start_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    col text;
BEGIN
    FOREACH col IN ARRAY TG_ARGV LOOP
        IF (to_jsonb(OLD) -> col) IS DISTINCT FROM (to_jsonb(NEW) -> col) THEN
            RAISE EXCEPTION 'record in retention: % id % cannot change % (% to %)',
                TG_TABLE_NAME, OLD.id, col, to_jsonb(OLD) ->> col, to_jsonb(NEW) ->> col
                USING ERRCODE = 'restrict_violation',
                      HINT = 'Records are kept 5 years from their creation, '
                             'which is fixed once written.';
        END IF;
    END LOOP;
    RETURN NEW;
END;
$$;
"""

REVERSE = "DROP FUNCTION IF EXISTS pkpk_refuse_retention_start_change();"


class Migration(migrations.Migration):
    dependencies = [("pkpk", "0006_notifications")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
