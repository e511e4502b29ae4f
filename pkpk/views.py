"""Views of the shared layer: the role home pages, health and error pages."""

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from . import roles, selectors
from .models import WorkerHeartbeat


def home(request):
    """Send each role to its own home page."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if roles.is_staf(user):
        return redirect("pkpk:staff_home")
    if roles.is_koordinator(user):
        return redirect("pkpk:coordinator_home")
    if roles.is_mahasiswa(user):
        return redirect("pkpk:student_home")
    if user.is_superuser:
        return redirect("admin:index")
    return render(request, "pkpk/no_role.html", status=403)


@roles.role_required(roles.MAHASISWA)
def student_home(request):
    mahasiswa = selectors.student_of(request.user)
    return render(request, "pkpk/student_home.html", {"mahasiswa": mahasiswa})


@roles.role_required(roles.STAF)
def staff_home(request):
    return render(
        request,
        "pkpk/staff_home.html",
        {
            "jurusan_list": selectors.students_per_jurusan(),
            "recent_imports": selectors.recent_imports(),
        },
    )


@roles.role_required(roles.KOORDINATOR)
def coordinator_home(request):
    prodi_list = (
        selectors.prodi_for_coordinator(request.user)
        .annotate(jumlah=Count("mahasiswa"))
        .order_by("jenjang", "nama")
    )
    students = selectors.students_for_coordinator(request.user, query=request.GET.get("q", ""))
    page = selectors.paginate(students, request.GET.get("page"))
    return render(
        request,
        "pkpk/coordinator_home.html",
        {"prodi_list": prodi_list, "page": page, "q": request.GET.get("q", "")},
    )


def healthz(request):
    """200 when the database answers and the worker beat recently; 503 says which failed."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        beat = WorkerHeartbeat.objects.filter(pk=1).values_list("at", flat=True).first()
        if beat is None:
            checks["worker"] = "no heartbeat yet"
        elif timezone.now() - beat > settings.WORKER_HEARTBEAT_MAX_AGE:
            checks["worker"] = f"last heartbeat {beat.isoformat()}"
        else:
            checks["worker"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = f"unreachable: {exc.__class__.__name__}"
        checks.setdefault("worker", "unknown")
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that touch the database: it may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
