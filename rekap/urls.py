"""Recaps, the partner register and the KPI dashboard, one namespace."""

from django.urls import include, path

from . import urls_kpi, urls_partners, urls_recaps

app_name = "rekap"

urlpatterns = [
    path("", include(urls_recaps)),
    path("kerjasama/", include(urls_partners)),
    path("kpi/", include(urls_kpi)),
]
