import functools

from .models import Notifikasi


def notifications_context(request):
    """The unread count of the bell in the navigation: read with the user
    when they signed in through pkpk.auth (one query for all), else one COUNT
    query, run only when a page shows it (a callable the template calls once)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    if hasattr(user, "unread_count"):
        return {"unread_notifications": user.unread_count}
    return {
        "unread_notifications": functools.cache(
            lambda: Notifikasi.objects.shown_to(user).unread().count()
        )
    }
