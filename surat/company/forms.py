"""Forms of the company's link (answer per student, feedback) and of the
staff letter page (e-mail to the company, confirmation). Everything a
company types is untrusted: each field has a maximum length and an error
that says what to fix; the services decide the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magang.forms import DateInput

from ..models import Konfirmasi

LIKERT_CHOICES = [
    (1, _("1 · poor")),
    (2, _("2 · fair")),
    (3, _("3 · good")),
    (4, _("4 · very good")),
]


class PersonForm(forms.Form):
    """Who answers for the company."""

    nama = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Enter your name.")},
    )
    jabatan = forms.CharField(label=_("Your position"), max_length=150, required=False)
    catatan = forms.CharField(
        label=_("Note (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, note_help="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catatan"].help_text = note_help


class StudentAnswerForm(forms.Form):
    """The answer for one student on a surat permohonan."""

    hasil = forms.ChoiceField(
        label=_("Answer"),
        choices=[("diterima", _("Accepted")), ("ditolak", _("Not accepted"))],
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        error_messages={"required": _("Choose accepted or not accepted.")},
    )
    mulai = forms.DateField(label=_("Internship starts"), required=False, widget=DateInput())
    selesai = forms.DateField(label=_("Internship ends"), required=False, widget=DateInput())
    penempatan = forms.CharField(
        label=_("Placement (division or unit)"), max_length=200, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("hasil") != "diterima":
            return data
        mulai, selesai = data.get("mulai"), data.get("selesai")
        if not mulai and "mulai" not in self.errors:
            self.add_error("mulai", _("Enter the start date."))
        if not selesai and "selesai" not in self.errors:
            self.add_error("selesai", _("Enter the end date."))
        if mulai and selesai and selesai <= mulai:
            self.add_error("selesai", _("The internship must end after it starts."))
        return data


class CoverAnswerForm(forms.Form):
    """Whether the company takes one student on a surat pengantar."""

    diambil = forms.ChoiceField(
        label=_("Taken"),
        choices=[("ya", _("Taken")), ("tidak", _("Not taken"))],
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        error_messages={"required": _("Choose taken or not taken.")},
    )


class AnswerSheet:
    """One form per student still to answer, plus who answers: valid only
    when every part is."""

    def __init__(self, rows, *, form_class, data=None, initial=None, note_help=""):
        initial = initial or {}
        self.person = PersonForm(data, prefix="pengisi", note_help=note_help)
        self.rows = [
            (m, form_class(data, prefix=f"m{m.pk}", initial=initial.get(m.pk))) for m in rows
        ]
        for m, form in self.rows:
            form.summary_owner = m.nama  # the error summary names whose answer is missing

    def is_valid(self):
        results = [self.person.is_valid()] + [form.is_valid() for _m, form in self.rows]
        return all(results)

    @property
    def forms(self):
        return [self.person] + [form for _m, form in self.rows]


class FeedbackForm(forms.Form):
    """The partner feedback form: a Likert score per question asked, comments
    and who filled it in. Fields `q<pk>` are made from the questions."""

    nama = forms.CharField(
        label=_("Filled in by"),
        max_length=150,
        error_messages={"required": _("Enter your name.")},
    )
    jabatan = forms.CharField(label=_("Your position"), max_length=150, required=False)
    komentar = forms.CharField(
        label=_("Comments and suggestions"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"q{q.pk}"] = forms.TypedChoiceField(
                label=q.teks,
                choices=LIKERT_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={
                    "required": _("Choose a score from 1 to 4."),
                    "invalid_choice": _("Choose a score from 1 to 4."),
                },
            )

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]

    def scores(self):
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}


class StaffAnswerForm(forms.Form):
    """Staff record the company's answer for one student of a surat
    permohonan; a row left on "no answer yet" is skipped."""

    hasil = forms.ChoiceField(
        label=_("The company's answer"),
        choices=[
            ("", _("no answer yet")),
            ("diterima", _("Accepted")),
            ("ditolak", _("Not accepted")),
        ],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    catatan = forms.CharField(
        label=_("Note"),
        max_length=1000,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, row=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row  # the SuratMahasiswa this form answers for


class BaseStaffAnswerFormSet(forms.BaseFormSet):
    """One StaffAnswerForm per student still waiting on the letter, in the
    letter's order. Each form knows its row from the server's list, never
    from the page, and a page made for another list (someone answered in the
    meantime) is refused as a whole."""

    def __init__(self, *args, rows, **kwargs):
        self.rows = rows
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["row"] = self.rows[index] if index is not None and index < len(self.rows) else None
        return kwargs

    def clean(self):
        if self.total_form_count() != len(self.rows):
            raise forms.ValidationError(
                _("The list of students changed in the meantime. Check it and send again.")
            )
        if not any(form.cleaned_data.get("hasil") for form in self.forms):
            raise forms.ValidationError(_("Choose the answer for at least one student."))

    def answers(self):
        """{application pk: {"hasil", "catatan"}} of the rows answered."""
        return {
            form.row.pendaftaran_id: form.cleaned_data
            for form in self.forms
            if form.cleaned_data.get("hasil")
        }


def staff_answer_formset(rows, data=None):
    formset = forms.formset_factory(
        StaffAnswerForm, formset=BaseStaffAnswerFormSet, extra=len(rows), max_num=len(rows)
    )
    return formset(data, rows=rows, prefix="jawaban")


class DeliveryForm(forms.Form):
    email = forms.EmailField(
        label=_("Company's e-mail"),
        max_length=254,
        error_messages={
            "required": _("Enter the company's e-mail address."),
            "invalid": _("Enter a valid e-mail address."),
        },
    )


class ConfirmationForm(forms.Form):
    """Staff record how the company confirmed a cover letter."""

    tanggal = forms.DateField(label=_("Date of the confirmation"), widget=DateInput())
    saluran = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in Konfirmasi.Saluran.choices if c[0] != Konfirmasi.Saluran.TAUTAN],
    )
    hasil = forms.ChoiceField(label=_("Result"), choices=Konfirmasi.Hasil.choices)
    catatan = forms.CharField(
        label=_("Note"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if tanggal > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return tanggal
