"""Keyset pages: rows in primary-key order after an opaque cursor, so a
page costs the same few queries however deep the client has read, and rows
added meanwhile are never skipped or repeated."""

import base64
import binascii

from django.utils.translation import gettext as _

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class BadCursor(ValueError):
    pass


def encode(pk: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{pk}".encode()).decode().rstrip("=")


def decode(cursor: str | None) -> int:
    """The primary key a cursor stands for; 0 for the first page."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, pk = text.split(":")
        if version != "v1" or not pk.isdigit():
            raise ValueError(text)
        return int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise BadCursor(_("The cursor is not one this API gave.")) from exc


def limit_of(value: int | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    if not 1 <= value <= MAX_LIMIT:
        raise BadCursor(_("The limit must be from 1 to %(max)d.") % {"max": MAX_LIMIT})
    return value


def page(queryset, *, cursor: str | None, limit: int | None, row, upto: int | None = None):
    """{"items": [...], "next": cursor or None} of `queryset` after `cursor`
    (and up to the primary key `upto`, when given), each row through `row`."""
    after, size = decode(cursor), limit_of(limit)
    qs = queryset.filter(pk__gt=after)
    if upto is not None:
        qs = qs.filter(pk__lte=upto)
    found = list(qs.order_by("pk")[: size + 1])
    more = len(found) > size
    found = found[:size]
    return {
        "items": [row(obj) for obj in found],
        "next": encode(found[-1].pk) if more else None,
    }
