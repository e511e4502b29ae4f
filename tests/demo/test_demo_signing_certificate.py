"""`manage.py demo_signing_certificate`, which `make run` calls when no
certificate is configured, so the demo's letters are signed too."""

from django.core.management import call_command

from surat.letters import signing


def test_the_demo_command_writes_a_certificate_that_signs(tmp_path, settings):
    p12, secret = tmp_path / "demo.p12", tmp_path / "demo.pass"
    call_command("demo_signing_certificate", str(p12), str(secret))
    assert p12.stat().st_mode & 0o077 == 0 and secret.stat().st_mode & 0o077 == 0
    settings.LETTER_SIGNING_P12 = str(p12)
    settings.LETTER_SIGNING_PASSPHRASE = secret.read_text().strip()
    assert signing.signer().enabled
