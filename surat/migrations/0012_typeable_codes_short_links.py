"""Every letter gets a typeable verification code (surat/codes.py), and
company links get short codes (/p/<kode>).

Letters already issued printed the token's first ten characters under the
QR code: those papers are with companies, so that code is kept as
`kode_lama` and still opens the verification page. Their QR codes name the
full token, which opens it too. Their PDFs do not change."""

import secrets

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

import surat.models.letters

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # surat.letters.codes.ALPHABET, frozen here


def give_codes(apps, schema_editor):
    Surat = apps.get_model("surat", "Surat")
    taken = set()
    for letter in Surat._base_manager.only("pk", "token").iterator():
        kode = None
        while kode is None or kode in taken:
            kode = "".join(secrets.choice(ALPHABET) for _ in range(8))
        taken.add(kode)
        Surat._base_manager.filter(pk=letter.pk).update(kode=kode, kode_lama=letter.token[:10])
    # The updates queue deferred trigger events, and PostgreSQL refuses to
    # build an index on a table with pending ones in the same transaction.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):
    dependencies = [
        ("surat", "0011_number_unique_across_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="surat",
            name="kode",
            field=models.CharField(
                editable=False, max_length=8, null=True, verbose_name="verification code"
            ),
        ),
        migrations.AddField(
            model_name="surat",
            name="kode_lama",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=10,
                null=True,
                unique=True,
                verbose_name="verification code as printed before",
            ),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="surat",
            name="kode",
            field=models.CharField(
                default=surat.models.letters.new_verification_code,
                editable=False,
                max_length=8,
                unique=True,
                verbose_name="verification code",
            ),
        ),
        migrations.AddConstraint(
            model_name="surat",
            constraint=models.CheckConstraint(
                condition=Q(kode__regex="^[2-9A-HJKMNP-TV-Z]{8}$"), name="surat_kode_alphabet"
            ),
        ),
        migrations.CreateModel(
            name="TautanPerusahaan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kode",
                    models.CharField(
                        default=surat.models.letters.new_company_code,
                        editable=False,
                        max_length=12,
                        unique=True,
                        verbose_name="code",
                    ),
                ),
                ("token", models.CharField(editable=False, max_length=200)),
                ("dibuat_pada", models.DateTimeField(verbose_name="made at")),
                (
                    "surat",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tautan",
                        to="surat.surat",
                    ),
                ),
            ],
            options={
                "verbose_name": "short company link",
                "verbose_name_plural": "short company links",
                "ordering": ["-dibuat_pada", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=Q(kode__regex="^[2-9A-HJKMNP-TV-Z]{12}$"),
                        name="tautanperusahaan_kode_alphabet",
                    )
                ],
            },
        ),
    ]
