from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RekapConfig(AppConfig):
    name = "rekap"
    verbose_name = _("Recaps and KPIs")
