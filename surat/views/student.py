"""The student's side of the unit's service door: the checklist of a letter
request, a question, their requests, one request's page (also readable by
the classmates named on it), fixing a returned request and withdrawing one.
Anyone signed in who is not the student concerned gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magang.models import Pendaftaran
from pkpk import kalender, roles
from pkpk.lib.views import flash_errors, show_errors
from pkpk.selectors import paginate, student_of

from ..desk import requesting as request_services
from ..desk.student_forms import LetterRequestForm, QuestionForm
from ..models import AnggotaPermintaan, Jam, Jenis, Permintaan

REQUESTS_PER_PAGE = 20


def _own_application(mahasiswa, pk):
    try:
        return Pendaftaran.objects.select_related("perusahaan").get(
            pk=int(pk or ""), mahasiswa=mahasiswa
        )
    except (ValueError, Pendaftaran.DoesNotExist):
        raise Http404 from None


def _requests_readable_by(user):
    """The requests `user` made, and those naming one of their applications."""
    named = AnggotaPermintaan.objects.filter(pendaftaran__mahasiswa__user=user)
    return Permintaan.objects.filter(
        Q(pemohon__user=user) | Q(pk__in=named.values("permintaan_id"))
    ).select_related("pemohon__user", "perusahaan", "surat")


def _own_request(user, pk):
    try:
        return Permintaan.objects.select_related("pemohon__user", "perusahaan").get(
            pk=pk, pemohon__user=user
        )
    except Permintaan.DoesNotExist:
        raise Http404 from None


def _send(form, service, **target):
    try:
        return service(**target, **form.service_fields())
    except ValidationError as error:
        show_errors(form, error)
    return None


def _live_request(pendaftaran, jenis):
    """The open (or returned) request of `jenis` already covering the
    application: a second one would be refused."""
    return (
        Permintaan.objects.filter(
            jenis=jenis,
            status__in=request_services.LIVE,
            anggota__pendaftaran=pendaftaran,
        )
        .order_by("-diajukan_pada")
        .first()
    )


@login_required
def request_new(request):
    mahasiswa = student_of(request.user)
    pendaftaran = _own_application(mahasiswa, request.GET.get("pendaftaran"))
    jenis = request_services.letter_kind_for(pendaftaran)
    issued = request_services.issued_letter(pendaftaran, jenis) if jenis else None
    if issued is not None:
        messages.info(
            request,
            _("Letter %(nomor)s is already issued: download it here.") % {"nomor": issued.nomor},
        )
        return redirect("magang:detail", pendaftaran.pk)
    live = _live_request(pendaftaran, jenis) if jenis else None
    form = None
    if jenis and not live:
        form = LetterRequestForm(
            request.POST or None,
            jenis=jenis,
            initial={
                "penerima_nama": pendaftaran.kontak_nama,
                "penerima_jabatan": pendaftaran.kontak_jabatan,
                "mulai": pendaftaran.mulai,
                "selesai": pendaftaran.selesai,
                "perlu_balasan": True,
            },
        )
        if request.method == "POST" and form.is_valid():
            permintaan = _send(
                form,
                request_services.submit_letter_request,
                pemohon=mahasiswa,
                jenis=jenis,
                pendaftaran=pendaftaran,
            )
            if permintaan:
                messages.success(
                    request,
                    _("Your request #%(pk)s has reached the unit.") % {"pk": permintaan.pk},
                )
                return redirect("surat:request_detail", pk=permintaan.pk)
    return render(
        request,
        "surat/student/request_form.html",
        {
            "pendaftaran": pendaftaran,
            "jenis": jenis,
            "jenis_label": Jenis(jenis).label if jenis else "",
            "live": live,
            "form": form,
        },
    )


@login_required
def question_new(request):
    mahasiswa = student_of(request.user)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            permintaan = request_services.ask_question(
                pemohon=mahasiswa, isi=form.cleaned_data["isi"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("Your question #%(pk)s has reached the unit.") % {"pk": permintaan.pk}
            )
            return redirect("surat:request_detail", pk=permintaan.pk)
    return render(request, "surat/student/question_form.html", {"form": form})


@login_required
def my_requests(request):
    mahasiswa = student_of(request.user)
    requests = Permintaan.objects.filter(pemohon=mahasiswa).select_related("perusahaan", "surat")
    return render(
        request,
        "surat/student/my_requests.html",
        {"page": paginate(requests, request.GET.get("page"), per_page=REQUESTS_PER_PAGE)},
    )


def _service_hours():
    """The service hours as short lines: consecutive days with the same
    hours share one line ("Senin–Jumat 08:00–16:00")."""
    lines = []
    for day in kalender.service_hours():
        times = (day.buka, day.tutup, day.istirahat_mulai, day.istirahat_selesai)
        if lines and lines[-1]["times"] == times and lines[-1]["last"].hari + 1 == day.hari:
            lines[-1]["last"] = day
        else:
            lines.append({"first": day, "last": day, "times": times})
    return lines


@login_required
def request_detail(request, pk):
    if roles.is_staf(request.user):
        return redirect("surat:request_staff", pk=pk)
    try:
        permintaan = _requests_readable_by(request.user).get(pk=pk)
    except Permintaan.DoesNotExist:
        raise Http404 from None
    is_requester = permintaan.pemohon.user_id == request.user.pk
    running = []
    if permintaan.status in Permintaan.OPEN:
        running = list(
            Jam.objects.filter(
                permintaan=permintaan, putaran=permintaan.putaran, berhenti_pada__isnull=True
            ).order_by("batas")
        )
    return render(
        request,
        "surat/student/detail.html",
        {
            "permintaan": permintaan,
            "members": permintaan.anggota.select_related("pendaftaran__mahasiswa__user").order_by(
                "pendaftaran__mahasiswa__nim"
            ),
            "clocks": running,
            "service_hours": _service_hours(),
            "is_requester": is_requester,
            "may_fix": is_requester and permintaan.status == Permintaan.Status.DIKEMBALIKAN,
            "may_withdraw": is_requester and permintaan.status in request_services.LIVE,
        },
    )


@login_required
def request_fix(request, pk):
    permintaan = _own_request(request.user, pk)
    if permintaan.status != Permintaan.Status.DIKEMBALIKAN:
        messages.info(request, _("Only a returned request can be fixed and sent again."))
        return redirect("surat:request_detail", pk=permintaan.pk)
    applications = [
        m.pendaftaran
        for m in permintaan.anggota.select_related(
            "pendaftaran__mahasiswa__user", "pendaftaran__perusahaan"
        )
    ]
    own = next(p for p in applications if p.mahasiswa_id == permintaan.pemohon_id)
    classmates = sorted(p.mahasiswa.nim for p in applications if p.pk != own.pk)
    form = LetterRequestForm(
        request.POST or None,
        jenis=permintaan.jenis,
        initial={
            "penerima_nama": permintaan.penerima_nama,
            "penerima_jabatan": permintaan.penerima_jabatan,
            "mulai": permintaan.mulai,
            "selesai": permintaan.selesai,
            "perlu_balasan": permintaan.perlu_balasan,
            "anggota": "\n".join(classmates),
            "isi": permintaan.isi,
        },
    )
    if request.method == "POST" and form.is_valid():
        sent = _send(form, request_services.resubmit, permintaan=permintaan, by=request.user)
        if sent:
            messages.success(
                request, _("Your request #%(pk)s was sent again.") % {"pk": permintaan.pk}
            )
            return redirect("surat:request_detail", pk=permintaan.pk)
    return render(
        request,
        "surat/student/request_form.html",
        {
            "pendaftaran": own,
            "jenis": permintaan.jenis,
            "jenis_label": permintaan.get_jenis_display(),
            "permintaan": permintaan,
            "form": form,
        },
    )


@login_required
@require_POST
def request_withdraw(request, pk):
    permintaan = _own_request(request.user, pk)
    try:
        request_services.withdraw(permintaan=permintaan, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Request #%(pk)s was withdrawn.") % {"pk": permintaan.pk})
    return redirect("surat:request_detail", pk=permintaan.pk)
