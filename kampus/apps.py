from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KampusConfig(AppConfig):
    name = "kampus"
    verbose_name = _("Campus sign-in")

    def ready(self):
        from . import checks  # noqa: F401
