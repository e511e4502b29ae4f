"""The company's signed link (public, no account): its answer per student and
the partner feedback form. And the staff side of the same letter: e-mail it
to the company, record its answers for the students or a confirmation
(B.4.1.7.c), and what the letter page shows of both."""

from datetime import timedelta
from functools import partial, wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pkpk import audit, roles
from pkpk.lib.views import flash_errors, show_errors
from pkpk.models import Institusi

from .. import limits
from ..company import links as company_links
from ..company import services as company_services
from ..company.forms import (
    AnswerSheet,
    ConfirmationForm,
    CoverAnswerForm,
    DeliveryForm,
    FeedbackForm,
    StudentAnswerForm,
    staff_answer_formset,
)
from ..desk import clocks
from ..letters import codes, selectors
from ..letters.forms import VoidForm
from ..models import Jam, Jenis, NilaiUmpanBalik, UmpanBalik


def _form_state(forms, *, failed):
    """A page rendered after a submit failed says nothing was saved (400)."""
    return {"page_forms": forms, "has_errors": failed, "status": 400 if failed else 200}


# The company's pages -------------------------------------------------------------


def _invalid(request):
    # A plain 404, but one that tells a company holding a letter whom to
    # ask: a mistyped or cut-off link is the usual cause.
    return render(
        request, "surat/company/invalid.html", {"institusi": Institusi.load()}, status=404
    )


@never_cache
def short_link(request, kode):
    """Public: the short link printed on the letter and in the e-mail
    (/p/<kode>) sends the company to the signed link it stands for, which
    says itself when it expired or the letter was voided."""
    refused = limits.refused(request, limits.COMPANY, codes.normalise(kode))
    if refused:
        return refused
    try:
        token = company_links.token_of_short(kode)
    except company_links.InvalidLink:
        return _invalid(request)
    return redirect("company_answer", token=token)


def company_link(view):
    """Rate-limit per token and per address, then open the letter behind the token: a 404
    for anything not signed by us for this purpose (saying whom to ask), a
    friendly 410 for an expired link, and the voided notice instead of any
    form."""

    @wraps(view)
    @never_cache
    def wrapper(request, token):
        refused = limits.refused(request, limits.COMPANY, token)
        if refused:
            return refused
        try:
            surat = company_links.read_link(token)
        except company_links.ExpiredLink:
            return render(
                request, "surat/company/expired.html", {"institusi": Institusi.load()}, status=410
            )
        except company_links.InvalidLink:
            return _invalid(request)
        context = {"surat": surat, "token": token, "institusi": Institusi.load()}
        if not surat.sah:
            return render(request, "surat/company/voided.html", context)
        # Whatever the company changes here, the audit trail names the company.
        with audit.acting_as_company(surat):
            return view(request, surat, context)

    return wrapper


@company_link
def answer(request, surat, context):
    if surat.jenis == Jenis.PERMOHONAN:
        return _answer_application_letter(request, surat, context)
    return _answer_cover_letter(request, surat, context)


def _record(request, sheet, context, record, *, already):
    """Record the company's answers with the person who gave them; back to
    the link's page once recorded (or answered before, saying `already`),
    None with the broken rule on the person's form."""
    person = sheet.person.cleaned_data
    try:
        record(nama=person["nama"], jabatan=person["jabatan"], catatan=person["catatan"])
    except company_services.AlreadyAnswered:
        messages.info(request, already)
    except ValidationError as error:
        show_errors(sheet.person, error)
        return None
    else:
        messages.success(request, _("Thank you: your answer has been recorded."))
    return redirect("company_answer", token=context["token"])


