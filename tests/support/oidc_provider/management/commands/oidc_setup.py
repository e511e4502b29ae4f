"""Sets the test provider up after `migrate`: an RSA key, our project as a
client (its id, secret and redirect URIs), and the accounts of accounts.json.
Run again, it updates them: a test may add a redirect URI or an account."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from oidc_provider.models import Client, ResponseType, RSAKey

from tests.support.oidc_provider.claims import accounts


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", action="append", default=[])
        parser.add_argument("--consent", action="store_true")

    def handle(self, *args, client_id, client_secret, redirect_uri, consent, **options):
        if not RSAKey.objects.exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            RSAKey.objects.create(key=pem.decode())
        client, _created = Client.objects.update_or_create(
            client_id=client_id,
            defaults={
                "name": "Sistem Magang UPT-PKPK",
                "client_type": "confidential",
                "client_secret": client_secret,
                "jwt_alg": "RS256",
                "require_consent": consent,
                "reuse_consent": False,
                "_redirect_uris": "\n".join(redirect_uri),
            },
        )
        client.response_types.set([ResponseType.objects.get(value="code")])
        User = get_user_model()
        for username, account in accounts().items():
            user, _created = User.objects.get_or_create(username=username)
            user.set_password(account["password"])
            user.save()
