"""The baseline: a bare Django view, no database, no middleware, served by
gunicorn exactly like the project. Pages are quoted as a ratio to this."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only",  # noqa: S106
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
)


def bare(request):
    return HttpResponse("<!doctype html><title>bare</title><p>ok</p>")


urlpatterns = [path("", bare)]
application = get_wsgi_application()