def _answer_application_letter(request, surat, context):
    students = company_services.students_of(surat)
    pending = [m for m in students if m.pendaftaran.status in company_services.ANSWERABLE]
    initial = {
        m.pk: {"mulai": m.pendaftaran.mulai, "selesai": m.pendaftaran.selesai} for m in pending
    }
    sheet = AnswerSheet(
        pending,
        form_class=StudentAnswerForm,
        data=request.POST if request.method == "POST" and pending else None,
        initial=initial,
        # The note goes with each answer, on the students' timelines too.
        note_help=_("The unit and the students will see this note."),
    )
    if sheet.person.is_bound and sheet.is_valid():
        answers = {m.pendaftaran_id: form.cleaned_data for m, form in sheet.rows}
        done = _record(
            request,
            sheet,
            context,
            partial(company_services.record_company_answer, surat=surat, answers=answers),
            already=_("These students were answered already; nothing was changed."),
        )
        if done:
            return done
    context.update(
        {
            "sheet": sheet,
            "answered": [m for m in students if m not in pending],
            **_form_state(sheet.forms, failed=sheet.person.is_bound),
        }
    )
    return render(
        request, "surat/company/answer_permohonan.html", context, status=context["status"]
    )


def _answer_cover_letter(request, surat, context):
    received = company_services.company_confirmation(surat)
    students = company_services.students_of(surat)
    sheet = AnswerSheet(
        [] if received else students,
        form_class=CoverAnswerForm,
        data=request.POST if request.method == "POST" and not received else None,
        note_help=_("Only the unit will see this note."),
    )
    if sheet.person.is_bound and sheet.is_valid():
        taken = {m.pendaftaran_id: form.cleaned_data["diambil"] == "ya" for m, form in sheet.rows}
        done = _record(
            request,
            sheet,
            context,
            partial(company_services.record_company_confirmation, surat=surat, taken=taken),
            already=_("Your answer was received already; nothing was changed."),
        )
        if done:
            return done
    context.update(
        {
            "sheet": sheet,
            "received": received,
            "students": students,
            "feedback_given": UmpanBalik.objects.filter(surat=surat).exists(),
            **_form_state(sheet.forms, failed=sheet.person.is_bound),
        }
    )
    return render(request, "surat/company/answer_pengantar.html", context, status=context["status"])


@company_link
def feedback(request, surat, context):
    if surat.jenis != Jenis.PENGANTAR:
        raise Http404
    received = UmpanBalik.objects.filter(surat=surat).first()
    form = None
    if received is None:
        form = FeedbackForm(
            request.POST if request.method == "POST" else None,
            questions=company_services.feedback_questions(),
        )
        if form.is_bound and form.is_valid():
            try:
                company_services.submit_feedback(
                    surat=surat,
                    scores=form.scores(),
                    nama=form.cleaned_data["nama"],
                    jabatan=form.cleaned_data["jabatan"],
                    komentar=form.cleaned_data["komentar"],
                )
            except company_services.AlreadyAnswered:
                pass  # the page now says it was received
            except ValidationError as error:
                show_errors(form, error)
            # Sent (or sent before): the page thanks the company once, with the day.
            if not form.errors:
                return redirect("company_feedback", token=context["token"])
    context.update(
        {
            "form": form,
            "received": received,
            "pengantar": company_services.feedback_intro(surat),
            **_form_state([form] if form else [], failed=bool(form and form.is_bound)),
        }
    )
    return render(request, "surat/company/feedback.html", context, status=context["status"])


# The staff letter page -----------------------------------------------------------


def confirmation_clock(surat, now=None):
    """What the letter page shows of a cover letter's confirmation clock."""
    jam = next((j for j in surat.jam.all() if j.jenis == Jam.Jenis.KONFIRMASI), None)
    if jam is None:
        return None
    now = now or timezone.now()
    end = jam.berhenti_pada or now
    return {
        "jam": jam,
        "used": clocks.used(jam, end),
        "budget": clocks.CONFIRM_DAYS,
        # The clock breaches at 00:00 after the last working day.
        "deadline": timezone.localdate(jam.batas) - timedelta(days=1),
    }


def waiting_for_answer(surat):
    """The students of a valid surat permohonan whose application still
    waits for the company's answer, in the letter's order."""
    if surat.jenis != Jenis.PERMOHONAN or not surat.sah:
        return []
    return [
        m
        for m in surat.mahasiswa.select_related("pendaftaran").order_by("urutan")
        if m.pendaftaran.status in company_services.ANSWERABLE
    ]


