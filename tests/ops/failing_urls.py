"""The site's pages plus one that fails, for tests/ops/test_error_reports.py."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from pkpk.urls import handler500  # noqa: F401 - the site's own error page
from pkpk.urls import urlpatterns as site


class ReportedFailure(Exception):
    """What the failing page raises, named so its report can be recognised."""


@csrf_exempt
def fail(request):
    raise ReportedFailure(f"the page failed for NIM {request.POST.get('nim')}")


urlpatterns = [path("gagal/", fail), *site]
