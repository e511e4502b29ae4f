from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MagangConfig(AppConfig):
    name = "magang"
    verbose_name = _("Internship registration")
