"""URLs of the kpi pages (included by rekap/urls.py)."""

urlpatterns = []
