"""The staff side of registration: partner vacancies, the application list,
the queue of uploaded replies, the actions on one application, a student's
timeline and the FO.8.4.1.1 reply template."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pkpk import roles
from pkpk.lib.pdf import pdf_response
from pkpk.lib.views import flash_errors
from pkpk.models import Institusi, Mahasiswa
from pkpk.selectors import paginate, prodi_for_coordinator

from .. import answers, selectors, services
from ..models import Lowongan, SuratBalasan
from ..reply_form import reply_form_pdf
from ..staff_forms import (
    ApplicationFilterForm,
    CancelForm,
    RecordAnswerForm,
    VacancyForm,
    VerifyReplyForm,
)


def _get_student_for_user(user, pk):
    """A student whose timeline `user` may read: staff any, a coordinator
    those of their programmes; 404 otherwise."""
    students = Mahasiswa.objects.select_related("user", "prodi__jurusan")
    if not roles.is_staf(user):
        students = students.filter(prodi__in=prodi_for_coordinator(user))
    try:
        return students.get(pk=pk)
    except Mahasiswa.DoesNotExist:
        raise Http404 from None


def _back_to(pendaftaran):
    return redirect("magang:detail", pk=pendaftaran.pk)


# Vacancies ----------------------------------------------------------------


@roles.role_required(roles.STAF)
def vacancy_list(request):
    q = request.GET.get("q", "")
    page = paginate(selectors.vacancies_for_staff(q=q), request.GET.get("page"))
    return render(
        request,
        "magang/staf/vacancy_list.html",
        {"page": page, "q": q, "today": timezone.localdate()},
    )


@roles.role_required(roles.STAF)
def vacancy_create(request):
    form = VacancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            lowongan = form.save(commit=False)
            lowongan.dibuat_oleh = request.user
            lowongan.save()
            form.save_m2m()
        messages.success(request, _("The vacancy is posted."))
        return redirect("magang:staff_vacancy_list")
    return render(request, "magang/staf/vacancy_form.html", {"form": form})


@roles.role_required(roles.STAF)
def vacancy_edit(request, pk):
    lowongan = get_object_or_404(Lowongan.objects.with_filled(), pk=pk)
    form = VacancyForm(request.POST or None, instance=lowongan)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The vacancy is saved."))
        return redirect("magang:staff_vacancy_list")
    return render(request, "magang/staf/vacancy_form.html", {"form": form, "lowongan": lowongan})


# Applications ---------------------------------------------------------------


@roles.role_required(roles.STAF)
def application_list(request):
    form = ApplicationFilterForm(request.GET or None)
    found = selectors.staff_applications(**form.filters())
    page = paginate(found, request.GET.get("page"))
    return render(request, "magang/staf/application_list.html", {"form": form, "page": page})


@roles.role_required(roles.STAF)
def replies_waiting(request):
    page = paginate(selectors.replies_waiting(), request.GET.get("page"))
    return render(
        request, "magang/staf/replies_waiting.html", {"page": page, "form": VerifyReplyForm()}
    )


@roles.role_required(roles.STAF)
@require_POST
def verify_reply(request, pk):
    balasan = get_object_or_404(SuratBalasan.objects.select_related("pendaftaran"), pk=pk)
    form = VerifyReplyForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    else:
        try:
            answers.verify_reply(
                balasan=balasan, by=request.user, sah=form.sah, alasan=form.cleaned_data["alasan"]
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            if form.sah:
                messages.success(request, _("The reply is verified and the answer recorded."))
            else:
                messages.success(request, _("The reply is refused; the student is told why."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("magang:staff_replies")


@roles.role_required(roles.STAF)
@require_POST
def record_answer(request, pk):
    pendaftaran = selectors.application_for_user(request.user, pk)
    form = RecordAnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        flash_errors(request, form)
        return _back_to(pendaftaran)
    try:
        answers.record_answer(
            pendaftaran=pendaftaran,
            hasil=form.cleaned_data["hasil"],
            by=request.user,
            berkas=form.cleaned_data["berkas"] or None,
            catatan=form.cleaned_data["catatan"],
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The company's answer is recorded."))
    return _back_to(pendaftaran)


@roles.role_required(roles.STAF)
@require_POST
def cancel(request, pk):
    pendaftaran = selectors.application_for_user(request.user, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return _back_to(pendaftaran)
    try:
        services.cancel_application(
            pendaftaran=pendaftaran, by=request.user, alasan=form.cleaned_data["alasan"]
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The application is cancelled; the student is told why."))
    return _back_to(pendaftaran)


@roles.role_required(roles.STAF)
@require_POST
def approve(request, pk):
    pendaftaran = selectors.application_for_user(request.user, pk)
    try:
        services.approve_registration(pendaftaran=pendaftaran, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request, _("The registration is approved: it now waits for the company's answer.")
        )
    return _back_to(pendaftaran)


# One student ---------------------------------------------------------------


@roles.role_required(roles.STAF, roles.KOORDINATOR)
def student_timeline(request, pk):
    mahasiswa = _get_student_for_user(request.user, pk)
    return render(
        request,
        "magang/staf/student_timeline.html",
        {
            "mahasiswa": mahasiswa,
            "applications": selectors.applications_of(mahasiswa),
            "events": selectors.timeline_of(mahasiswa),
        },
    )


@roles.role_required(roles.STAF)
def reply_template_pdf(request, pk):
    """The FO.8.4.1.1 reply form, prefilled for one application, for a company
    that wants a form to answer on. Always in the institution's language."""
    pendaftaran = selectors.application_for_user(request.user, pk)
    content = reply_form_pdf(
        institusi=Institusi.load(), perusahaan=pendaftaran.perusahaan, applications=[pendaftaran]
    )
    return pdf_response(content, f"FO.8.4.1.1-{pendaftaran.mahasiswa.nim}.pdf")
