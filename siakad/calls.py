"""The log of API calls: who, what, the answer and how long it took, one
row per call, refused calls included. Kept API_LOG_DAYS (the prune timer)."""

import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.utils import timezone

from .models import PanggilanApi


def logged(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        started = time.perf_counter()
        response = view(request, *args, **kwargs)
        PanggilanApi.objects.create(
            klien=getattr(request, "klien", None),
            metode=request.method[:8],
            path=request.path[:300],
            status=response.status_code,
            ms=round((time.perf_counter() - started) * 1000),
        )
        return response

    # Ninja's views are csrf_exempt; the wrapper keeps that.
    wrapper.csrf_exempt = getattr(view, "csrf_exempt", False)
    return wrapper


def prune(now=None) -> int:
    """Forget calls older than API_LOG_DAYS."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.API_LOG_DAYS)
    deleted, _counts = PanggilanApi.objects.filter(pada__lt=cutoff).delete()
    return deleted
