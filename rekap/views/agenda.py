"""The outgoing-letter register (agenda surat keluar) for staff: the page,
its workbook and its printable PDF, for one year and optionally one kind."""

import io

from django.shortcuts import render

from pkpk import roles
from pkpk.lib.pdf import pdf_response
from pkpk.lib.xlsx import workbook_response
from pkpk.selectors import paginate

from .. import agenda
from ..agenda_forms import AgendaFilterForm

staff_only = roles.role_required(roles.STAF)


def _filtered(request):
    """The filter from the query string, or the page with its errors (400):
    a bad year or kind is explained, never silently replaced."""
    form = AgendaFilterForm(request.GET, years=agenda.years())
    if form.is_valid():
        return form, None
    return form, render(request, "rekap/agenda/list.html", {"form": form}, status=400)


@staff_only
def agenda_surat(request):
    form, refused = _filtered(request)
    if refused:
        return refused
    letters = agenda.letters(**form.scope())
    context = {
        "form": form,
        "page": paginate(letters, request.GET.get("page")),
        # Group headings only when the year has more than one register.
        "registers": letters.values("pola").distinct().count(),
    }
    return render(request, "rekap/agenda/list.html", context)


@staff_only
def agenda_surat_excel(request):
    form, refused = _filtered(request)
    if refused:
        return refused
    buffer = io.BytesIO()
    agenda.write_register(buffer, user=request.user, **form.scope())
    return workbook_response(buffer.getvalue(), agenda.filename(extension="xlsx", **form.scope()))


@staff_only
def agenda_surat_pdf(request):
    form, refused = _filtered(request)
    if refused:
        return refused
    content = agenda.render_register_pdf(user=request.user, **form.scope())
    return pdf_response(content, agenda.filename(extension="pdf", **form.scope()))
