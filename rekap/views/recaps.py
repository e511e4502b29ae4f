"""The recap pages, their Excel downloads and the issued-recaps list. Each
view reads the filter form, calls one recap function and renders; the
scope lives in rekap.scope, the queries in rekap.recaps."""

import io

from django.http import Http404
from django.shortcuts import render

from pkpk import roles
from pkpk.lib import xlsx
from pkpk.lib.downloads import serve_file
from pkpk.lib.xlsx import workbook_response
from pkpk.selectors import paginate

from .. import archive, recap_workbooks, recaps
from ..forms import RecapFilterForm

readers_only = roles.role_required(roles.STAF, roles.KOORDINATOR)
# Query parameters that are not filters.
NOT_FILTERS = {"page", "sort"}


def _form(request):
    # An untouched page (no filter in the URL) shows the current academic year.
    bound = any(key not in NOT_FILTERS for key in request.GET)
    return RecapFilterForm(request.user, request.GET if bound else None)


def _recap_page(request, template, rows_for, jenis, extra=None):
    form = _form(request)
    filters = form.filters()
    sort = request.GET.get("sort", "")
    context = {"form": form, "filters": filters, "jenis": jenis, "page": None, "sort": sort}
    if filters is not None:
        rows, context["sort"] = rows_for(request.user, filters, sort)
        context["page"] = paginate(rows, request.GET.get("page"))
        if extra:
            context.update(extra(request.user, filters, context["page"]))
    return render(request, template, context)


@readers_only
def index(request):
    return render(request, "rekap/recaps/index.html")


@readers_only
def registrations(request):
    return _recap_page(
        request, "rekap/recaps/registrations.html", recaps.registrations, "pendaftaran"
    )


def _rates(user, filters, page):
    rates = recaps.placement_rates(user, filters)
    return {"rates": rates, "total": recaps.total_rate(rates)}


@readers_only
def acceptances(request):
    return _recap_page(
        request, "rekap/recaps/acceptances.html", recaps.acceptances, "penerimaan", _rates
    )


def _waiting(user, filters, page):
    recaps.waiting_days(page, recaps.WorkingDayCounter(recaps.waiting_until(filters)))
    return {}


@readers_only
def not_placed(request):
    return _recap_page(
        request, "rekap/recaps/not_placed.html", recaps.not_placed, "belum-magang", _waiting
    )


@readers_only
def download(request, jenis):
    """The recap as a workbook; what is handed out is kept as issued."""
    if jenis not in recap_workbooks.EXPORTS:
        raise Http404
    form = _form(request)
    filters = form.filters()
    if filters is None:
        return render(
            request,
            "rekap/recaps/filter_errors.html",
            {"form": form, "jenis": jenis},
            status=400,
        )
    buffer = io.BytesIO()
    rows = recap_workbooks.write_recap(buffer, jenis, request.user, filters)
    data = buffer.getvalue()
    filename = recap_workbooks.recap_filename(jenis, filters)
    archive.store(jenis, filters.as_params(), data, filename, rows, request.user)
    return workbook_response(data, filename)


@readers_only
def issued(request):
    page = paginate(archive.issued_for(request.user), request.GET.get("page"))
    return render(request, "rekap/recaps/issued.html", {"page": page})


@readers_only
def issued_download(request, pk):
    arsip = archive.get_issued_for_user(request.user, pk)
    return serve_file(arsip.berkas, filename=arsip.nama_berkas, content_type=xlsx.CONTENT_TYPE)
