"""The public addresses of surat, outside its namespace because they are
printed on paper and in e-mails: a letter's verification page and the
company's signed link. The root URLconf includes them at the top level."""

from django.urls import path, re_path

from .views import company, letters

urlpatterns = [
    # A letter's public page: the form for its code, the code or the token
    # of an older letter's QR, and the short address printed on paper.
    path("verifikasi/", letters.verify_form, name="verify_form"),
    path("verifikasi/<str:token>/", letters.verify, name="verify"),
    re_path(r"^v/(?P<token>[^/]+)/?$", letters.verify, name="verify_short"),
    # The short company link printed on paper, standing for the signed one.
    re_path(r"^p/(?P<kode>[^/]+)/?$", company.short_link, name="company_short"),
    # The company's signed link: its answer and feedback, without an account.
    path("perusahaan/<str:token>/", company.answer, name="company_answer"),
    path("perusahaan/<str:token>/umpan-balik/", company.feedback, name="company_feedback"),
]
