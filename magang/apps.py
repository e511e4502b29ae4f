from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MagangConfig(AppConfig):
    name = "magang"
    verbose_name = _("Internship registration")

    def ready(self):
        from pkpk import students

        from . import selectors

        # A student whose application is open stays in their prodi.
        students.register_hold("magang.open_application", selectors.students_with_open_applications)
