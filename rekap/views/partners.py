"""The partner register (kerjasama): list, create, edit, detail with its
evidence files, and "continue this partnership". Staff write; coordinators
read the list, the detail and the files of their departments'
partnerships (rekap.scope), and get a 404 for any other."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pkpk import roles
from pkpk.lib.downloads import serve_upload
from pkpk.lib.views import show_errors
from pkpk.lib.xlsx import workbook_response
from pkpk.selectors import paginate

from .. import partners, scope
from ..models import Kerjasama, LampiranKerjasama
from ..partner_forms import KerjasamaForm, LampiranForm, RegisterFilterForm

staff_only = roles.role_required(roles.STAF)
readers_only = roles.role_required(roles.STAF, roles.KOORDINATOR)


def _get_kerjasama(user, pk, today):
    found = scope.partnerships_in_scope(user).select_related("perusahaan")
    return get_object_or_404(partners.with_state(found, today), pk=pk)


def _save(request, form, save):
    """Run a service with the form's data; its rule errors go back on the form."""
    try:
        return save(**form.service_fields())
    except ValidationError as error:
        show_errors(form, error)
        return None


@readers_only
def kerjasama_list(request):
    today = timezone.localdate()
    readable = scope.partnerships_in_scope(request.user)
    form = RegisterFilterForm(request.GET or None, user=request.user)
    found = partners.register(today=today, within=readable, **form.filters())
    return render(
        request,
        "rekap/partners/list.html",
        {
            "form": form,
            "page": paginate(found, request.GET.get("page")),
            "expiring_count": partners.expiring(today).filter(pk__in=readable.values("pk")).count(),
        },
    )


@readers_only
def kerjasama_excel(request):
    """The register as the list shows it (same scope, filters and order), as a workbook."""
    form = RegisterFilterForm(request.GET or None, user=request.user)
    buffer = io.BytesIO()
    partners.write_register(
        buffer,
        today=timezone.localdate(),
        user=request.user,
        within=scope.partnerships_in_scope(request.user),
        described=form.describe() if form.is_bound else "",
        **form.filters(),
    )
    return workbook_response(buffer.getvalue(), partners.register_filename())


@staff_only
def kerjasama_create(request):
    form = KerjasamaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kerjasama = _save(request, form, lambda **f: partners.create(by=request.user, **f))
        if kerjasama:
            messages.success(request, _("The partnership was added to the register."))
            return redirect("rekap:kerjasama_detail", pk=kerjasama.pk)
    return render(request, "rekap/partners/form.html", {"form": form})


@staff_only
def kerjasama_edit(request, pk):
    kerjasama = get_object_or_404(Kerjasama, pk=pk)
    form = KerjasamaForm(request.POST or None, instance=kerjasama)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            request,
            form,
            lambda **f: partners.update(kerjasama=kerjasama, by=request.user, **f),
        )
        if saved:
            messages.success(request, _("The partnership was saved."))
            return redirect("rekap:kerjasama_detail", pk=saved.pk)
    return render(request, "rekap/partners/form.html", {"form": form, "kerjasama": kerjasama})


@staff_only
def kerjasama_continue(request, pk):
    """A new partnership with the same partner that continues this one; the
    form starts from the earlier one's partner, departments, level and scope."""
    earlier = get_object_or_404(Kerjasama, pk=pk)
    initial = {
        "perusahaan": earlier.perusahaan_id,
        "status": Kerjasama.Status.USULAN,
        "jenis_dokumen": earlier.jenis_dokumen,
        "jurusan": list(earlier.jurusan.all()),
        "tingkat": earlier.tingkat,
        "ruang_pendidikan": earlier.ruang_pendidikan,
        "ruang_penelitian": earlier.ruang_penelitian,
        "ruang_pkm": earlier.ruang_pkm,
        "mulai": earlier.selesai,
    }
    form = KerjasamaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        kerjasama = _save(
            request,
            form,
            lambda **f: partners.create(by=request.user, lanjutan_dari=earlier, **f),
        )
        if kerjasama:
            messages.success(request, _("The continued partnership was added to the register."))
            return redirect("rekap:kerjasama_detail", pk=kerjasama.pk)
    return render(request, "rekap/partners/form.html", {"form": form, "earlier": earlier})


@readers_only
def kerjasama_detail(request, pk):
    return _render_detail(request, pk, LampiranForm())


def _render_detail(request, pk, upload_form, status=200):
    kerjasama = _get_kerjasama(request.user, pk, timezone.localdate())
    context = {
        "kerjasama": kerjasama,
        "jurusan": kerjasama.jurusan.order_by("nama"),
        "files": kerjasama.lampiran.select_related("diunggah_oleh"),
        "continued_by": kerjasama.lanjutan.order_by("-mulai", "-pk"),
        "upload_form": upload_form,
    }
    return render(request, "rekap/partners/detail.html", context, status=status)


@staff_only
@require_POST
def kerjasama_upload(request, pk):
    kerjasama = get_object_or_404(Kerjasama, pk=pk)
    form = LampiranForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            partners.attach_file(kerjasama=kerjasama, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The file was attached."))
            return redirect("rekap:kerjasama_detail", pk=pk)
    # Shown again with the errors (status 400 so a script notices).
    return _render_detail(request, pk, form, status=400)


@readers_only
def kerjasama_file(request, pk):
    """A partnership's file, to those who may read the partnership; the type
    is sniffed again and the file always downloads under a name built from
    trusted values."""
    readable = scope.partnerships_in_scope(request.user)
    lampiran = get_object_or_404(LampiranKerjasama.objects.filter(kerjasama__in=readable), pk=pk)
    stem = f"kerjasama-{lampiran.kerjasama_id}-{lampiran.aspek}-{lampiran.pk}"
    return serve_upload(lampiran.berkas, stem=stem)
