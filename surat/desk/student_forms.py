"""The student's forms at the unit's service door: the checklist of a letter
request and a question. They check the input and explain; the request
services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from magang.forms import DateInput
from pkpk.lib.text import limit_of

from ..models import Jenis, Permintaan
from .requesting import MAX_GROUP, parse_nims

NOTE_MAX = limit_of(Permintaan, "isi")
# Room for MAX_GROUP NIMs with separators and some slack; the service counts them.
ANGGOTA_MAX = 40 * MAX_GROUP


class LetterRequestForm(forms.Form):
    """What a letter needs, besides the application shown above the form.
    Field names are the keys the service's errors use."""

    penerima_nama = forms.CharField(
        label=_("Recipient's name"),
        max_length=150,
        required=False,
        help_text=_("The person the letter is addressed to, as the company writes it."),
    )
    penerima_jabatan = forms.CharField(
        label=_("Recipient's position"),
        max_length=150,
        help_text=_("For example: HR Manager. The letter is addressed to this position."),
    )
    mulai = forms.DateField(label=_("Internship starts"), widget=DateInput())
    selesai = forms.DateField(label=_("Internship ends"), widget=DateInput())
    perlu_balasan = forms.BooleanField(
        label=_("The company replies to this letter"),
        required=False,
        help_text=_(
            "Untick for a place that needs no reply: the letter then carries "
            "the competency information and the feedback form."
        ),
    )
    anggota = forms.CharField(
        label=_("Classmates on the same letter (NIM)"),
        required=False,
        max_length=ANGGOTA_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Optional. One NIM per line or separated by commas. Each classmate needs "
            "an application to the same company and is told about the request."
        ),
    )
    isi = forms.CharField(
        label=_("Note for the staff"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    data_benar = forms.BooleanField(
        label=_("I confirm the data is right"),
        error_messages={"required": _("Confirm that the data on the letter is right.")},
    )

    def __init__(self, *args, jenis, **kwargs):
        super().__init__(*args, **kwargs)
        if jenis != Jenis.PENGANTAR:
            del self.fields["perlu_balasan"]

    def clean_anggota(self):
        return parse_nims(self.cleaned_data["anggota"])

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "penerima_nama": data["penerima_nama"],
            "penerima_jabatan": data["penerima_jabatan"],
            "mulai": data["mulai"],
            "selesai": data["selesai"],
            "perlu_balasan": data.get("perlu_balasan", True),
            "anggota_nim": data["anggota"],
            "isi": data["isi"],
            "data_benar": data["data_benar"],
        }


class QuestionForm(forms.Form):
    isi = forms.CharField(
        label=_("Your question"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Staff answer here and tell you in the app."),
        error_messages={"required": _("Write your question.")},
    )
