"""Recaps, the partner register, the KPI dashboard and the outgoing-letter
register, one namespace."""

from django.urls import include, path

from . import urls_agenda, urls_kpi, urls_partners, urls_recaps

app_name = "rekap"

urlpatterns = [
    path("", include(urls_recaps)),
    path("kerjasama/", include(urls_partners)),
    path("kpi/", include(urls_kpi)),
    path("agenda-surat/", include(urls_agenda)),
]
