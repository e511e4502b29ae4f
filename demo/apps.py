from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional demo data of `manage.py seed_demo`: the one app allowed
    to import every other one; no app imports it."""

    name = "demo"
