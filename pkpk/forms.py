import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
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


class ResetPasswordForm(PasswordResetForm):
    """Django's reset form skips accounts without a usable password; imported
    students start without one and choose it here, so they are let through."""

    def get_users(self, email):
        found = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (
            user
            for user in found.select_related("mahasiswa")
            if (user.has_usable_password() or hasattr(user, "mahasiswa"))
            and _same_email(email, user.email)
        )


def _same_email(a, b):
    # Django's own guard (CVE-2019-19844): the database's iexact matches some
    # look-alike addresses that differ once Unicode is normalised.
    return (
        unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()
    )


class StudentImportForm(forms.Form):
    """The workbook staff upload; the rows are checked by the import service."""

    berkas = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=_("At most 5 MB and 20,000 rows."),
        widget=forms.FileInput(attrs={"accept": f".xlsx,{student_import.XLSX_CONTENT_TYPE}"}),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > student_import.MAX_BYTES:
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
