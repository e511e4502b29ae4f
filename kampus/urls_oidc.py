"""The campus provider's two URLs, included under oidc/ only when
CAMPUS_OIDC_ENABLED (pkpk/urls.py). The callback is the redirect URI to
register at the provider: SITE_URL + /oidc/callback/."""

from django.urls import path

from . import oidc

urlpatterns = [
    path("authenticate/", oidc.SignInView.as_view(), name="oidc_authentication_init"),
    path("callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
]
