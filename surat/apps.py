from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuratConfig(AppConfig):
    name = "surat"
    verbose_name = _("Internship letters")

    def ready(self):
        from django.db.models.signals import post_migrate

        from magang import services as magang_services
        from pkpk import students

        from . import initial_data
        from .company import delivery
        from .desk import handling
        from .letters import selectors

        post_migrate.connect(initial_data.ensure_feedback_questions, sender=self)
        # A cancelled application leaves no open letter request behind.
        magang_services.on_cancel(handling.close_for_cancelled_application)
        # Letters e-mailed to companies are in the staff list of undelivered e-mails.
        delivery.register_outbox()
        # A letter asked for or issued states the student's prodi.
        students.register_hold("surat.open_request", selectors.students_with_open_letter_requests)
        students.register_hold("surat.valid_letter", selectors.students_with_valid_letters)
