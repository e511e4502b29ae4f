"""The student's forms: registration (form BO.8.4.1.1) from a vacancy or for
a self-found place, and the company's reply. They check input and explain
the rules; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pkpk.lib.uploads import check_document, check_pdf
from pkpk.models import Perusahaan
from pkpk.selectors import similar_companies

from .models import SuratBalasan

NEW_COMPANY = "baru"
PDF_ACCEPT = {"accept": ".pdf,application/pdf"}
DOCUMENT_ACCEPT = {"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ApplicationForm(forms.Form):
    """Position, planned period, contact person and attachments: what every
    registration asks, whichever track."""

    posisi = forms.CharField(label=_("Position"), max_length=200)
    mulai = forms.DateField(label=_("Planned start"), widget=DateInput())
    selesai = forms.DateField(label=_("Planned end"), widget=DateInput())
    kontak_nama = forms.CharField(label=_("Contact person's name"), max_length=150)
    kontak_jabatan = forms.CharField(
        label=_("Contact person's position"), max_length=150, required=False
    )
    kontak_email = forms.EmailField(
        label=_("Contact person's e-mail"),
        required=False,
        help_text=_("The e-mail, the phone or both: at least one of them."),
    )
    kontak_telepon = forms.CharField(
        label=_("Contact person's phone"),
        max_length=50,
        required=False,
        help_text=_("The e-mail, the phone or both: at least one of them."),
    )
    cv = forms.FileField(
        label=_("CV"),
        help_text=_("PDF, at most 5 MB."),
        validators=[check_pdf],
        widget=forms.ClearableFileInput(attrs=PDF_ACCEPT),
    )
    transkrip = forms.FileField(
        label=_("Transcript of grades"),
        help_text=_("PDF, at most 5 MB."),
        validators=[check_pdf],
        widget=forms.ClearableFileInput(attrs=PDF_ACCEPT),
    )

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("mulai"), data.get("selesai")
        if mulai and selesai and selesai <= mulai:
            self.add_error("selesai", _("The internship must end after it starts."))
        no_contact = not data.get("kontak_email") and not data.get("kontak_telepon")
        if no_contact and "kontak_email" not in self.errors:
            self.add_error(
                "kontak_email",
                _("Give the contact person's e-mail or phone, so the letter reaches them."),
            )
        return data

    def application_fields(self):
        """The cleaned values, named as services.submit_application takes them."""
        names = [
            "posisi",
            "mulai",
            "selesai",
            "kontak_nama",
            "kontak_jabatan",
            "kontak_email",
            "kontak_telepon",
            "cv",
            "transkrip",
        ]
        return {name: self.cleaned_data[name] for name in names}


class VacancyApplicationForm(ApplicationForm):
    """Registration from a vacancy: the company is the vacancy's; position,
    period and contact start from what staff posted."""

    def __init__(self, *args, lowongan, **kwargs):
        company = lowongan.perusahaan
        kwargs.setdefault(
            "initial",
            {
                "posisi": lowongan.posisi,
                "mulai": lowongan.mulai,
                "selesai": lowongan.selesai,
                "kontak_nama": company.kontak_nama,
                "kontak_jabatan": company.kontak_jabatan,
                "kontak_email": company.email,
                "kontak_telepon": company.telepon,
            },
        )
        super().__init__(*args, **kwargs)


class MandiriApplicationForm(ApplicationForm):
    """Registration for a place the student found. A typed company that looks
    like one already registered is offered ("Did you mean ...?"); a new row is
    made only when the student confirms none of them matches."""

    perusahaan_nama = forms.CharField(label=_("Company name"), max_length=200)
    perusahaan_kota = forms.CharField(label=_("City"), max_length=100)
    perusahaan_alamat = forms.CharField(label=_("Company address"), max_length=300, required=False)
    perusahaan_pilihan = forms.CharField(
        label=_("Which company is it?"), required=False, widget=forms.RadioSelect
    )

    field_order = [
        "perusahaan_nama",
        "perusahaan_kota",
        "perusahaan_alamat",
        "perusahaan_pilihan",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.similar = []
        self.company = None
        if self.is_bound:
            self.similar = list(
                similar_companies(
                    self.data.get("perusahaan_nama", ""), self.data.get("perusahaan_kota", "")
                )
            )

    def choices(self):
        """(value, label) of the radio buttons: each similar company, then "none"."""
        return [(str(c.pk), str(c)) for c in self.similar] + [
            (NEW_COMPANY, _("None of these: register it as a new company"))
        ]

    def clean(self):
        data = super().clean()
        nama, kota = data.get("perusahaan_nama"), data.get("perusahaan_kota")
        if not nama or not kota:
            return data
        pilihan = data.get("perusahaan_pilihan", "")
        by_pk = {str(c.pk): c for c in self.similar}
        if pilihan in by_pk:
            self.company = by_pk[pilihan]
        elif pilihan == NEW_COMPANY or not self.similar:
            self.company = self._new_company(nama, kota, data.get("perusahaan_alamat", ""))
        else:
            self.add_error(
                "perusahaan_pilihan",
                _(
                    "Did you mean one of these companies? Pick it, or confirm that none of "
                    "them is the place you found."
                ),
            )
        return data

    def _new_company(self, nama, kota, alamat):
        company = Perusahaan(nama=nama, kota=kota, alamat=alamat)
        try:
            company.full_clean()  # includes the check for a twin under another spelling
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = {"nama": "perusahaan_nama", "kota": "perusahaan_kota"}.get(field)
                for message in messages:
                    self.add_error(target or "perusahaan_alamat", message)
            return None
        return company


class ReplyForm(forms.ModelForm):
    """The company's reply letter as the student uploads it."""

    class Meta:
        model = SuratBalasan
        fields = ["hasil", "berkas", "nomor_surat", "tanggal_surat", "catatan"]
        labels = {
            "hasil": _("The company's answer"),
            "berkas": _("Reply letter"),
            "nomor_surat": _("Letter number"),
            "tanggal_surat": _("Letter date"),
            "catatan": _("Note for UPT-PKPK staff"),
        }
        help_texts = {
            "berkas": _("PDF, JPEG or PNG (a clear photo of the letter is fine), at most 5 MB."),
            "nomor_surat": _("Optional, as printed on the letter."),
            "tanggal_surat": _("Optional."),
            "catatan": _("Optional, for example the division you were placed in."),
        }
        widgets = {
            "hasil": forms.RadioSelect,
            "berkas": forms.ClearableFileInput(attrs=DOCUMENT_ACCEPT),
            "tanggal_surat": DateInput(),
            "catatan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["berkas"].validators = [check_document]
        self.fields["hasil"].choices = SuratBalasan.Hasil.choices