def _company_link_context(surat):
    """The short link staff may pass on (by phone or chat) and its last day."""
    tautan = company_links.current_short_link(surat)
    return {
        "company_url": company_links.short_url(tautan),
        "company_link_expires_on": company_links.expires_on(tautan.dibuat_pada),
    }


def letter_page_context(surat, *, delivery_form=None, confirm_form=None, answer_formset=None):
    """The company-facing parts of the staff letter page: the link, the
    e-mail form and history, for a surat permohonan the answers staff record
    for its students at once, for a cover letter the confirmation clock,
    form and list, and the feedback received. A fixed number of queries."""
    pengantar = surat.jenis == Jenis.PENGANTAR
    umpan_balik = None
    if pengantar:
        scores = NilaiUmpanBalik.objects.order_by("pertanyaan__urutan", "pertanyaan_id")
        umpan_balik = (
            UmpanBalik.objects.filter(surat=surat)
            .prefetch_related(Prefetch("nilai", queryset=scores))
            .first()
        )
    return {
        **_company_link_context(surat),
        "delivery_form": delivery_form
        or DeliveryForm(initial={"email": company_services.default_email(surat)}),
        "deliveries": list(surat.pengiriman.select_related("diminta_oleh")),
        "confirmation": confirmation_clock(surat) if pengantar else None,
        "confirm_form": confirm_form or ConfirmationForm(initial={"tanggal": timezone.localdate()}),
        "confirmations": list(surat.konfirmasi.select_related("dicatat_oleh")) if pengantar else [],
        "umpan_balik": umpan_balik,
        "answer_formset": answer_formset or staff_answer_formset(waiting_for_answer(surat)),
    }


def letter_or_404(pk):
    return get_object_or_404(
        selectors.all_letters().select_related("pengganti").prefetch_related("jam"), pk=pk
    )


def letter_page(request, surat, *, void_form=None, reissue_form=None, **forms):
    """The letter page again, with a form's errors next to its fields."""
    context = {
        "surat": surat,
        "void_form": void_form or VoidForm(),
        "reissue_form": reissue_form or VoidForm(prefix="ganti"),
        **letter_page_context(surat, **forms),
    }
    return render(request, "surat/detail.html", context, status=400)


@roles.role_required(roles.STAF)
@require_POST
def send_to_company(request, pk):
    surat = letter_or_404(pk)
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        return letter_page(request, surat, delivery_form=form)
    try:
        pengiriman = company_services.send_to_company(
            surat=surat, email=form.cleaned_data["email"], by=request.user
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            show_errors(form, error)
            return letter_page(request, surat, delivery_form=form)
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("The letter will be e-mailed to %(email)s.") % {"email": pengiriman.email},
        )
    return redirect("surat:detail", pk=surat.pk)


@roles.role_required(roles.STAF)
@require_POST
def confirm(request, pk):
    surat = letter_or_404(pk)
    form = ConfirmationForm(request.POST)
    if not form.is_valid():
        return letter_page(request, surat, confirm_form=form)
    try:
        company_services.record_confirmation(surat=surat, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            show_errors(form, error)
            return letter_page(request, surat, confirm_form=form)
        flash_errors(request, error)
    else:
        messages.success(request, _("The confirmation has been recorded."))
    return redirect("surat:detail", pk=surat.pk)


@roles.role_required(roles.STAF)
@require_POST
def record_answers(request, pk):
    """The company's answers for several students of a surat permohonan,
    recorded by staff in one form: all of them or none."""
    surat = letter_or_404(pk)
    formset = staff_answer_formset(waiting_for_answer(surat), request.POST)
    if not formset.is_valid():
        if formset.total_form_count() != len(formset.rows):
            # A page made for another list of students: show the list as it is now.
            flash_errors(request, ValidationError(formset.non_form_errors()))
            return redirect("surat:detail", pk=surat.pk)
        return letter_page(request, surat, answer_formset=formset)
    try:
        recorded = company_services.record_staff_answers(
            surat=surat, answers=formset.answers(), by=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "The answer for %(n)s student is recorded.",
                "The answers for %(n)s students are recorded.",
                len(recorded),
            )
            % {"n": len(recorded)},
        )
    return redirect("surat:detail", pk=surat.pk)
