"""The demo app imports every other app and no app imports it back (that
rule, with the others, is tests/structure/test_import_rules.py), so the
product runs the same without demo/. It comes last, so its seed runs on
every other app's models and registries."""

from django.conf import settings


def test_the_demo_is_the_last_app():
    assert settings.INSTALLED_APPS[-1] == "demo"
