"""Forms of the partner register, the company list and the feedback results.
They check input and explain the rules (rekap.partners.rule_errors); the
services decide and save."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pkpk.lib.uploads import MAX_UPLOAD_BYTES
from pkpk.models import Jurusan, Perusahaan

from . import feedback, partners, scope
from .models import Kerjasama, LampiranKerjasama
from .periods import academic_year_label, current_academic_year

DOCUMENT_ACCEPT = {"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def year_choices(empty_label):
    now = current_academic_year()
    years = range(now + 1, now - 8, -1)
    return [("", empty_label)] + [(str(y), academic_year_label(y)) for y in years]


class KerjasamaForm(forms.ModelForm):
    class Meta:
        model = Kerjasama
        fields = [
            "perusahaan",
            "status",
            "jenis_dokumen",
            "nomor",
            "jurusan",
            "tingkat",
            "ruang_pendidikan",
            "ruang_penelitian",
            "ruang_pkm",
            "mulai",
            "selesai",
            "bukti_manfaat",
            "bukti_kinerja",
            "bukti_keberlanjutan",
            "catatan",
        ]
        widgets = {
            "jurusan": forms.CheckboxSelectMultiple,
            "mulai": DateInput,
            "selesai": DateInput,
            "bukti_manfaat": forms.Textarea(attrs={"rows": 3}),
            "bukti_kinerja": forms.Textarea(attrs={"rows": 3}),
            "bukti_keberlanjutan": forms.Textarea(attrs={"rows": 3}),
            "catatan": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "nomor": _("Required once the document is signed."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perusahaan"].queryset = Perusahaan.objects.order_by("nama")
        self.fields["jurusan"].queryset = Jurusan.objects.order_by("nama")
        self.fields["jurusan"].required = False  # explained by rule_errors instead

    def clean(self):
        data = super().clean()
        # Errors land on fields, which also keeps Django from repeating them
        # as bare constraint names when it validates the model afterwards.
        fields = {f: data.get(f) for f in partners.EDITABLE_FIELDS if f != "perusahaan"}
        for field, messages in partners.rule_errors(
            jurusan=data.get("jurusan") or [], **fields
        ).items():
            if field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return data

    def service_fields(self):
        """cleaned_data as the services take it."""
        data = dict(self.cleaned_data)
        return {"jurusan": list(data.pop("jurusan")), **data}


class LampiranForm(forms.ModelForm):
    class Meta:
        model = LampiranKerjasama
        fields = ["aspek", "berkas", "keterangan"]
        widgets = {"berkas": forms.ClearableFileInput(attrs=DOCUMENT_ACCEPT)}
        help_texts = {
            "berkas": _("PDF, JPEG or PNG, at most %(mb)d MB.")
            % {"mb": MAX_UPLOAD_BYTES // 1024 // 1024}
        }


class RegisterFilterForm(forms.Form):
    """The filters of the register list (a GET form: all optional)."""

    q = forms.CharField(label=_("Partner or document number"), required=False, max_length=100)
    jurusan = forms.ModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Jurusan.objects.order_by("nama"),
        empty_label=_("All departments"),
    )
    tingkat = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All levels"))] + Kerjasama.Tingkat.choices,
    )
    jenis_dokumen = forms.ChoiceField(
        label=_("Document"),
        required=False,
        choices=[("", _("All documents"))] + Kerjasama.Dokumen.choices,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses"))] + Kerjasama.Status.choices,
    )
    keadaan = forms.ChoiceField(
        label=_("Validity"),
        required=False,
        choices=[
            ("", _("Any")),
            (
                partners.AKAN_BERAKHIR,
                format_lazy(_("ending within {days} days"), days=partners.EXPIRY_WARNING_DAYS),
            ),
            (partners.BERAKHIR, _("expired")),
            (partners.BERLAKU, _("in force")),
        ],
    )
    tahun = forms.TypedChoiceField(
        label=_("Active in academic year"), required=False, coerce=int, empty_value=None
    )
    urut = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("newest start first")),
            ("selesai", _("end date, soonest first")),
            ("-selesai", _("end date, latest first")),
        ],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = year_choices(_("Any year"))
        if user is not None and not scope.sees_every_jurusan(user):
            # a coordinator picks among their departments only
            self.fields["jurusan"].queryset = scope.jurusan_in_scope(user).order_by("nama")

    def filters(self):
        """The valid filters, named as partners.register takes them."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}

    def describe(self) -> str:
        """The applied filters in words ("Department: Teknik Informatika;
        Level: national"), for the heading of the register's workbook."""
        parts = []
        for name, value in self.filters().items():
            if name == "urut":
                continue
            field = self.fields[name]
            shown = dict(getattr(field, "choices", ())).get(value, value)
            if name == "tahun":
                shown = f"{value}/{value + 1}"
            parts.append(f"{field.label}: {shown}")
        return "; ".join(str(part) for part in parts)


class CompanySearchForm(forms.Form):
    q = forms.CharField(label=_("Name or city"), required=False, max_length=100)


class FeedbackFilterForm(forms.Form):
    jurusan = forms.ModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Jurusan.objects.order_by("nama"),
        empty_label=_("All departments"),
    )
    tahun = forms.TypedChoiceField(
        label=_("Academic year"), required=False, coerce=int, empty_value=None
    )
    per = forms.ChoiceField(
        label=_("Results per"),
        required=False,
        choices=[
            (feedback.BY_COMPANY, _("company")),
            (feedback.BY_JURUSAN, _("department")),
            (feedback.BY_YEAR, _("academic year")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = year_choices(_("All years"))

    def filters(self):
        if not self.is_valid():
            return {}, feedback.BY_COMPANY
        data = self.cleaned_data
        return (
            {"jurusan": data["jurusan"], "tahun": data["tahun"]},
            data["per"] or feedback.BY_COMPANY,
        )
