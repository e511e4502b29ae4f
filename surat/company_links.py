"""The signed, expiring link a company uses, without an account, to answer a
letter and give feedback. The token carries only the letter's id, signed with
a salt used for nothing else, so neither a verification token nor any other
signed value opens it; it expires COMPANY_LINK_DAYS after it was signed."""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import Surat

SALT = "surat.company_link.v1"
DEFAULT_DAYS = 60


class InvalidLink(Exception):
    """Tampered, signed for something else, or naming no letter."""


class ExpiredLink(InvalidLink):
    """Genuine, but older than COMPANY_LINK_DAYS."""


def link_days() -> int:
    return int(getattr(settings, "COMPANY_LINK_DAYS", DEFAULT_DAYS))


def make_token(surat) -> str:
    return signing.dumps(surat.pk, salt=SALT)


def make_link(surat) -> str:
    """The absolute URL printed on the letter and put in the e-mail."""
    return settings.SITE_URL + reverse("company_answer", args=[make_token(surat)])


def expires_on(signed_at=None) -> datetime.date:
    """The last day (WIB) a link signed at `signed_at` (default now) still opens."""
    signed_at = signed_at or timezone.now()
    return timezone.localdate(signed_at + datetime.timedelta(days=link_days()))


def read_link(token) -> Surat:
    """The letter `token` was signed for; raises ExpiredLink or InvalidLink."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=link_days()))
    except signing.SignatureExpired:
        raise ExpiredLink from None
    except signing.BadSignature:
        raise InvalidLink from None
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise InvalidLink
    try:
        return Surat.objects.select_related("perusahaan", "pengganti").get(pk=pk)
    except Surat.DoesNotExist:
        raise InvalidLink from None
