from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifikasiConfig(AppConfig):
    name = "notifikasi"
    verbose_name = _("Notifications")

    def ready(self):
        from pkpk import auth, roles, schedules

        from . import emails
        from .models import Notifikasi

        # Failed e-mails, tried again after 1, 5, 15 and 60 minutes (pkpk.lib.outbox).
        schedules.register(
            "notifikasi.email_retries", "notifikasi.tasks.retry_notification_emails", 1
        )
        # Read-only in its admin: what was sent to whom, and when.
        roles.grant_staff_admin("notifikasi", ["notifikasi"])
        # Notification e-mails are in the staff list of undelivered e-mails.
        emails.register_outbox()
        # The bell's unread count, read in the one query of the signed-in user.
        auth.read_with_user(
            "unread_count",
            f"""SELECT count(*) FROM "{Notifikasi._meta.db_table}" n
                WHERE n."penerima_id" = u."id" AND n."di_aplikasi"
                  AND n."dibaca_pada" IS NULL""",  # noqa: S608 (names from the model)
        )
