"""Our URLs with the campus provider's, as pkpk/urls.py has them when the
CAMPUS_OIDC_* variables are set (the tests' settings have none)."""

from django.urls import include, path

from pkpk.urls import handler400, handler403, handler404, handler500
from pkpk.urls import urlpatterns as base

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [*base, path("oidc/", include("kampus.urls_oidc"))]
