"""URLs of the partners pages (included by rekap/urls.py)."""

urlpatterns = []
