"""A kind of letter may have its own number pattern (its own register);
empty, it shares the institution's pattern and counter."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pkpk", "0009_email_retries"),
    ]

    operations = [
        migrations.AddField(
            model_name="institusi",
            name="pola_nomor_permohonan",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to number application letters with the pattern above.",
                max_length=100,
                verbose_name="application letter number pattern",
            ),
        ),
        migrations.AddField(
            model_name="institusi",
            name="pola_nomor_pengantar",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to number cover letters with the pattern above.",
                max_length=100,
                verbose_name="cover letter number pattern",
            ),
        ),
        migrations.AlterField(
            model_name="institusi",
            name="pola_nomor_surat",
            field=models.CharField(
                default="{nomor:04d}/PL29/KM/{tahun}",
                help_text=(
                    "Use {nomor} (sequence, restarts each year) and {tahun} (year). Letters of "
                    "every kind share this register (one sequence per pattern and year) unless a "
                    "kind has its own pattern below. A changed pattern starts a new register at 1."
                ),
                max_length=100,
                verbose_name="letter number pattern",
            ),
        ),
    ]
