"""The notification centre of every signed-in person: their list, opening
one (which marks it read), marking all read, and what they want to receive.

Opening marks read, so it is a POST (a button in the list): a GET, such as a
link prefetched by a browser or a mail scanner, changes nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pkpk import roles
from pkpk.lib import outbox
from pkpk.selectors import paginate

from . import services
from .forms import NotificationSettingsForm
from .models import Notifikasi


def _get_notification_for_user(request, pk):
    """The person's own notification; anyone else's is a 404."""
    return get_object_or_404(Notifikasi.objects.shown_to(request.user), pk=pk)


@login_required
def notification_list(request):
    page = paginate(Notifikasi.objects.shown_to(request.user), request.GET.get("page"))
    return render(request, "notifikasi/notifications.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk):
    notifikasi = _get_notification_for_user(request, pk)
    services.mark_read(notifikasi=notifikasi)
    if services.safe_link(notifikasi.tautan):
        return redirect(notifikasi.tautan)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    if services.mark_all_read(user=request.user):
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def notification_settings(request):
    form = NotificationSettingsForm(
        request.POST or None, preferences=services.preferences_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.save_preferences(user=request.user, choices=form.choices())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifikasi/notifications_settings.html", {"form": form})


@roles.role_required(roles.STAF)
def undelivered_emails(request):
    """E-mails that failed: still being tried, or given up after the last
    try. Letters to companies and notifications, each table its newest 200."""
    return render(
        request,
        "notifikasi/undelivered_emails.html",
        {"rows": outbox.undelivered(), "max_attempts": outbox.MAX_ATTEMPTS},
    )
