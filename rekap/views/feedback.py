"""Partner feedback results: per company, department or academic year, with
the mean per question and the comments. Staff only; staff edit the questions
in the admin."""

from django.shortcuts import render

from pkpk import roles
from pkpk.selectors import paginate

from .. import feedback
from ..partner_forms import FeedbackFilterForm


@roles.role_required(roles.STAF)
def umpan_balik(request):
    form = FeedbackFilterForm(request.GET or None)
    filters, per = form.filters()
    answers = feedback.responses(**filters)
    context = {
        "form": form,
        "per": per,
        "summary": feedback.summary(answers),
        "questions": feedback.per_question(answers),
        "rows": paginate(feedback.BREAKDOWNS[per](answers), request.GET.get("page")),
        # Comments are a second list on the page, with their own page number.
        "comments": paginate(feedback.comments(answers), request.GET.get("komentar"), 10),
    }
    return render(request, "rekap/partners/feedback.html", context)
