"""URLs of the partners pages (included by rekap/urls.py at /rekap/kerjasama/).
Names start with kerjasama_, perusahaan_ or umpan_balik: the namespace is shared."""

from django.urls import path

from .views import companies, feedback, partners

urlpatterns = [
    path("", partners.kerjasama_list, name="kerjasama_list"),
    path("unduh/kerjasama.xlsx", partners.kerjasama_excel, name="kerjasama_excel"),
    path("baru/", partners.kerjasama_create, name="kerjasama_create"),
    path("<int:pk>/", partners.kerjasama_detail, name="kerjasama_detail"),
    path("<int:pk>/ubah/", partners.kerjasama_edit, name="kerjasama_edit"),
    path("<int:pk>/lanjutkan/", partners.kerjasama_continue, name="kerjasama_continue"),
    path("<int:pk>/lampiran/", partners.kerjasama_upload, name="kerjasama_upload"),
    path("lampiran/<int:pk>/", partners.kerjasama_file, name="kerjasama_file"),
    path("perusahaan/", companies.perusahaan_list, name="perusahaan_list"),
    path("perusahaan/<int:pk>/", companies.perusahaan_detail, name="perusahaan_detail"),
    path("perusahaan/<int:pk>/usulkan/", companies.perusahaan_propose, name="perusahaan_propose"),
    path("umpan-balik/", feedback.umpan_balik, name="umpan_balik"),
]
