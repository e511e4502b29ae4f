# The stored PDF's hash and its electronic signature (surat/letters/signing.py).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surat", "0014_delivery_records_email_wording"),
    ]

    operations = [
        migrations.AddField(
            model_name="surat",
            name="sha256",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="SHA-256 of the PDF"
            ),
        ),
        migrations.AddField(
            model_name="surat",
            name="tte_penandatangan",
            field=models.CharField(
                blank=True, editable=False, max_length=300, verbose_name="signed electronically by"
            ),
        ),
        migrations.AddField(
            model_name="surat",
            name="tte_waktu",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="signed electronically at"
            ),
        ),
        migrations.AddField(
            model_name="surat",
            name="tte_sertifikat",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=64,
                verbose_name="SHA-256 of the signing certificate",
            ),
        ),
    ]
