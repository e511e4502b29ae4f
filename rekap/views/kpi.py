"""The KPI dashboard, the rows behind each figure, and the report as Excel
and PDF. Staff read every department; a coordinator those of their
programmes (rekap.scope, through the filter form), read-only."""

import io
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render

from pkpk import roles
from pkpk.lib.pdf import pdf_response
from pkpk.lib.xlsx import workbook_response
from pkpk.selectors import paginate

from .. import clock_kpi, kpi, kpi_report
from ..kpi_forms import ClockRowsForm, KpiFilterForm, PartnershipRowsForm

readers_only = roles.role_required(roles.STAF, roles.KOORDINATOR)


def _filtered(request, form_class, template, extra=None):
    """The form from the query string, or the page with its errors (400) so
    a bad year or department is explained instead of silently replaced."""
    form = form_class(request.GET, user=request.user)
    if form.is_valid():
        # Year and department, for the links from a figure to its rows.
        jurusan = form.cleaned_data["jurusan"]
        form.query = urlencode(
            {"tahun": form.cleaned_data["tahun"], "jurusan": jurusan.pk if jurusan else ""}
        )
        return form, None
    context = {"form": form, "invalid": True, **(extra or {})}
    return form, render(request, template, context, status=400)


@readers_only
def kpi_dashboard(request):
    form, refused = _filtered(request, KpiFilterForm, "rekap/kpi/dashboard.html")
    if refused:
        return refused
    board = kpi.dashboard(**form.scope())
    context = {"form": form, "board": board, "charts": kpi_report.charts(board)}
    return render(request, "rekap/kpi/dashboard.html", context)


@readers_only
def kpi_clocks(request, slug):
    item = clock_kpi.CLOCK_KPIS.get(slug) or _not_found()
    form, refused = _filtered(request, ClockRowsForm, "rekap/kpi/clocks.html", {"kpi": item})
    if refused:
        return refused
    data = form.cleaned_data
    rows = clock_kpi.clock_rows(item, status=data["status"], month=data["bulan"], **form.scope())
    page = paginate(rows, request.GET.get("page"))
    # The rows link to the staff pages of their request or letter: staff only.
    staff = roles.is_staf(request.user)
    listed = [
        (row, text, url if staff else None)
        for row, (text, url) in ((row, kpi_report.clock_subject(row)) for row in page)
    ]
    context = {"form": form, "kpi": item, "page": page, "listed": listed}
    return render(request, "rekap/kpi/clocks.html", context)


@readers_only
def kpi_partnerships(request):
    form, refused = _filtered(request, PartnershipRowsForm, "rekap/kpi/partnerships.html")
    if refused:
        return refused
    data = form.cleaned_data
    rows = kpi.partnership_rows(
        tingkat=data["tingkat"], aspek=data["aspek"], continued=data["lanjutan"], **form.scope()
    )
    context = {"form": form, "page": paginate(rows, request.GET.get("page"))}
    return render(request, "rekap/kpi/partnerships.html", context)


@readers_only
def kpi_feedback(request):
    form, refused = _filtered(request, KpiFilterForm, "rekap/kpi/feedback.html")
    if refused:
        return refused
    rows = kpi.feedback_rows(**form.scope())
    context = {
        "form": form,
        "page": paginate(rows, request.GET.get("page")),
        "satisfaction": kpi.satisfaction(**form.scope()),
    }
    return render(request, "rekap/kpi/feedback.html", context)


@readers_only
def kpi_excel(request):
    form, refused = _filtered(request, KpiFilterForm, "rekap/kpi/dashboard.html")
    if refused:
        return refused
    scope = form.scope()
    buffer = io.BytesIO()
    rows = kpi_report.write_kpi_workbook(buffer, user=request.user, **scope)
    data = buffer.getvalue()
    filename = kpi_report.kpi_filename(scope["year"], scope["jurusan"], "xlsx")
    _archive(data, filename, rows, request.user, scope)
    return workbook_response(data, filename)


@readers_only
def kpi_pdf(request):
    form, refused = _filtered(request, KpiFilterForm, "rekap/kpi/dashboard.html")
    if refused:
        return refused
    scope = form.scope()
    content = kpi_report.render_kpi_pdf(user=request.user, **scope)
    return pdf_response(content, kpi_report.kpi_filename(scope["year"], scope["jurusan"], "pdf"))


def _archive(data, filename, rows, user, scope):
    """A downloaded KPI workbook is an issued record (kept 5 years)."""
    from .. import archive  # written alongside this module

    jurusan = scope["jurusan"]
    parameter = {"tahun": scope["year"], "jurusan": jurusan.kode if jurusan else None}
    archive.store("kpi", parameter, data, filename, rows, user)


def _not_found():
    raise Http404
