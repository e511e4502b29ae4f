"""Worker tasks of the shared layer. Tasks take ids, re-fetch and call services."""

from django.utils import timezone

from .models import WorkerHeartbeat


def heartbeat(**kwargs):
    """Record that a worker is alive (scheduled every minute, and on spawn)."""
    WorkerHeartbeat.objects.update_or_create(pk=1, defaults={"at": timezone.now()})


def prune_rate_limits(**kwargs):
    """Every hour: forget rate limit windows that have ended."""
    from .lib.ratelimit import prune

    prune()


def send_password_reset(user_id):
    """E-mail one account its link to set a new password."""
    from .password_reset import send_link

    send_link(user_id=user_id)
