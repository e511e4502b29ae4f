"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pkpk.settings")
application = get_wsgi_application()


def _warm_up():
    """Import every view module (the URLconf pulls in WeasyPrint and more)
    and read the translations while the worker boots, before it accepts
    requests: otherwise the first visitor of each new worker waits seconds."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (the lookup is the import)
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("")


_warm_up()
