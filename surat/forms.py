from django import forms
from django.utils.translation import gettext_lazy as _


class IssueForm(forms.Form):
    penerima_jabatan = forms.CharField(label=_("Recipient's position"), max_length=150)
    penerima_nama = forms.CharField(label=_("Recipient's name"), max_length=150, required=False)
    perlu_balasan = forms.BooleanField(
        label=_("The company replies to this letter"),
        required=False,
        initial=True,
        help_text=_(
            "Untick for a place that needs no reply: the letter then carries "
            "the competency information and the feedback form."
        ),
    )


class VoidForm(forms.Form):
    alasan = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
