"""Retention of the records of the procedure (pkpk/retention.py).

`pkpk_refuse_delete_in_retention(column)` is the trigger function each app's
retention_trigger migration attaches to its record tables: BEFORE DELETE FOR
EACH ROW, it refuses the row while `column` (its creation timestamp) is less
than 5 years ago, whoever deletes (the ORM, the admin, raw SQL, a cascade).
NULL counts as in retention. The 5 years are RETENTION_YEARS in
pkpk/retention.py; change both together, in a new migration.

The disposal records (Pemusnahan) are kept for good: a trigger refuses every
UPDATE and DELETE of them. TRUNCATE is the table owner's act, not row-level
(and how test runs empty the tables): it stays possible."""

import django.utils.timezone
from django.db import migrations, models

FORWARD = """
CREATE FUNCTION pkpk_refuse_delete_in_retention() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    created timestamptz := (to_jsonb(OLD) ->> TG_ARGV[0])::timestamptz;
BEGIN
    IF created IS NULL OR created > now() - interval '5 years' THEN
        RAISE EXCEPTION 'record in retention: % id % (% %) is kept until %',
            TG_TABLE_NAME, OLD.id, TG_ARGV[0], created, created + interval '5 years'
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Records are kept 5 years from their creation; '
                         'dispose of them afterwards with manage.py retensi.';
    END IF;
    RETURN OLD;
END;
$$;

CREATE FUNCTION pkpk_pemusnahan_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'disposal records are kept for good: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER pkpk_pemusnahan_append_only
    BEFORE UPDATE OR DELETE ON pkpk_pemusnahan
    FOR EACH ROW EXECUTE FUNCTION pkpk_pemusnahan_append_only();
"""

REVERSE = """
DROP TRIGGER IF EXISTS pkpk_pemusnahan_append_only ON pkpk_pemusnahan;
DROP FUNCTION IF EXISTS pkpk_pemusnahan_append_only();
DROP FUNCTION IF EXISTS pkpk_refuse_delete_in_retention();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('pkpk', '0004_audit_log_append_only'),
    ]

    operations = [
        migrations.CreateModel(
            name='Pemusnahan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('jenis', models.CharField(choices=[('pendaftaran', 'registration form'), ('rekap_pendaftaran', 'registration recap'), ('surat_permohonan', 'application letter'), ('surat_balasan', 'reply letter'), ('rekap_penerimaan', 'acceptance recap'), ('surat_pengantar', 'cover letter')], max_length=20, verbose_name='record')),
                ('jumlah_baris', models.PositiveIntegerField(verbose_name='records')),
                ('jumlah_berkas', models.PositiveIntegerField(verbose_name='files')),
                ('baris_terkait', models.JSONField(blank=True, default=dict, help_text='Per table.', verbose_name='rows removed with them')),
                ('identitas', models.JSONField(default=list, help_text='Database ids (#n); letter numbers for letters.', verbose_name='records disposed of')),
                ('batas', models.DateTimeField(verbose_name='created at or before')),
                ('oleh', models.CharField(max_length=150, verbose_name='by')),
                ('pada', models.DateTimeField(default=django.utils.timezone.now, verbose_name='disposed of at')),
            ],
            options={
                'verbose_name': 'disposal of records',
                'verbose_name_plural': 'disposals of records',
                'ordering': ['-pada', '-pk'],
            },
        ),
        migrations.RunSQL(FORWARD, REVERSE),
    ]
