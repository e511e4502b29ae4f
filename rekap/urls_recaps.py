"""URLs of the recaps pages (included by rekap/urls.py)."""

urlpatterns = []
