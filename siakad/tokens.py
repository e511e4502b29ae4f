"""Client tokens: made once, shown once, stored as a SHA-256 hash. A token
is `pkpk_<prefix>_<secret>`; the prefix finds the client's row, the hash of
the whole token is compared in constant time."""

import hashlib
import hmac
import secrets

from django.utils import timezone

from .models import KlienApi

PREFIX_LENGTH = 8


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str, str]:
    """(token, prefix, hash) of a new random token."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    token = f"pkpk_{prefix}_{secrets.token_urlsafe(32)}"
    return token, prefix, _hash(token)


def create_client(*, nama: str, cakupan: str, by) -> tuple[KlienApi, str]:
    """A new client and its raw token (never stored, never shown again)."""
    token, prefix, digest = new_token()
    klien = KlienApi.objects.create(
        nama=nama, cakupan=cakupan, awalan=prefix, token_hash=digest, dibuat_oleh=by
    )
    return klien, token


def client_for(token: str) -> KlienApi | None:
    """The live client whose token this is, else None (unknown, wrong or revoked)."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "pkpk" or len(parts[1]) != PREFIX_LENGTH:
        return None
    klien = KlienApi.objects.select_related("dibuat_oleh").filter(awalan=parts[1]).first()
    if klien is None or not hmac.compare_digest(klien.token_hash, _hash(token)):
        return None
    if klien.dicabut_pada is not None:
        return None
    return klien


def revoke(queryset) -> int:
    return queryset.filter(dicabut_pada__isnull=True).update(dicabut_pada=timezone.now())
