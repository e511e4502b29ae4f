"""URLs of the recaps pages (included by rekap/urls.py)."""

from django.urls import path

from .views import recaps

urlpatterns = [
    path("", recaps.index, name="recaps"),
    path("pendaftaran/", recaps.registrations, name="recap_pendaftaran"),
    path("penerimaan/", recaps.acceptances, name="recap_penerimaan"),
    path("belum-magang/", recaps.not_placed, name="recap_belum_magang"),
    path("unduh/<slug:jenis>.xlsx", recaps.download, name="recap_download"),
    path("arsip/", recaps.issued, name="recap_issued"),
    path("arsip/<int:pk>/unduh/", recaps.issued_download, name="recap_issued_download"),
]
