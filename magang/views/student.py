"""The student's side of registration: vacancies, the registration form
(BO.8.4.1.1), their applications and the company's reply. The detail page
is shared with staff and coordinators (read-only for coordinators)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pkpk import roles
from pkpk.lib.views import show_errors
from pkpk.selectors import paginate, student_of

from .. import answers, selectors, services
from ..forms import MandiriApplicationForm, ReplyForm, VacancyApplicationForm
from ..models import Pendaftaran, SuratBalasan

VACANCIES_PER_PAGE = 12


@roles.role_required(roles.MAHASISWA)
def vacancy_list(request):
    mahasiswa = student_of(request.user)
    q, kota = request.GET.get("q", "").strip(), request.GET.get("kota", "").strip()
    found = selectors.with_places_left(selectors.open_vacancies_for(mahasiswa, q=q, kota=kota))
    return render(
        request,
        "magang/vacancy_list.html",
        {
            "page": paginate(found, request.GET.get("page"), per_page=VACANCIES_PER_PAGE),
            "cities": selectors.vacancy_cities_for(mahasiswa),
            "q": q,
            "kota": kota,
            "waiting": selectors.waiting_block(mahasiswa),
        },
    )


@roles.role_required(roles.MAHASISWA)
def vacancy_detail(request, pk):
    mahasiswa = student_of(request.user)
    lowongan = selectors.open_vacancy_for(mahasiswa, pk)  # 404: other prodi, closed, full
    return render(
        request,
        "magang/vacancy_detail.html",
        {"lowongan": lowongan, "waiting": selectors.waiting_block(mahasiswa)},
    )


def _submit(request, form, mahasiswa, **target):
    """Call the service with the form's data; a broken rule (StillWaiting
    included) becomes a form error and nothing is saved."""
    try:
        return services.submit_application(
            mahasiswa=mahasiswa, by=request.user, **target, **form.application_fields()
        )
    except IntegrityError:
        # Only a twin company created at the same moment gets here.
        form.add_error("perusahaan_nama", _("This company was registered just now. Try again."))
    except ValidationError as error:
        show_errors(form, error)
    return None


def _registered(request, pendaftaran):
    if pendaftaran.status == Pendaftaran.Status.MENUNGGU:
        messages.info(
            request,
            _(
                "Your registration is saved. You were accepted somewhere already, so "
                "UPT-PKPK staff must approve it first."
            ),
        )
    else:
        messages.success(
            request,
            _("Your application to %(company)s is registered.")
            % {"company": pendaftaran.perusahaan.nama},
        )
    return redirect("magang:detail", pk=pendaftaran.pk)


@roles.role_required(roles.MAHASISWA)
def apply_vacancy(request, pk):
    mahasiswa = student_of(request.user)
    lowongan = selectors.open_vacancy_for(mahasiswa, pk)  # 404: other prodi, closed, full
    if request.method == "POST":
        form = VacancyApplicationForm(request.POST, request.FILES, lowongan=lowongan)
        if form.is_valid():
            pendaftaran = _submit(request, form, mahasiswa, lowongan=lowongan)
            if pendaftaran:
                return _registered(request, pendaftaran)
    # Read only for a page shown: a registration checks the block itself.
    waiting = selectors.waiting_block(mahasiswa)
    if request.method != "POST":
        form = None if waiting else VacancyApplicationForm(lowongan=lowongan)
    return render(
        request,
        "magang/apply.html",
        {"form": form, "lowongan": lowongan, "mahasiswa": mahasiswa, "waiting": waiting},
    )


@roles.role_required(roles.MAHASISWA)
def apply_mandiri(request):
    mahasiswa = student_of(request.user)
    if request.htmx and request.method == "GET":
        # The "Did you mean ...?" list, refreshed while the student types.
        form = MandiriApplicationForm(request.GET)
        return render(request, "magang/_company_choices.html", {"form": form})
    if request.method == "POST":
        form = MandiriApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            pendaftaran = _submit(request, form, mahasiswa, perusahaan=form.company)
            if pendaftaran:
                return _registered(request, pendaftaran)
    waiting = selectors.waiting_block(mahasiswa)
    if request.method != "POST":
        form = None if waiting else MandiriApplicationForm()
    return render(
        request,
        "magang/apply.html",
        {"form": form, "lowongan": None, "mahasiswa": mahasiswa, "waiting": waiting},
    )


@roles.role_required(roles.MAHASISWA)
def my_applications(request):
    mahasiswa = student_of(request.user)
    return render(
        request,
        "magang/my_applications.html",
        {
            "applications": selectors.applications_of(mahasiswa),
            "events": selectors.timeline_of(mahasiswa),
            "waiting": selectors.waiting_block(mahasiswa),
        },
    )


def _may_upload_reply(user, pendaftaran):
    return (
        pendaftaran.mahasiswa.user_id == user.pk
        and pendaftaran.status in answers.ANSWERABLE
        and not any(b.verifikasi == SuratBalasan.Verifikasi.MENUNGGU for b in pendaftaran.replies)
    )


@roles.role_required(*roles.ALL)
def detail(request, pk):
    pendaftaran = selectors.application_for_user(request.user, pk)
    pendaftaran.replies = list(
        pendaftaran.balasan.select_related("diunggah_oleh").order_by("-diunggah_pada")
    )
    is_owner = pendaftaran.mahasiswa.user_id == request.user.pk
    # The letters panels come from surat's template tags (surat_panels).
    return render(
        request,
        "magang/detail.html",
        {
            "pendaftaran": pendaftaran,
            "events": pendaftaran.peristiwa.select_related(
                "aktor", "perusahaan", "pendaftaran__perusahaan"
            ),
            "may_upload_reply": _may_upload_reply(request.user, pendaftaran),
            # The owner sees how many working days the block has left.
            "waiting": selectors.block_of(pendaftaran) if is_owner else None,
        },
    )


@roles.role_required(roles.MAHASISWA)
def upload_reply(request, pk):
    pendaftaran = selectors.application_for_user(request.user, pk)
    pendaftaran.replies = list(pendaftaran.balasan.all())
    if not _may_upload_reply(request.user, pendaftaran):
        messages.info(request, _("This application takes no reply upload now."))
        return redirect("magang:detail", pk=pendaftaran.pk)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            answers.upload_reply(pendaftaran=pendaftaran, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("The reply is uploaded. UPT-PKPK staff will check it and record the answer."),
            )
            return redirect("magang:detail", pk=pendaftaran.pk)
    return render(request, "magang/upload_reply.html", {"pendaftaran": pendaftaran, "form": form})
