"""The staff queue: open requests with their clocks (refreshed in place),
one request's page with its actions, and batches of letters issued by the
worker with their progress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pkpk import roles
from pkpk.lib.views import flash_errors

from ..desk import handling as request_services
from ..desk import selectors
from ..desk.queue_forms import QueueFilterForm
from ..models import BatchTerbit, Permintaan


def _back(permintaan):
    return redirect("surat:request_staff", pk=permintaan.pk)


def _queue_context(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.filters()
    requests = selectors.open_requests(user=request.user, **filters)
    rows_of = selectors.overdue_rows if filters.get("overdue") else selectors.queue_rows
    return {
        "form": form,
        "rows": rows_of(requests),
        "now": timezone.now(),
        "query": request.GET.urlencode(),
    }


@roles.role_required(roles.STAF)
def queue(request):
    context = _queue_context(request)
    context["returned"] = selectors.returned_requests()
    return render(request, "surat/queue/queue.html", context)


@roles.role_required(roles.STAF)
def queue_rows(request):
    """The rows alone, polled by the queue page every 30 seconds."""
    return render(request, "surat/queue/_rows.html", _queue_context(request))


@roles.role_required(roles.STAF)
def request_staff(request, pk):
    permintaan = selectors.request_for_staff(pk)
    return render(
        request,
        "surat/queue/request.html",
        {
            "permintaan": permintaan,
            "clocks": selectors.clocks_of(permintaan),
            "is_open": permintaan.status in Permintaan.OPEN,
        },
    )


@roles.role_required(roles.STAF)
@require_POST
def request_claim(request, pk):
    permintaan = selectors.request_for_staff(pk)
    try:
        request_services.claim(permintaan=permintaan, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("You are handling request #%(pk)s.") % {"pk": permintaan.pk})
    return _back(permintaan)


@roles.role_required(roles.STAF)
@require_POST
def request_return(request, pk):
    permintaan = selectors.request_for_staff(pk)
    try:
        request_services.return_request(
            permintaan=permintaan, by=request.user, alasan=request.POST.get("alasan", "")
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The request was returned to the student with your reason."))
    return _back(permintaan)


@roles.role_required(roles.STAF)
@require_POST
def request_issue(request, pk):
    permintaan = selectors.request_for_staff(pk)
    try:
        surat = request_services.issue_from_request(permintaan=permintaan, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return _back(permintaan)
    messages.success(request, _("Letter %(nomor)s issued.") % {"nomor": surat.nomor})
    return redirect("surat:detail", pk=surat.pk)


@roles.role_required(roles.STAF)
@require_POST
def question_answer(request, pk):
    permintaan = selectors.request_for_staff(pk)
    try:
        request_services.answer_question(
            permintaan=permintaan, by=request.user, jawaban=request.POST.get("jawaban", "")
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The answer was sent to the student."))
    return _back(permintaan)


# Batches --------------------------------------------------------------------


@roles.role_required(roles.STAF)
@require_POST
def batch_new(request):
    pks = [int(v) for v in request.POST.getlist("permintaan") if v.isdigit()]
    picked = Permintaan.objects.filter(pk__in=pks)
    try:
        batch = request_services.start_batch(permintaan_list=picked, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("surat:queue")
    messages.success(
        request,
        ngettext("%(n)s letter is being issued.", "%(n)s letters are being issued.", batch.jumlah)
        % {"n": batch.jumlah},
    )
    return redirect("surat:batch_detail", pk=batch.pk)


def _batch_context(pk):
    batch = selectors.batch_for_staff(pk)
    return {
        "batch": batch,
        "finished": batch.status == BatchTerbit.Status.SELESAI,
        **selectors.batch_progress(batch),
    }


@roles.role_required(roles.STAF)
def batch_detail(request, pk):
    return render(request, "surat/queue/batch.html", _batch_context(pk))


@roles.role_required(roles.STAF)
def batch_progress(request, pk):
    """Polled every 2 seconds until the batch is finished."""
    return render(request, "surat/queue/_batch_progress.html", _batch_context(pk))
