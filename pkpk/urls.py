from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.i18n import set_language

from rekap.views import home as rekap_home
from surat.views import company as surat_company
from surat.views import letters as surat_letters

from . import views
from .forms import SignInForm

handler400 = "pkpk.views.bad_request"
handler403 = "pkpk.views.forbidden"
handler404 = "pkpk.views.not_found"
handler500 = "pkpk.views.server_error"

admin.site.site_header = "UPT-PKPK"
admin.site.site_title = "UPT-PKPK"

auth_patterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "sandi/lupa/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "sandi/lupa/terkirim/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "sandi/atur/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "sandi/atur/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("sandi/ubah/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "sandi/ubah/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

# Pages of the shared layer: role home pages, the student import, the calendar.
# The staff and coordinator homes read every app, so they live in rekap.
pkpk_patterns = [
    path("mahasiswa/", views.student_home, name="student_home"),
    path("staf/", rekap_home.staff_home, name="staff_home"),
    path("koordinator/", rekap_home.coordinator_home, name="coordinator_home"),
    path("staf/impor/", views.import_upload, name="import_upload"),
    path("staf/impor/contoh.xlsx", views.import_template, name="import_template"),
    path("staf/impor/<int:pk>/", views.import_detail, name="import_detail"),
    path("staf/impor/<int:pk>/impor/", views.import_confirm, name="import_confirm"),
    path("staf/kalender/", views.calendar, name="calendar"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("bahasa/", set_language, name="set_language"),
    path("bantuan/", views.help_page, name="help"),
    path("bantuan/<slug:peran>/", views.help_page, name="help_role"),
    path("", include(auth_patterns)),
    path("", include((pkpk_patterns, "pkpk"))),
    path("magang/", include("magang.urls")),
    path("surat/", include("surat.urls")),
    path("rekap/", include("rekap.urls")),
    # A letter's public page: the form for its code, the code or the token
    # of an older letter's QR, and the short address printed on paper.
    path("verifikasi/", surat_letters.verify_form, name="verify_form"),
    path("verifikasi/<str:token>/", surat_letters.verify, name="verify"),
    re_path(r"^v/(?P<token>[^/]+)/?$", surat_letters.verify, name="verify_short"),
    # The short company link printed on paper, standing for the signed one.
    re_path(r"^p/(?P<kode>[^/]+)/?$", surat_company.short_link, name="company_short"),
    # The company's signed link: its answer and feedback, without an account.
    path("perusahaan/<str:token>/", surat_company.answer, name="company_answer"),
    path("perusahaan/<str:token>/umpan-balik/", surat_company.feedback, name="company_feedback"),
    path("audit/", include("pkpk.urls_audit")),
    path("notifikasi/", include("notifikasi.urls")),
    path("admin/", admin.site.urls),
]

# MEDIA_ROOT is never served as such, not even with DEBUG: uploads hold
# personal data and go out only through views that check the reader's scope.
