"""System checks of the deployment's own settings (`manage.py check`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}  # noqa: S104


@register()
def site_url_is_public(app_configs=None, **kwargs):
    """Letters are printed with SITE_URL and its QR code: a letter issued on
    a server left with the laptop default sends its readers nowhere, forever
    (the PDF never changes)."""
    if settings.DEBUG:
        return []
    url = urlsplit(getattr(settings, "SITE_URL", "") or "")
    if url.scheme in {"http", "https"} and (url.hostname or "") not in LOCAL_HOSTS:
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL or 'unset'!r} while DEBUG is off.",
            hint=(
                "Set SITE_URL to the public address (for example "
                "https://magang.example.ac.id): letters, their QR codes and e-mails "
                "print it, and a letter's PDF never changes once issued."
            ),
            id="pkpk.W001",
        )
    ]
