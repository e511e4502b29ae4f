"""The staff and coordinator home pages (pkpk:staff_home,
pkpk:coordinator_home): what to do now, read through rekap.dashboard."""

from django.shortcuts import render
from django.utils import timezone

from pkpk import roles
from pkpk import selectors as master
from pkpk.selectors import paginate

from .. import dashboard
from ..forms import PlacementFilterForm


@roles.role_required(roles.STAF)
def staff_home(request):
    context = {
        "work": dashboard.staff_work(user=request.user),
        "shown": dashboard.SHOWN,
        "jurusan_list": master.students_per_jurusan(),
        "recent_imports": master.recent_imports(),
    }
    return render(request, "pkpk/staff_home.html", context)


@roles.role_required(roles.KOORDINATOR)
def coordinator_home(request):
    now = timezone.now()
    form = PlacementFilterForm(request.GET or None, cohorts=dashboard.cohorts(request.user))
    filters = form.filters()
    angkatan = filters.get("angkatan")
    students = dashboard.student_list(request.user, now=now, **filters)
    page = paginate(students, request.GET.get("page"))
    dashboard.describe(page, now=now)
    context = {
        "form": form,
        "prodi_list": dashboard.placement_per_prodi(request.user, now=now, angkatan=angkatan),
        "page": page,
    }
    return render(request, "pkpk/coordinator_home.html", context)
