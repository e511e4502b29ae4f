"""One live letter request per application and kind, held by the database.

A request names its applications through AnggotaPermintaan, so the rule
needs the request's kind and status on that row: they are copied there, and
a composite foreign key (permintaan_id, jenis, status) -> surat_permintaan
(id, jenis, status) with ON UPDATE CASCADE keeps the copy equal to the
request's (no trigger to maintain). The partial unique index then refuses a
second live request naming the same application, also when two arrive at
once. Before the index is built, any duplicates already stored (the service
refused them, so none are expected) are reported and stop the migration."""

from django.db import migrations, models

COPY = """
UPDATE surat_anggotapermintaan a SET jenis = p.jenis, status = p.status
FROM surat_permintaan p WHERE p.id = a.permintaan_id;
"""

FOREIGN_KEY = """
ALTER TABLE surat_anggotapermintaan ADD CONSTRAINT anggota_copies_request
    FOREIGN KEY (permintaan_id, jenis, status)
    REFERENCES surat_permintaan (id, jenis, status)
    ON UPDATE CASCADE ON DELETE CASCADE;
"""

DROP_FOREIGN_KEY = "ALTER TABLE surat_anggotapermintaan DROP CONSTRAINT anggota_copies_request;"

LIVE = ("menunggu", "diproses", "dikembalikan")


def refuse_duplicates(apps, schema_editor):
    from django.db.models import Count

    AnggotaPermintaan = apps.get_model("surat", "AnggotaPermintaan")
    twice = (
        AnggotaPermintaan.objects.filter(status__in=LIVE)
        .values("pendaftaran_id", "jenis")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    if twice:
        found = ", ".join(
            f"application {row['pendaftaran_id']} ({row['jenis']})" for row in twice
        )
        raise RuntimeError(
            "More than one live letter request names: " + found + ". Withdraw or return "
            "all but one of each (admin or shell), then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [("surat", "0008_text_limits")]

    operations = [
        migrations.AddField(
            model_name="anggotapermintaan",
            name="jenis",
            field=models.CharField(
                choices=[
                    ("permohonan", "internship application letter"),
                    ("pengantar", "internship cover letter"),
                    ("pertanyaan", "question to the unit"),
                ],
                default="",
                max_length=12,
                verbose_name="kind",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="anggotapermintaan",
            name="status",
            field=models.CharField(
                choices=[
                    ("menunggu", "waiting for staff"),
                    ("diproses", "being handled"),
                    ("dikembalikan", "returned to the student"),
                    ("selesai", "done"),
                    ("dibatalkan", "withdrawn"),
                ],
                default="",
                max_length=12,
                verbose_name="status",
            ),
            preserve_default=False,
        ),
        migrations.RunSQL(COPY, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="permintaan",
            constraint=models.UniqueConstraint(
                fields=("id", "jenis", "status"), name="permintaan_id_jenis_status"
            ),
        ),
        migrations.RunSQL(FOREIGN_KEY, DROP_FOREIGN_KEY),
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="anggotapermintaan",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["menunggu", "diproses", "dikembalikan"])),
                fields=("pendaftaran", "jenis"),
                name="anggota_one_live_request",
                violation_error_message=(
                    "A request for this letter naming this application is already open."
                ),
            ),
        ),
    ]
