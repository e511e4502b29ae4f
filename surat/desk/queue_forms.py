"""The staff queue's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Jenis
from .selectors import DUE_SOON, OVERDUE


class QueueFilterForm(forms.Form):
    jenis = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Jenis.choices],
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

    tenggat = forms.ChoiceField(
        label=_("Clocks"),
        required=False,
        choices=[("", _("Any time left")), (OVERDUE, _("Past the deadline"))],
    )

    def filters(self):
        if not self.is_valid():
            return {}
        return {
            "jenis": self.cleaned_data["jenis"],
            "who": self.cleaned_data["siapa"],
            "overdue": self.cleaned_data["tenggat"] == OVERDUE,
        }


class ConfirmationFilterForm(forms.Form):
    tenggat = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All still to confirm")),
            (DUE_SOON, _("Due within 3 working days")),
            (OVERDUE, _("Past the 14 working days")),
        ],
    )

    def when(self):
        return self.cleaned_data["tenggat"] if self.is_valid() else ""
