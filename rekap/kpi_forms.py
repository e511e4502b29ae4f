"""The KPI pages' filters: a calendar year and an optional jurusan, plus
what narrows a detail list to the rows behind one figure."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pkpk.models import Jurusan

from . import clock_kpi, kpi, scope
from .models import Kerjasama

FIRST_YEAR = 2000


class KpiFilterForm(forms.Form):
    tahun = forms.IntegerField(
        label=_("Year"),
        help_text=_("Calendar year, January to December."),
        error_messages={"invalid": _("Enter a year such as 2026.")},
    )
    jurusan = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Jurusan.objects.order_by("kode"),
        required=False,
        empty_label=_("All departments"),
        error_messages={"invalid_choice": _("Choose a department from the list.")},
    )

    def __init__(self, data=None, *, user, **kwargs):
        # No year given means this year; anything else given is checked.
        departments = scope.jurusan_in_scope(user).order_by("kode")
        every = scope.sees_every_jurusan(user)
        if data is not None:
            data = data.copy()
            if not data.get("tahun"):
                data["tahun"] = timezone.localdate().year
            # A coordinator reads one of their departments, the first unless chosen.
            if not every and not data.get("jurusan"):
                first = departments.first()
                data["jurusan"] = first.pk if first else ""
        super().__init__(data, **kwargs)
        # Another department's id is a form error, never its figures.
        self.fields["jurusan"].queryset = departments
        if not every:
            self.fields["jurusan"].required = True
            self.fields["jurusan"].empty_label = None

    def clean_tahun(self):
        year = self.cleaned_data["tahun"]
        last = timezone.localdate().year + 1
        if not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": last}
            )
        return year

    def scope(self) -> dict:
        return {"year": self.cleaned_data["tahun"], "jurusan": self.cleaned_data["jurusan"]}


class ClockRowsForm(KpiFilterForm):
    status = forms.ChoiceField(
        label=_("Clocks"),
        required=False,
        choices=[
            ("", _("All counted")),
            ("on-time", _("Within target")),
            ("late", _("Late (breaches)")),
            ("open", _("Still open past the deadline")),
        ],
    )
    bulan = forms.TypedChoiceField(
        label=_("Month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Whole year"))] + [(m, m) for m in clock_kpi.MONTHS],
    )


class PartnershipRowsForm(KpiFilterForm):
    tingkat = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All levels")), *Kerjasama.Tingkat.choices],
    )
    aspek = forms.ChoiceField(
        label=_("Evidence"),
        required=False,
        choices=[("", _("Any")), *((name, code) for name, code in kpi.EVIDENCE_CODES.items())],
    )
    lanjutan = forms.BooleanField(label=_("Continued from the year before"), required=False)
