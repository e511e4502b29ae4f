"""URLs of the KPI pages (included by rekap/urls.py at /rekap/kpi/).
Names start with kpi_: the namespace is shared."""

from django.urls import path

from .views import kpi

urlpatterns = [
    path("", kpi.kpi_dashboard, name="kpi_dashboard"),
    path("layanan/<slug:slug>/", kpi.kpi_clocks, name="kpi_clocks"),
    path("kerjasama/", kpi.kpi_partnerships, name="kpi_partnerships"),
    path("umpan-balik/", kpi.kpi_feedback, name="kpi_feedback"),
    path("unduh/kpi.xlsx", kpi.kpi_excel, name="kpi_excel"),
    path("unduh/kpi.pdf", kpi.kpi_pdf, name="kpi_pdf"),
]
