"""Letter numbers become unique across kinds: one counter per number pattern
and year instead of one per kind, and a unique constraint on the number.

Before, both kinds used the institution's one pattern with a counter each,
so the first permohonan and the first pengantar of a year were both
0001/... . Letters already issued are records (their PDFs are on paper and
at the companies): nothing about them changes. Every letter whose number an
earlier letter already had is marked `nomor_ganda`, listed on the console
during migrate, and shown flagged in the register; the unique constraint
excludes exactly those. The new counter of each year starts after the
highest number issued that year, so no new letter repeats an old number."""

import sys

from django.db import migrations, models
from django.db.models import Count, Max, Q

PATTERN_DEFAULT = "{nomor:04d}/PL29/KM/{tahun}"

TRIGGER = """
CREATE FUNCTION surat_refuse_new_duplicate_number() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.nomor_ganda AND (TG_OP = 'INSERT' OR NOT OLD.nomor_ganda) THEN
        RAISE EXCEPTION 'letter %: only migration surat 0007 marks legacy duplicate numbers',
            NEW.nomor USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER surat_surat_legacy_duplicates_only
    BEFORE INSERT OR UPDATE OF nomor_ganda ON surat_surat
    FOR EACH ROW EXECUTE FUNCTION surat_refuse_new_duplicate_number();
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS surat_surat_legacy_duplicates_only ON surat_surat;
DROP FUNCTION IF EXISTS surat_refuse_new_duplicate_number();
"""


def _run_pending_checks(schema_editor):
    # The updates above queue deferred foreign-key checks, and PostgreSQL
    # refuses to build an index (the constraints below) on a table with
    # pending trigger events in the same transaction: run them now.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def _shared_pattern(apps):
    profile = apps.get_model("pkpk", "Institusi").objects.filter(pk=1).first()
    return profile.pola_nomor_surat if profile else PATTERN_DEFAULT


def one_counter_per_pattern(apps, schema_editor):
    """Letters so far were all numbered with the shared pattern: they are its
    register. Its counter per year continues after the highest number."""
    Penomoran = apps.get_model("surat", "Penomoran")
    Surat = apps.get_model("surat", "Surat")
    pattern = _shared_pattern(apps)
    Surat.objects.update(pola=pattern)
    last = {}
    for row in Penomoran.objects.values("tahun").annotate(last=Max("terakhir")):
        last[row["tahun"]] = row["last"]
    for row in Surat.objects.values("tahun").annotate(last=Max("urutan")):
        last[row["tahun"]] = max(last.get(row["tahun"], 0), row["last"])
    Penomoran.objects.all().delete()
    Penomoran.objects.bulk_create(
        [Penomoran(pola=pattern, tahun=year, terakhir=n) for year, n in sorted(last.items())]
    )
    _run_pending_checks(schema_editor)


def counters_per_kind(apps, schema_editor):
    Penomoran = apps.get_model("surat", "Penomoran")
    Surat = apps.get_model("surat", "Surat")
    Penomoran.objects.all().delete()
    rows = Surat.objects.values("jenis", "tahun").annotate(last=Max("urutan"))
    Penomoran.objects.bulk_create(
        [Penomoran(jenis=r["jenis"], tahun=r["tahun"], terakhir=r["last"]) for r in rows]
    )


def mark_legacy_duplicates(apps, schema_editor):
    """The first letter with a number keeps it; each later one is marked and
    listed. Nothing else about them changes, their PDFs least of all."""
    Surat = apps.get_model("surat", "Surat")
    shared = (
        Surat.objects.values("nomor").annotate(n=Count("pk")).filter(n__gt=1).values("nomor")
    )
    letters = Surat.objects.filter(nomor__in=shared).order_by("nomor", "diterbitkan_pada", "pk")
    first_of = {}
    marked = []
    for surat in letters:
        if surat.nomor not in first_of:
            first_of[surat.nomor] = surat
        else:
            marked.append(surat)
    if not marked:
        return
    Surat.objects.filter(pk__in=[s.pk for s in marked]).update(nomor_ganda=True)
    _run_pending_checks(schema_editor)
    out = sys.stdout
    out.write(
        f"\n  {len(marked)} letter(s) carry a number an earlier letter already had. "
        "They are kept as issued and marked as legacy duplicates (flagged in the "
        "outgoing-letter register):\n"
    )
    for surat in marked:
        first = first_of[surat.nomor]
        out.write(
            f"    {surat.nomor}: letter #{surat.pk} ({surat.jenis}, {surat.tanggal:%d-%m-%Y}) "
            f"repeats letter #{first.pk} ({first.jenis}, {first.tanggal:%d-%m-%Y})\n"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("surat", "0010_letter_email_retries"),
        ("pkpk", "0010_letter_number_pattern_per_kind"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="penomoran", name="penomoran_one_per_kind_year"),
        migrations.RemoveConstraint(model_name="surat", name="surat_unique_number_per_kind_year"),
        migrations.AddField(
            model_name="penomoran",
            name="pola",
            field=models.CharField(default="", max_length=100, verbose_name="number pattern"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="surat",
            name="pola",
            field=models.CharField(default="", max_length=100, verbose_name="number pattern"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="surat",
            name="nomor_ganda",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text=(
                    "Issued before numbers were unique across kinds, with the number of an "
                    "earlier letter. Kept as issued."
                ),
                verbose_name="legacy duplicate number",
            ),
        ),
        migrations.RunPython(one_counter_per_pattern, counters_per_kind),
        migrations.RunPython(mark_legacy_duplicates, migrations.RunPython.noop),
        # A default first, so that migrating back can add the column again.
        migrations.AlterField(
            model_name="penomoran",
            name="jenis",
            field=models.CharField(default="", max_length=12, verbose_name="kind"),
        ),
        migrations.RemoveField(model_name="penomoran", name="jenis"),
        migrations.AddConstraint(
            model_name="penomoran",
            constraint=models.UniqueConstraint(
                fields=("pola", "tahun"), name="penomoran_one_per_pattern_year"
            ),
        ),
        migrations.AddConstraint(
            model_name="surat",
            constraint=models.UniqueConstraint(
                condition=Q(nomor_ganda=False),
                fields=("nomor",),
                name="surat_unique_number",
                violation_error_message="Another letter already has this number.",
            ),
        ),
        migrations.RunSQL(TRIGGER, DROP_TRIGGER),
    ]
