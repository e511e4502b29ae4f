"""The staff queue's filters."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models import Jenis
from .clocks import CONFIRM_DAYS
from .selectors import CONFIRM_SOON_WORKING_DAYS, DUE_SOON, OVERDUE


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
            (
                DUE_SOON,
                format_lazy(_("Due within {n} working days"), n=CONFIRM_SOON_WORKING_DAYS),
            ),
            (OVERDUE, format_lazy(_("Past the {n} working days"), n=CONFIRM_DAYS)),
        ],
    )

    def when(self):
        return self.cleaned_data["tenggat"] if self.is_valid() else ""
