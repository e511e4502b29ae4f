"""The staff queue's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Permintaan


class QueueFilterForm(forms.Form):
    jenis = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Permintaan.Jenis.choices],
    )
    siapa = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All requests")),
            ("mine", _("Claimed by me")),
            ("unclaimed", _("Not claimed yet")),
        ],
    )

    def filters(self):
        if not self.is_valid():
            return {}
        return {"jenis": self.cleaned_data["jenis"], "who": self.cleaned_data["siapa"]}
