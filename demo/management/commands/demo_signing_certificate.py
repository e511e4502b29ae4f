"""Writes the self-signed certificate `make run` signs the demo's letters
with (bin/run, when LETTER_SIGNING_P12 names no certificate): a PKCS#12
file and the random passphrase that opens it, both readable by the owner only."""

import secrets
from pathlib import Path

from django.core.management.base import BaseCommand

from surat.letters import signing


class Command(BaseCommand):
    help = "Write a self-signed demo signing certificate (PKCS#12) and its passphrase."

    def add_arguments(self, parser):
        parser.add_argument("p12", help="the PKCS#12 file to write")
        parser.add_argument("passphrase_file", help="the file to write its passphrase to")

    def handle(self, *, p12, passphrase_file, **options):
        passphrase = secrets.token_urlsafe(24)
        secret = Path(passphrase_file)
        secret.parent.mkdir(parents=True, exist_ok=True)
        secret.touch(mode=0o600)
        secret.write_text(passphrase + "\n")
        signing.make_self_signed(
            p12,
            passphrase=passphrase,
            common_name="UPT-PKPK demo",
            organization="Sertifikat demo, bukan untuk surat resmi",
        )
        self.stdout.write(f"wrote {p12} and {passphrase_file}")
