"""The notification tables, which pkpk created (pkpk 0002, 0006, 0009) and
renamed to this app's names (pkpk 0017): taken into this app's state as they
are, so an existing database keeps its rows. Their content types follow, so
staff permissions and admin history keep pointing at them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = ["notifikasi", "preferensinotifikasi"]


def move_content_types(apps, schema_editor, source="pkpk", target="notifikasi"):
    # A fresh database has none yet: post_migrate creates them later.
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MODELS).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="notifikasi", target="pkpk")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("pkpk", "0017_notifications_to_own_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notifikasi",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "percobaan",
                            models.PositiveSmallIntegerField(
                                db_default=0, default=0, verbose_name="attempts"
                            ),
                        ),
                        (
                            "coba_lagi_pada",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="next attempt at"
                            ),
                        ),
                        (
                            "galat",
                            models.TextField(
                                blank=True, db_default="", default="", verbose_name="last error"
                            ),
                        ),
                        (
                            "gagal_pada",
                            models.DateTimeField(blank=True, null=True, verbose_name="given up at"),
                        ),
                        (
                            "jenis",
                            models.CharField(
                                choices=[
                                    ("pendaftaran", "My applications"),
                                    ("jawaban", "Company answers"),
                                    ("blokir_dibuka", "Free to register elsewhere"),
                                    ("surat_siap", "Letters ready"),
                                    ("permintaan", "Requests returned or answered"),
                                    ("disebut", "Letters a classmate asked for"),
                                    ("jam_layanan", "Service clock alerts"),
                                    ("konfirmasi", "Confirmations due"),
                                    ("jawaban_perusahaan", "Answers through the company link"),
                                    ("permintaan_baru", "New requests"),
                                    ("email_gagal", "E-mails that could not be sent"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "kunci",
                            models.CharField(blank=True, max_length=100, verbose_name="event key"),
                        ),
                        ("judul", models.CharField(max_length=200, verbose_name="title")),
                        ("isi", models.TextField(verbose_name="message")),
                        (
                            "tautan",
                            models.CharField(blank=True, max_length=300, verbose_name="link"),
                        ),
                        ("dibuat", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        (
                            "di_aplikasi",
                            models.BooleanField(default=True, verbose_name="shown in the app"),
                        ),
                        (
                            "dibaca_pada",
                            models.DateTimeField(blank=True, null=True, verbose_name="read at"),
                        ),
                        (
                            "email_terkirim_pada",
                            models.DateTimeField(blank=True, null=True, verbose_name="e-mailed at"),
                        ),
                        (
                            "penerima",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifikasi",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recipient",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "ordering": ["-dibuat", "-pk"],
                        "indexes": [
                            models.Index(fields=["penerima", "-dibuat"], name="notifikasi_list"),
                            models.Index(
                                condition=models.Q(
                                    ("di_aplikasi", True), ("dibaca_pada__isnull", True)
                                ),
                                fields=["penerima"],
                                name="notifikasi_unread",
                            ),
                            models.Index(
                                condition=models.Q(("coba_lagi_pada__isnull", False)),
                                fields=["coba_lagi_pada"],
                                name="notifikasi_retry_due",
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("kunci", ""), _negated=True),
                                fields=("penerima", "kunci"),
                                name="notifikasi_once",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="PreferensiNotifikasi",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "jenis",
                            models.CharField(
                                choices=[
                                    ("pendaftaran", "My applications"),
                                    ("jawaban", "Company answers"),
                                    ("blokir_dibuka", "Free to register elsewhere"),
                                    ("surat_siap", "Letters ready"),
                                    ("permintaan", "Requests returned or answered"),
                                    ("disebut", "Letters a classmate asked for"),
                                    ("jam_layanan", "Service clock alerts"),
                                    ("konfirmasi", "Confirmations due"),
                                    ("jawaban_perusahaan", "Answers through the company link"),
                                    ("permintaan_baru", "New requests"),
                                    ("email_gagal", "E-mails that could not be sent"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "di_aplikasi",
                            models.BooleanField(default=True, verbose_name="in the app"),
                        ),
                        ("email", models.BooleanField(default=True, verbose_name="by e-mail")),
                        (
                            "pengguna",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="preferensi_notifikasi",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notification setting",
                        "verbose_name_plural": "notification settings",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("pengguna", "jenis"), name="preferensi_sekali"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("di_aplikasi", True),
                                    (
                                        "jenis__in",
                                        ["disebut", "jawaban_perusahaan", "permintaan_baru"],
                                    ),
                                    _connector="OR",
                                ),
                                name="preferensi_wajib_di_aplikasi",
                            ),
                        ],
                    },
                ),
            ]
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
