"""The staff's editor of the letters' wording (pkpk.wording): the kinds,
one kind's text with a live preview on sample data, and older versions."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pkpk import roles, wording
from pkpk.lib.views import show_errors
from pkpk.models import JenisTemplat, TeksTemplat

from ..letters import wording_preview


class WordingForm(forms.Form):
    teks = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=wording.MAX_LENGTH,
        strip=False,
        # A live preview: htmx posts the text a moment after typing stops
        # and swaps in only the preview (the page works without it too).
        widget=forms.Textarea(
            attrs={
                "rows": 16,
                "spellcheck": "true",
                "hx-post": "",
                "hx-trigger": "keyup changed delay:1500ms",
                "hx-vals": '{"aksi": "pratinjau"}',
                "hx-target": "#pratinjau",
                "hx-select": "#pratinjau",
                "hx-swap": "outerHTML",
            }
        ),
    )


def _kind_or_404(jenis):
    if jenis not in wording.KINDS:
        raise Http404
    return JenisTemplat(jenis)


@roles.role_required(roles.STAF)
def wording_list(request):
    latest = TeksTemplat.objects.order_by("jenis", "-versi").distinct("jenis")
    by_kind = {v.jenis: v for v in latest.select_related("dibuat_oleh")}
    kinds = [(kind, by_kind.get(kind)) for kind in wording.KINDS]
    return render(request, "surat/wording/list.html", {"kinds": kinds})


@roles.role_required(roles.STAF)
def wording_edit(request, jenis):
    kind = _kind_or_404(jenis)
    in_force = wording.current(kind)
    form = WordingForm(request.POST or None, initial={"teks": in_force.teks})
    pages, email, web = [], None, None
    if request.method == "POST" and form.is_valid():
        teks = form.cleaned_data["teks"]
        try:
            if request.POST.get("aksi") == "simpan":
                version = wording.save_version(jenis=kind, teks=teks, by=request.user)
                messages.success(
                    request,
                    (
                        _("Version %(n)s saved: e-mails sent from now on use it.")
                        if kind in wording.EMAIL_KINDS
                        else _("Version %(n)s saved: the page shows it from now on.")
                        if kind in wording.WEB_KINDS
                        else _("Version %(n)s saved: letters issued from now on use it.")
                    )
                    % {"n": version.versi},
                )
                return redirect("surat:wording_edit", jenis=kind)
            if kind in wording.EMAIL_KINDS:
                email = wording_preview.preview_email(kind, teks)
            elif kind in wording.WEB_KINDS:
                web = wording_preview.preview_web(kind, teks)
            else:
                pages = wording_preview.pdf_pages_as_png(wording_preview.preview_pdf(kind, teks))
        except ValidationError as error:
            show_errors(form, error, field="teks")
    return render(
        request,
        "surat/wording/edit.html",
        {
            "kind": kind,
            "in_force": in_force,
            "form": form,
            "pages": pages,
            "email": email,
            "web": web,
            "placeholders": [wording.PLACEHOLDERS[n] for n in wording.KINDS[kind].placeholders],
            "required": wording.KINDS[kind].required,
            "versions": TeksTemplat.objects.filter(jenis=kind).select_related("dibuat_oleh"),
        },
    )


@roles.role_required(roles.STAF)
def wording_version(request, jenis, versi):
    kind = _kind_or_404(jenis)
    version = get_object_or_404(
        TeksTemplat.objects.select_related("dibuat_oleh"), jenis=kind, versi=versi
    )
    return render(request, "surat/wording/version.html", {"kind": kind, "version": version})
