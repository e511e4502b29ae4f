"""The recap filter: a period (academic year and semester, or two dates) and
what narrows it (jurusan, prodi, company, track, cohort). The jurusan and
prodi choices come from the reader's scope, so another programme's id is a
form error and never reaches a query."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from magang.models import Jalur
from pkpk.models import Jurusan, Perusahaan, ProgramStudi

from . import periods, scope

# How many academic years back the year list offers.
YEARS_BACK = 6


@dataclass(frozen=True)
class RecapFilters:
    """Clean filters of one recap, as the recap functions take them."""

    period: periods.Period
    tahun: int | None = None
    semester: str = ""
    jurusan: Jurusan | None = None
    prodi: ProgramStudi | None = None
    perusahaan: Perusahaan | None = None
    jalur: str = ""
    angkatan: int | None = None

    @classmethod
    def academic(cls, tahun: int, semester: str = "", **kwargs) -> RecapFilters:
        return cls(
            period=periods.academic_period(tahun, semester),
            tahun=tahun,
            semester=semester,
            **kwargs,
        )

    def as_params(self) -> dict:
        """JSON-able parameters, stored with an issued recap."""
        return {
            "dari": self.period.dari.isoformat(),
            "sampai": self.period.sampai.isoformat(),
            "tahun": self.tahun,
            "semester": self.semester,
            "jurusan": self.jurusan.kode if self.jurusan else None,
            "prodi": self.prodi.kode if self.prodi else None,
            "perusahaan": self.perusahaan.pk if self.perusahaan else None,
            "jalur": self.jalur,
            "angkatan": self.angkatan,
        }

    def describe(self) -> str:
        """The period and filters in words, for the workbook header."""
        if self.tahun is not None:
            text = gettext("academic year %(year)s") % {
                "year": periods.academic_year_label(self.tahun)
            }
            if self.semester:
                text += " · " + str(dict(periods.SEMESTERS)[self.semester])
            parts = [f"{text} ({self.period})"]
        else:
            parts = [str(self.period)]
        if self.jurusan:
            parts.append(self.jurusan.nama)
        if self.prodi:
            parts.append(str(self.prodi))
        if self.perusahaan:
            parts.append(self.perusahaan.nama)
        if self.jalur:
            parts.append(str(Jalur(self.jalur).label))
        if self.angkatan:
            parts.append(gettext("cohort %(year)s") % {"year": self.angkatan})
        return " · ".join(parts)


class RecapFilterForm(forms.Form):
    tahun = forms.TypedChoiceField(
        label=_("Academic year"), required=False, coerce=int, empty_value=None
    )
    semester = forms.ChoiceField(
        label=_("Semester"),
        required=False,
        choices=[("", _("Whole year")), *periods.SEMESTERS],
    )
    dari = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    jurusan = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Jurusan.objects.none(),
        required=False,
        empty_label=_("All departments"),
    )
    prodi = forms.ModelChoiceField(
        label=_("Study programme"),
        queryset=ProgramStudi.objects.none(),
        required=False,
        empty_label=_("All study programmes"),
    )
    # Reached from a company link in a recap; a hidden field, not a list of
    # every company.
    perusahaan = forms.ModelChoiceField(
        queryset=Perusahaan.objects.all(), required=False, widget=forms.HiddenInput
    )
    jalur = forms.ChoiceField(
        label=_("Track"), required=False, choices=[("", _("Both tracks")), *Jalur.choices]
    )
    angkatan = forms.IntegerField(label=_("Cohort"), required=False, min_value=1990, max_value=2100)

    def __init__(self, user, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.current_year = periods.current_academic_year()
        self.fields["tahun"].choices = [
            (year, periods.academic_year_label(year))
            for year in range(self.current_year, self.current_year - YEARS_BACK, -1)
        ]
        self.fields["tahun"].initial = self.current_year
        self.fields["jurusan"].queryset = scope.jurusan_in_scope(user).order_by("nama")
        self.fields["prodi"].queryset = scope.prodi_in_scope(user).order_by("jurusan__nama", "nama")

    def clean(self):
        data = super().clean()
        dari, sampai = data.get("dari"), data.get("sampai")
        typed_badly = self.has_error("dari") or self.has_error("sampai")
        if bool(dari) != bool(sampai) and not typed_badly:
            raise forms.ValidationError(
                _("Give both dates of the period, or neither to use the academic year."),
                code="half_period",
            )
        if dari and sampai and sampai < dari:
            self.add_error("sampai", _("The end date cannot be before the start date."))
        return data

    def filters(self) -> RecapFilters | None:
        """The clean filters; the current academic year when nothing was
        asked for; None when the form has errors (then nothing is shown)."""
        if not self.is_bound:
            return RecapFilters.academic(self.current_year)
        if not self.is_valid():
            return None
        data = self.cleaned_data
        narrowing = {
            "jurusan": data["jurusan"],
            "prodi": data["prodi"],
            "perusahaan": data["perusahaan"],
            "jalur": data["jalur"],
            "angkatan": data["angkatan"],
        }
        if data["dari"]:
            return RecapFilters(period=periods.Period(data["dari"], data["sampai"]), **narrowing)
        return RecapFilters.academic(
            data["tahun"] or self.current_year, data["semester"], **narrowing
        )


class PlacementFilterForm(forms.Form):
    """The coordinator home's filters (a GET form, all optional): cohort,
    state and a search; the cohorts offered are those of their students."""

    angkatan = forms.TypedChoiceField(
        label=_("Cohort"), required=False, coerce=int, empty_value=None
    )
    keadaan = forms.ChoiceField(label=_("State"), required=False)
    q = forms.CharField(label=_("Search by NIM or name"), required=False, max_length=100)

    def __init__(self, data=None, *, cohorts=(), **kwargs):
        from .dashboard import STATES

        super().__init__(data, **kwargs)
        self.fields["angkatan"].choices = [("", _("All cohorts"))] + [(y, y) for y in cohorts]
        self.fields["keadaan"].choices = [("", _("All states")), *STATES.items()]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
