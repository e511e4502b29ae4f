"""The signed, expiring link a company uses, without an account, to answer a
letter and give feedback. The token carries only the letter's id, signed with
a salt used for nothing else, so neither a verification token nor any other
signed value opens it; it expires COMPANY_LINK_DAYS after it was signed.

What the letter and the e-mail print is a short link (`/p/<kode>`, a
TautanPerusahaan row) that stands for one signed link and sends the reader
there: nobody retypes a signed token from paper."""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from ..letters import codes
from ..models import Surat, TautanPerusahaan

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


def make_short_link(surat) -> TautanPerusahaan:
    """A new short link for a freshly signed link to `surat`. The row keeps
    the signed token, so the short link expires with it. Its 12 random
    symbols never repeat in practice (30**12 codes, see surat/codes.py); the
    unique constraint would refuse a repeat rather than open another letter."""
    tautan = TautanPerusahaan(surat=surat, token=make_token(surat), dibuat_pada=timezone.now())
    tautan.full_clean()
    tautan.save()
    return tautan


def current_short_link(surat) -> TautanPerusahaan:
    """The newest short link of `surat` that still opens for a week, for
    staff to pass on; a new one when there is none (a letter issued before
    short links, or all of them close to expiring)."""
    fresh_since = timezone.now() - datetime.timedelta(days=max(link_days() - 7, 1))
    newest = surat.tautan.filter(dibuat_pada__gt=fresh_since).first()
    return newest or make_short_link(surat)


def short_url(tautan) -> str:
    """The absolute short URL, for a link target and the e-mail."""
    return settings.SITE_URL + reverse("company_short", args=[codes.grouped(tautan.kode)])


def printed(url) -> str:
    """A URL as printed on paper: without the scheme nobody types."""
    return url.split("://", 1)[-1]


def token_of_short(typed) -> str:
    """The signed token a short link stands for; InvalidLink when none does."""
    token = (
        TautanPerusahaan.objects.filter(kode=codes.normalise(typed))
        .values_list("token", flat=True)
        .first()
    )
    if token is None:
        raise InvalidLink
    return token


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
