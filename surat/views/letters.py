"""Letter pages: staff issue, void and replace; the people on a letter
download it; anyone may verify it by the code printed on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magang.models import Pendaftaran
from magang.selectors import application_for_user
from pkpk import roles
from pkpk.lib.downloads import serve_file
from pkpk.lib.views import flash_errors
from pkpk.models import Institusi

from .. import limits
from ..letters import codes, selectors, services, signing
from ..letters.forms import CheckPdfForm, IssueForm, VoidForm
from ..models import Jenis
from . import company

KIND_FOR_STATUS = {
    Pendaftaran.Status.DIAJUKAN: Jenis.PERMOHONAN,
    Pendaftaran.Status.DITERIMA: Jenis.PENGANTAR,
}


@roles.role_required(roles.STAF)
def issue(request):
    try:
        pk = int(request.GET.get("pendaftaran", ""))
    except ValueError:
        raise Http404 from None
    pendaftaran = application_for_user(request.user, pk)
    jenis = KIND_FOR_STATUS.get(pendaftaran.status)
    form = IssueForm(
        request.POST or None,
        initial={
            "penerima_jabatan": pendaftaran.kontak_jabatan,
            "penerima_nama": pendaftaran.kontak_nama,
            "perlu_balasan": True,
        },
    )
    if request.method == "POST" and jenis and form.is_valid():
        try:
            surat = services.issue_letter(
                jenis=jenis,
                pendaftaran_list=[pendaftaran],
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Letter %(nomor)s issued.") % {"nomor": surat.nomor})
            return redirect("surat:detail", pk=surat.pk)
    return render(
        request,
        "surat/issue.html",
        {
            "pendaftaran": pendaftaran,
            "jenis": jenis,
            "jenis_label": Jenis(jenis).label if jenis else "",
            "form": form,
        },
    )


@roles.role_required(roles.STAF)
def detail(request, pk):
    surat = get_object_or_404(selectors.all_letters().select_related("pengganti"), pk=pk)
    return render(
        request,
        "surat/detail.html",
        {
            "surat": surat,
            "void_form": VoidForm(),
            "reissue_form": VoidForm(prefix="ganti"),
            # Delivery, the company's link, confirmation and feedback.
            **company.letter_page_context(surat),
        },
    )


@roles.role_required(roles.STAF)
def letter_list(request):
    page = Paginator(selectors.all_letters(), 25).get_page(request.GET.get("page"))
    return render(request, "surat/letter_list.html", {"page": page})


@roles.role_required(roles.STAF)
@require_POST
def void(request, pk):
    surat = company.letter_or_404(pk)
    form = VoidForm(request.POST)
    if not form.is_valid():
        return company.letter_page(request, surat, void_form=form)
    try:
        services.void_letter(surat=surat, by=request.user, alasan=form.cleaned_data["alasan"])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The letter was voided."))
    return redirect("surat:detail", pk=surat.pk)


@roles.role_required(roles.STAF)
@require_POST
def reissue(request, pk):
    surat = company.letter_or_404(pk)
    form = VoidForm(request.POST, prefix="ganti")
    if not form.is_valid():
        return company.letter_page(request, surat, reissue_form=form)
    try:
        new = services.reissue_letter(
            surat=surat, by=request.user, alasan=form.cleaned_data["alasan"]
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("surat:detail", pk=surat.pk)
    messages.success(request, _("Replacement letter %(nomor)s issued.") % {"nomor": new.nomor})
    return redirect("surat:detail", pk=new.pk)


@login_required
def download(request, pk):
    """404, not 403, for anyone not on the letter: guessing ids tells nothing."""
    surat = selectors.letter_for_user(request.user, pk)
    filename = services.file_name(surat)
    return serve_file(surat.berkas, filename=filename, content_type="application/pdf")


def verify_form(request):
    """Public: the form where a reader of a paper letter types its code."""
    typed = request.GET.get("kode")
    if typed is None or not typed.strip():
        return render(request, "surat/verify_form.html", {"empty": typed is not None})
    return _verify(request, typed)


def verify(request, token):
    """Public: the letter's page, by the code typed or in the short address
    (/v/<code>), or by the token in the QR code of letters issued before."""
    return _verify(request, token)


def _verify(request, typed):
    refused = limits.refused(request, limits.VERIFY, codes.normalise(typed))
    if refused:
        return refused
    surat = selectors.letter_by_code(typed)
    if surat is None:
        # Malformed or unknown, near a real code or not: one answer.
        context = {"kode": str(typed)[:64], "not_found": True, "institusi": Institusi.load()}
        return render(request, "surat/verify_form.html", context, status=404)
    students = [{"nama": m.nama, "nim": selectors.mask_nim(m.nim)} for m in surat.mahasiswa.all()]
    # A PDF someone holds, checked against this letter (the page's own rate limit).
    form = CheckPdfForm(request.POST or None, request.FILES or None)
    checked = None
    if request.method == "POST" and form.is_valid():
        checked = signing.check_letter(surat, form.cleaned_data["berkas"].read())
    context = {
        "surat": surat,
        "students": students,
        "form": form,
        "checked": checked,
        "verdicts": signing.Verdict,
    }
    return render(request, "surat/verify.html", context)
