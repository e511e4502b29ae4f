"""Worker tasks of registration: thin, idempotent, calling services."""

from . import services


def expire_overdue_applications():
    """Timer: move applications unanswered after 10 working days to `kedaluwarsa`."""
    return services.expire_overdue()
