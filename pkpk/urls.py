from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

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
# The role homes read the apps, so the apps own them (the student's in
# magang, the staff's and coordinator's in rekap); their names stay here.
pkpk_patterns = [
    path("", include("magang.urls_homes")),
    path("", include("rekap.urls_homes")),
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
    # A letter's verification page and the company's signed link, printed
    # on paper and in e-mails: top-level names (surat/urls_public.py).
    path("", include("surat.urls_public")),
    path("audit/", include("pkpk.urls_audit")),
    path("notifikasi/", include("notifikasi.urls")),
    path("masuk/kampus/", include("kampus.urls")),
    path("admin/", admin.site.urls),
    # The SIAKAD API, versioned in its path (siakad/, docs/api.md).
    path("api/v1/", include("siakad.urls")),
]

# The campus's OpenID provider sends people back to oidc/callback/, only
# when it is configured (kampus/oidc.py).
if settings.CAMPUS_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("kampus.urls_oidc")))

# MEDIA_ROOT is never served as such, not even with DEBUG: uploads hold
# personal data and go out only through views that check the reader's scope.
