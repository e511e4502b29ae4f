"""The cover letters still to be confirmed with the company (B.4.1.7.c),
the nearest deadline first: the list the staff home links to for the
confirmations due soon and those past their 14 working days."""

from django.shortcuts import render
from django.utils import timezone

from pkpk import roles
from pkpk.selectors import paginate

from ..desk import selectors
from ..desk.queue_forms import ConfirmationFilterForm


@roles.role_required(roles.STAF)
def confirmations(request):
    form = ConfirmationFilterForm(request.GET or None)
    now = timezone.now()
    found = selectors.open_confirmations(when=form.when(), now=now)
    page = paginate(found, request.GET.get("page"))
    rows = selectors.confirmation_rows(page, now=now)
    return render(request, "surat/confirmations.html", {"form": form, "page": page, "rows": rows})
