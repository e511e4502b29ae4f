"""The project's own apps, found without naming them: the core lists or
counts what belongs to the project (its tables, its timers) and knows no app."""

from pathlib import Path

from django.apps import apps
from django.conf import settings


def project_apps():
    """The app configs of the project's own apps (packages at the top of the
    repository, not installed ones), in INSTALLED_APPS order."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        config for config in apps.get_app_configs() if Path(config.path).resolve().parent == base
    ]
