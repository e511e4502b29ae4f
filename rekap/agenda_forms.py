"""The outgoing-letter register's filter: a year (this year when none is
given) and optionally one kind of letter."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from surat.models import LETTER_CHOICES

from .kpi_forms import FIRST_YEAR


class AgendaFilterForm(forms.Form):
    tahun = forms.IntegerField(
        label=_("Year"),
        error_messages={"invalid": _("Enter a year such as 2026.")},
    )
    jenis = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *LETTER_CHOICES],
        error_messages={"invalid_choice": _("Choose a kind of letter from the list.")},
    )

    def __init__(self, data=None, *, years=(), **kwargs):
        # No year given means this year; anything else given is checked.
        data = data.copy() if data is not None else {}
        if not data.get("tahun"):
            data["tahun"] = timezone.localdate().year
        super().__init__(data, **kwargs)
        # The years with letters to pick from; another year typed into the
        # address is still checked by clean_tahun, not refused as a choice.
        self.fields["tahun"].widget = forms.Select(choices=[(year, year) for year in years])

    def clean_tahun(self):
        year = self.cleaned_data["tahun"]
        last = timezone.localdate().year
        if not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": last}
            )
        return year

    def scope(self) -> dict:
        return {"tahun": self.cleaned_data["tahun"], "jenis": self.cleaned_data["jenis"]}
