"""pkpk.W001: `manage.py check` warns when production still has no public
SITE_URL (letters, their QR codes and e-mails print it, never the request's
host)."""

from django.core.management import call_command

from pkpk.checks import site_url_is_public


def _ids(settings):
    return [w.id for w in site_url_is_public()]


def test_it_warns_with_the_development_default_while_debug_is_off(settings):
    settings.DEBUG = False
    for url in [settings.SITE_URL_DEVELOPMENT, "", "http://localhost:8000", "magang.ac.id"]:
        settings.SITE_URL = url
        assert _ids(settings) == ["pkpk.W001"], url


def test_it_is_quiet_with_a_public_address_or_in_development(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://magang.polibatam.ac.id"
    assert _ids(settings) == []
    settings.DEBUG = True
    settings.SITE_URL = settings.SITE_URL_DEVELOPMENT
    assert _ids(settings) == []


def test_manage_py_check_reports_it(settings, capsys):
    settings.DEBUG = False
    settings.SITE_URL = settings.SITE_URL_DEVELOPMENT
    call_command("check")
    assert "pkpk.W001" in capsys.readouterr().err
