"""Company pages of the partner register: a searchable list, and one company
with its applications, partnerships and feedback, from where a self-found
(mandiri) company can be proposed as a partner. Staff only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pkpk import roles
from pkpk.lib.views import flash_errors
from pkpk.models import Perusahaan
from pkpk.selectors import paginate

from .. import feedback, partners
from ..partner_forms import CompanySearchForm

staff_only = roles.role_required(roles.STAF)


@staff_only
def perusahaan_list(request):
    form = CompanySearchForm(request.GET or None)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = paginate(partners.companies(q=q), request.GET.get("page"))
    return render(request, "rekap/partners/company_list.html", {"form": form, "page": page})


@staff_only
def perusahaan_detail(request, pk):
    perusahaan = get_object_or_404(Perusahaan, pk=pk)
    today = timezone.localdate()
    answers = feedback.responses(perusahaan=perusahaan)
    context = {
        "perusahaan": perusahaan,
        "accepted": partners.accepted_by_track_and_year(perusahaan),
        "kerjasama": partners.with_state(perusahaan.kerjasama.all(), today)
        .prefetch_related("jurusan")
        .order_by("-mulai", "-pk"),
        "can_propose": partners.can_propose(perusahaan),
        "feedback": feedback.summary(answers),
        "questions": feedback.per_question(answers),
        "comments": feedback.comments(answers)[:10],
    }
    return render(request, "rekap/partners/company_detail.html", context)


@staff_only
@require_POST
def perusahaan_propose(request, pk):
    perusahaan = get_object_or_404(Perusahaan, pk=pk)
    try:
        kerjasama = partners.propose_from_company(perusahaan=perusahaan, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("rekap:perusahaan_detail", pk=pk)
    messages.success(
        request, _("The company was proposed as a partner. Complete the partnership below.")
    )
    return redirect("rekap:kerjasama_edit", pk=kerjasama.pk)
