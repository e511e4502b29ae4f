"""The FO.8.4.1.1 reply form a company may fill in and sign, as a PDF: its
explanation is staff wording (pkpk.wording), the rest is the form's layout.
Used by the staff's download and by the wording editor's preview."""

from django.conf import settings
from django.utils import translation

from pkpk import wording
from pkpk.lib.pdf import image_data_uri, render_pdf
from pkpk.models import JenisTemplat


def reply_form_pdf(*, institusi, perusahaan, applications, teks=None) -> bytes:
    """The form for `applications` at `perusahaan`, with the explanation
    `teks` (the version in force when None). Always in the institution's
    language."""
    teks = teks or wording.current(JenisTemplat.BALASAN_FO).teks
    values = {
        "nama_institusi": institusi.nama,
        "nama_perusahaan": perusahaan.nama,
        "nama_unit": institusi.nama_unit,
        "singkatan_unit": institusi.singkatan_unit,
    }
    context = {
        "institusi": institusi,
        "logo": image_data_uri(institusi.logo),
        "perusahaan": perusahaan,
        "applications": applications,
        "penjelasan": wording.render_html(teks, JenisTemplat.BALASAN_FO, values),
    }
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf("magang/pdf/balasan_fo_8_4_1_1.html", context)
