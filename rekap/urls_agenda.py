"""URLs of the outgoing-letter register (included by rekap/urls.py at
/rekap/agenda-surat/). Names start with agenda_surat: the namespace is shared."""

from django.urls import path

from .views import agenda

urlpatterns = [
    path("", agenda.agenda_surat, name="agenda_surat"),
    path("unduh/agenda-surat.xlsx", agenda.agenda_surat_excel, name="agenda_surat_excel"),
    path("unduh/agenda-surat.pdf", agenda.agenda_surat_pdf, name="agenda_surat_pdf"),
]
