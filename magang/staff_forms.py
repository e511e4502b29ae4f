"""Forms of the staff side of registration: vacancies, the application list's
filters, and the actions on one application. They check input and explain
the rules; the services decide."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pkpk.lib.text import limit_of
from pkpk.lib.uploads import check_document
from pkpk.models import Jurusan, Perusahaan, ProgramStudi

from .models import Jalur, Lowongan, Pendaftaran, SuratBalasan

DOCUMENT_ACCEPT = {"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def prodi_grouped_by_jurusan(queryset):
    """Choices for a programme field, grouped under their department."""
    groups = {}
    for prodi in queryset.select_related("jurusan").order_by("jurusan__nama", "jenjang", "nama"):
        groups.setdefault(prodi.jurusan.nama, []).append((prodi.pk, str(prodi)))
    return list(groups.items())


class VacancyForm(forms.ModelForm):
    """A partner vacancy (jalur kerjasama) as staff post or change it."""

    class Meta:
        model = Lowongan
        fields = [
            "perusahaan",
            "posisi",
            "deskripsi",
            "persyaratan",
            "prodi",
            "kuota",
            "mulai",
            "selesai",
            "batas_daftar",
            "aktif",
        ]
        labels = {
            "perusahaan": _("Company"),
            "posisi": _("Position"),
            "deskripsi": _("Description"),
            "persyaratan": _("Requirements"),
            "prodi": _("Open to study programmes"),
            "kuota": _("Places"),
            "mulai": _("Internship starts"),
            "selesai": _("Internship ends"),
            "batas_daftar": _("Closing date"),
            "aktif": _("Active (students can see and apply)"),
        }
        help_texts = {
            "perusahaan": _("Not in the list? Add the company under Master data first."),
            "persyaratan": _("Optional."),
            "batas_daftar": _("The last day students can apply; on or before the start."),
        }
        widgets = {
            "deskripsi": forms.Textarea(attrs={"rows": 4}),
            "persyaratan": forms.Textarea(attrs={"rows": 3}),
            "prodi": forms.CheckboxSelectMultiple,
            "mulai": DateInput(),
            "selesai": DateInput(),
            "batas_daftar": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perusahaan"].queryset = Perusahaan.objects.order_by("nama", "kota")
        prodi = ProgramStudi.objects.filter(ikut_magang=True)
        if self.instance.pk:
            # A programme taken out of internships later stays visible where it was chosen.
            prodi = ProgramStudi.objects.filter(
                Q(ikut_magang=True) | Q(pk__in=self.instance.prodi.all())
            )
        self.fields["prodi"].queryset = prodi
        self.fields["prodi"].choices = prodi_grouped_by_jurusan(prodi)
        self.fields["prodi"].error_messages["required"] = _("Choose at least one study programme.")

    def clean(self):
        data = super().clean()
        mulai, selesai, batas = data.get("mulai"), data.get("selesai"), data.get("batas_daftar")
        if mulai and selesai and selesai <= mulai:
            self.add_error("selesai", _("The internship must end after it starts."))
        if mulai and batas and batas > mulai:
            self.add_error(
                "batas_daftar",
                _("The closing date must be on or before the day the internship starts."),
            )
        if batas and batas < timezone.localdate() and batas != self.initial.get("batas_daftar"):
            self.add_error("batas_daftar", _("The closing date cannot be in the past."))
        kuota = data.get("kuota")
        if self.instance.pk and kuota:
            taken = self.instance.pendaftaran.filter(status__in=Pendaftaran.HOLDS_PLACE).count()
            if kuota < taken:
                self.add_error(
                    "kuota",
                    _(
                        "%(taken)d students already hold a place in this vacancy; the number "
                        "of places cannot be lower."
                    )
                    % {"taken": taken},
                )
        return data


class ApplicationFilterForm(forms.Form):
    """The filters of the staff application list (a GET form: all optional)."""

    q = forms.CharField(label=_("NIM or name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states"))] + Pendaftaran.Status.choices,
    )
    jurusan = forms.ModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Jurusan.objects.order_by("nama"),
        empty_label=_("All departments"),
    )
    prodi = forms.ModelChoiceField(
        label=_("Study programme"),
        required=False,
        queryset=ProgramStudi.objects.all(),
        empty_label=_("All study programmes"),
    )
    jalur = forms.ChoiceField(
        label=_("Track"), required=False, choices=[("", _("Both tracks"))] + Jalur.choices
    )
    perusahaan = forms.CharField(label=_("Company"), required=False, max_length=200)
    dari = forms.DateField(label=_("Submitted from"), required=False, widget=DateInput())
    sampai = forms.DateField(label=_("Submitted until"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prodi = self.fields["prodi"]
        prodi.choices = [("", prodi.empty_label), *prodi_grouped_by_jurusan(prodi.queryset)]

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["sampai"] < data["dari"]:
            self.add_error("sampai", _("The end of the period must not be before its start."))
        return data

    def filters(self):
        """The valid, non-empty filters, named as selectors.staff_applications takes them."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class RecordAnswerForm(forms.Form):
    """Staff record the company's answer, with the reply letter if they have it."""

    hasil = forms.ChoiceField(
        label=_("The company's answer"),
        choices=SuratBalasan.Hasil.choices,
        widget=forms.RadioSelect,
    )
    berkas = forms.FileField(
        label=_("Reply letter"),
        required=False,
        validators=[check_document],
        help_text=_("Optional. PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs=DOCUMENT_ACCEPT),
    )
    catatan = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=limit_of(SuratBalasan, "catatan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional, for example the division or how the company answered."),
    )


class CancelForm(forms.Form):
    alasan = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=limit_of(Pendaftaran, "alasan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The student reads this reason."),
        error_messages={"required": _("Say why the application is cancelled.")},
    )


class VerifyReplyForm(forms.Form):
    """Accept an uploaded reply (the answer is recorded) or refuse it; the
    service insists on a reason for a refusal."""

    SAH, TOLAK = "sah", "tolak"

    keputusan = forms.ChoiceField(
        label=_("Decision"),
        choices=[(SAH, _("Verify the reply")), (TOLAK, _("Refuse the reply"))],
    )
    alasan = forms.CharField(
        label=_("Why is the reply refused?"),
        required=False,
        max_length=limit_of(SuratBalasan, "alasan_penolakan"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @property
    def sah(self):
        return self.cleaned_data["keputusan"] == self.SAH
