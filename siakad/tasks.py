"""Worker tasks of the SIAKAD API."""


def prune_calls(**kwargs):
    """Every day: forget API calls older than API_LOG_DAYS."""
    from .calls import prune

    prune()
