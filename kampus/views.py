from django.shortcuts import render
from django.views.decorators.http import require_GET

from .identity import refused


@require_GET
def unknown(request):
    """The page a campus account we could not match lands on: it says what
    the campus told us (so the person can quote it to staff) and what to
    do. A 403: nobody was signed in."""
    return render(request, "kampus/unknown.html", {"refused": refused(request)}, status=403)
