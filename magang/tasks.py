"""Worker tasks of registration: thin, idempotent, calling services."""

from . import expiry


def expire_overdue_applications():
    """Timer: move applications unanswered after 10 working days to `kedaluwarsa`."""
    return expiry.expire_overdue()
