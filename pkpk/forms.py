from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import student_import


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("NIM or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The NIM/e-mail or the password is wrong. Mind capital letters in the password."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if settings.CAMPUS_LDAP_ENABLED:
            # Campus accounts type their campus user name here too (kampus/ldap.py).
            self.fields["username"].label = _("Campus user name (NIM) or e-mail")
        elif not settings.STUDENT_PASSWORD_SIGN_IN:
            # Students use their campus account: only staff and lecturers type here.
            self.fields["username"].label = _("E-mail")

    def get_invalid_login_error(self):
        # A backend that could not ask its server (the campus directory,
        # kampus/ldap.py) leaves what to say instead of "wrong password".
        unavailable = getattr(self.request, "sign_in_unavailable", None)
        if unavailable:
            return forms.ValidationError(unavailable, code="unavailable")
        return super().get_invalid_login_error()

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # A wrong pair belongs to neither field alone: mark both invalid and
            # point them at the error summary (templates/bootstrap5/errors.html).
            for name in ("username", "password"):
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": "form-errors"}
                )
            raise


class StudentImportForm(forms.Form):
    """The workbook staff upload; the rows are checked by the import service."""

    berkas = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=_("At most 5 MB and 20,000 rows."),
        widget=forms.FileInput(attrs={"accept": f".xlsx,{student_import.XLSX_CONTENT_TYPE}"}),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > student_import.parse.MAX_BYTES:
            raise forms.ValidationError(
                student_import.too_large_message(berkas.size), code="too_large"
            )
        if not berkas.name.lower().endswith(".xlsx") or not student_import.is_xlsx(berkas):
            raise forms.ValidationError(
                _(
                    "This is not an Excel workbook (.xlsx). Old .xls files and CSV files "
                    "are not accepted: open the file in Excel and save it as "
                    "“Excel Workbook (.xlsx)”."
                ),
                code="not_xlsx",
            )
        return berkas


MAX_MOVE_REASON = 500


class ImportConfirmForm(forms.Form):
    """Confirming a checked upload: the new students always; the changes to
    known students only when ticked; moving held students to another prodi
    only when chosen, with the reason (the import service enforces it)."""

    terapkan_perubahan = forms.BooleanField(
        label=_("Also apply the changes to students already registered (old → new, listed below)"),
        required=False,
    )
    pindahkan = forms.BooleanField(
        label=_("Move the students marked as held to their new study programme anyway"),
        required=False,
    )
    alasan = forms.CharField(
        label=_("Why they are moved anyway"),
        max_length=MAX_MOVE_REASON,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "maxlength": MAX_MOVE_REASON, "class": "form-control"}
        ),
        help_text=_("Recorded in each moved student's audit trail. At most 500 characters."),
    )
