from django import forms
from django.utils.translation import gettext_lazy as _

from pkpk.lib.text import limit_of

from ..models import Surat


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
    """The reason for voiding a letter; prefixed "ganti" when a replacement
    follows. Ids stay short and distinct, both forms share the letter page."""

    alasan = forms.CharField(
        label=_("Reason"),
        max_length=limit_of(Surat, "alasan_pembatalan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for voiding the letter.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s" if kwargs.get("prefix") else "void-%s")
        super().__init__(*args, **kwargs)
