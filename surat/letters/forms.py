from django import forms
from django.utils.translation import gettext_lazy as _

from pkpk.lib.text import limit_of
from pkpk.lib.uploads import FileCheck

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


# A letter's PDF is well under 1 MB; anything larger is not one of ours.
MAX_LETTER_UPLOAD_BYTES = 2 * 1024 * 1024


class CheckPdfForm(forms.Form):
    """The verification page's upload: a PDF someone holds, checked against
    the letter issued (surat.letters.signing.check_letter). Untrusted: by
    content, and small."""

    berkas = forms.FileField(
        label=_("The letter's PDF file"),
        validators=[FileCheck("pdf", max_bytes=MAX_LETTER_UPLOAD_BYTES)],
        help_text=_(
            "The file is checked and not kept: is it exactly the letter the unit "
            "issued, and is its electronic signature valid and intact?"
        ),
        error_messages={"required": _("Choose the PDF file of the letter.")},
    )
