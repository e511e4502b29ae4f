"""Views of the shared layer: the role home pages, health and error pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from . import kalender, password_reset, roles, selectors, student_import
from .forms import ImportConfirmForm, StudentImportForm
from .lib.net import client_ip
from .lib.views import error_texts, flash_errors, show_errors
from .lib.xlsx import workbook_response
from .models import ImporMahasiswa, ProgramStudi, WorkerHeartbeat

# Help pages per role, written as whole pages per language (long prose reads
# better as a page than as hundreds of message ids): templates/help/<lang>/.
HELP_PAGES = {
    "mahasiswa": gettext_lazy("Students"),
    "staf": gettext_lazy("UPT-PKPK staff"),
    "koordinator": gettext_lazy("Coordinating lecturers"),
    "perusahaan": gettext_lazy("Companies"),
}


class PasswordResetView(auth_views.PasswordResetView):
    """Django's page, throttled per client and e-mail address; the link goes
    out by the worker (pkpk.password_reset)."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not password_reset.allowed(address=client_ip(self.request), email=email):
            form.add_error(
                None,
                _(
                    "Too many requests for a link. Check your inbox and spam folder, "
                    "or wait %(minutes)s minutes and try again."
                )
                % {"minutes": password_reset.WINDOW // 60},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        password_reset.request_link(email=email)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's page behind the e-mailed link; the new password also lifts
    the account's sign-in lockout."""

    def form_valid(self, form):
        response = super().form_valid(form)
        password_reset.lift_lockout(user=form.user)
        return response


def help_page(request, peran=None):
    """Help for one role; without one, the reader's own role (or the index)."""
    if peran is None:
        peran = _reader_role(request.user)
    if peran is not None and peran not in HELP_PAGES:
        raise Http404
    language = translation.get_language() or settings.LANGUAGE_CODE
    names = [f"help/{language}/{peran or 'index'}.html", f"help/id/{peran or 'index'}.html"]
    context = {"pages": HELP_PAGES, "peran": peran, "title": HELP_PAGES.get(peran)}
    return TemplateResponse(request, select_template(names), context)


def _reader_role(user):
    if not user.is_authenticated:
        return None
    for peran, check in [
        ("staf", roles.is_staf),
        ("koordinator", roles.is_koordinator),
        ("mahasiswa", roles.is_mahasiswa),
    ]:
        if check(user):
            return peran
    return None


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


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that touch the database: it may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())


@roles.role_required(roles.STAF)
def calendar(request):
    """The non-working days of a year and the service hours the clocks use;
    days are added or cancelled in the admin."""
    this_year = timezone.localdate().year
    try:
        tahun = int(request.GET.get("tahun", this_year))
    except ValueError:
        tahun = this_year
    if not kalender.MIN_YEAR <= tahun <= kalender.MAX_YEAR:
        tahun = this_year
    with kalender.snapshot():  # one stamp query for the three reads
        context = {
            "libur": kalender.non_working_days_detail(tahun),
            "staff_working": kalender.staff_working_days(tahun),
            "hours": kalender.service_hours(),
        }
    years = range(max(tahun - 1, kalender.MIN_YEAR), min(tahun + 2, kalender.MAX_YEAR) + 1)
    context.update(tahun=tahun, years=years, min_year=kalender.MIN_YEAR, max_year=kalender.MAX_YEAR)
    return render(request, "pkpk/calendar.html", context)


# The student import ---------------------------------------------------------


@roles.role_required(roles.STAF)
def import_upload(request):
    form = StudentImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            impor = student_import.upload(file=form.cleaned_data["berkas"], by=request.user)
        except ValidationError as error:
            show_errors(form, error, field="berkas")
        else:
            if impor.status == ImporMahasiswa.Status.DITOLAK:
                messages.error(request, _("The file has errors, so nothing was imported."))
            else:
                messages.success(request, _("The file is correct. Check the preview, then import."))
            return redirect("pkpk:import_detail", pk=impor.pk)
    return render(
        request,
        "pkpk/import_upload.html",
        {
            "form": form,
            "prodi_list": ProgramStudi.objects.order_by("kode"),
            "recent_imports": selectors.recent_imports(),
        },
    )


@roles.role_required(roles.STAF)
def import_detail(request, pk):
    impor = get_object_or_404(ImporMahasiswa.objects.select_related("diunggah_oleh"), pk=pk)
    context = {"impor": impor}
    if impor.status == ImporMahasiswa.Status.DITOLAK:
        context["page"] = selectors.paginate(impor.kesalahan, request.GET.get("page"), 100)
    elif impor.status == ImporMahasiswa.Status.PRATINJAU:
        try:
            preview = student_import.preview(student_import.read_stored(impor=impor))
        except ValidationError as error:
            flash_errors(request, error)
        else:
            rows = preview.errors or preview.planned
            context["preview"] = preview
            # Every change on one list, whatever page its row is on: each
            # needs the staff's confirmation.
            context["changes"] = [p for p in preview.planned if p.status == student_import.CHANGED]
            context["form"] = ImportConfirmForm()
            context["page"] = selectors.paginate(rows, request.GET.get("page"), 50)
    return render(request, "pkpk/import_detail.html", context)


@roles.role_required(roles.STAF)
@require_POST
def import_confirm(request, pk):
    impor = get_object_or_404(ImporMahasiswa, pk=pk)
    form = ImportConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(error_texts(form))
        rows = student_import.read_stored(impor=impor)
        counts = student_import.apply_import(
            impor=impor, rows=rows, by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Students imported: %(new)d new, %(updated)d updated, %(same)d unchanged.")
            % {"new": counts.baru, "updated": counts.diubah, "same": counts.sama},
        )
        if counts.dilewati:
            messages.warning(
                request,
                ngettext(
                    "%(n)d change to a registered student was not confirmed: not applied.",
                    "%(n)d changes to registered students were not confirmed: not applied.",
                    counts.dilewati,
                )
                % {"n": counts.dilewati},
            )
    return redirect("pkpk:import_detail", pk=impor.pk)


@roles.role_required(roles.STAF)
def import_template(request):
    filename, _content_type, content = student_import.example_workbook()
    return workbook_response(content, filename)
