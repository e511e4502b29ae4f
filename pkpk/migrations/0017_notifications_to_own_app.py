"""Notifications moved to their own app (notifikasi): its tables get the
app's names and leave pkpk's state; notifikasi/migrations/0001_initial.py
takes them into its state as they are. Rows, indexes, constraints and the
foreign keys to the user stay: a table rename keeps them all."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pkpk", "0016_feedback_page_wording_kind")]

    operations = [
        migrations.AlterModelTable("notifikasi", "notifikasi_notifikasi"),
        migrations.AlterModelTable("preferensinotifikasi", "notifikasi_preferensinotifikasi"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel("Notifikasi"),
                migrations.DeleteModel("PreferensiNotifikasi"),
            ]
        ),
    ]
