from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuratConfig(AppConfig):
    name = "surat"
    verbose_name = _("Internship letters")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import initial_data

        post_migrate.connect(initial_data.ensure_feedback_questions, sender=self)

        from pkpk import students

        from . import selectors

        # A letter asked for or issued states the student's prodi.
        students.register_hold("surat.open_request", selectors.students_with_open_letter_requests)
        students.register_hold("surat.valid_letter", selectors.students_with_valid_letters)
