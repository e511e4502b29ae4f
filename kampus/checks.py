import os

from django.conf import settings
from django.core.checks import Error, Warning, register

from .identity import LECTURER_KEYS, STUDENT_KEYS


@register()
def match_settings(app_configs, **kwargs):
    errors = []
    if settings.CAMPUS_STUDENT_MATCH not in STUDENT_KEYS:
        errors.append(
            Error(
                f"CAMPUS_STUDENT_MATCH must be one of {', '.join(STUDENT_KEYS)}.",
                id="kampus.E001",
            )
        )
    if settings.CAMPUS_LECTURER_MATCH not in LECTURER_KEYS:
        errors.append(
            Error(
                f"CAMPUS_LECTURER_MATCH must be one of {', '.join(LECTURER_KEYS)}.",
                id="kampus.E002",
            )
        )
    return errors


LDAP_SCHEMES = ("ldap://", "ldaps://", "ldapi://")


@register()
def ldap_settings(app_configs, **kwargs):
    """A half-configured LDAP bridge: refused at start-up rather than found
    out by the first student who cannot sign in."""
    uri = settings.CAMPUS_LDAP_URI
    if not uri:
        named = [name for name in LDAP_NAMED if getattr(settings, name)]
        if not named:
            return []
        return [
            Warning(
                f"{', '.join(named)} set but CAMPUS_LDAP_URI is not: LDAP sign-in is off.",
                id="kampus.W010",
            )
        ]
    errors = []
    if not uri.lower().startswith(LDAP_SCHEMES):
        errors.append(
            Error(
                "CAMPUS_LDAP_URI must start with ldap://, ldaps:// or ldapi://.", id="kampus.E010"
            )
        )
    if not settings.CAMPUS_LDAP_USER_SEARCH_BASE:
        errors.append(
            Error(
                "CAMPUS_LDAP_USER_SEARCH_BASE is required with CAMPUS_LDAP_URI.",
                id="kampus.E011",
            )
        )
    if bool(settings.CAMPUS_LDAP_BIND_DN) != bool(settings.CAMPUS_LDAP_BIND_PASSWORD):
        errors.append(
            Error(
                "CAMPUS_LDAP_BIND_DN and CAMPUS_LDAP_BIND_PASSWORD go together "
                "(both empty: an anonymous search).",
                id="kampus.E012",
            )
        )
    if "%(user)s" not in settings.CAMPUS_LDAP_USER_FILTER:
        errors.append(
            Error(
                "CAMPUS_LDAP_USER_FILTER must contain %(user)s, what the person typed.",
                id="kampus.E013",
            )
        )
    for name in ("CAMPUS_LDAP_ATTR_NIM", "CAMPUS_LDAP_ATTR_NIP", "CAMPUS_LDAP_ATTR_EMAIL"):
        if not getattr(settings, name):
            errors.append(Error(f"{name} must name an attribute.", id="kampus.E014"))
    if settings.CAMPUS_LDAP_TIMEOUT <= 0:
        errors.append(Error("CAMPUS_LDAP_TIMEOUT must be more than 0 seconds.", id="kampus.E015"))
    ca_file = settings.CAMPUS_LDAP_CA_FILE
    if ca_file and not os.access(ca_file, os.R_OK):
        errors.append(Error(f"CAMPUS_LDAP_CA_FILE {ca_file} cannot be read.", id="kampus.E016"))
    if uri.lower().startswith("ldap://") and not settings.CAMPUS_LDAP_START_TLS:
        errors.append(
            Warning(
                "CAMPUS_LDAP_URI is ldap:// without CAMPUS_LDAP_START_TLS: campus "
                "passwords cross the network in clear. Use ldaps:// or StartTLS.",
                id="kampus.W011",
            )
        )
    return errors


# The variables that mean someone meant to turn LDAP on.
LDAP_NAMED = (
    "CAMPUS_LDAP_BIND_DN",
    "CAMPUS_LDAP_BIND_PASSWORD",
    "CAMPUS_LDAP_USER_SEARCH_BASE",
    "CAMPUS_LDAP_START_TLS",
    "CAMPUS_LDAP_CA_FILE",
)
SIGN_ALGOS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512")


@register()
def oidc_settings(app_configs, **kwargs):
    """A half-configured OpenID Connect sign-in (one CAMPUS_OIDC_* variable
    set, another missing) is named here rather than failing at someone's
    first sign-in."""
    if not settings.CAMPUS_OIDC_ENABLED:
        return []
    errors = []

    def error(message, number):
        errors.append(Error(message, id=f"kampus.E{number:03d}"))

    if not settings.OIDC_RP_CLIENT_ID:
        error("CAMPUS_OIDC_CLIENT_ID is not set (the client id the campus provider gave).", 20)
    if not settings.OIDC_RP_CLIENT_SECRET:
        error("CAMPUS_OIDC_CLIENT_SECRET is not set.", 21)
    endpoints = settings.CAMPUS_OIDC_ENDPOINTS
    needed = ["OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT"]
    algo = settings.OIDC_RP_SIGN_ALGO
    if algo[:2] in ("RS", "ES"):
        needed.append("OIDC_OP_JWKS_ENDPOINT")
    if not settings.CAMPUS_OIDC_ISSUER and not all(endpoints[name] for name in needed):
        error(
            "Set CAMPUS_OIDC_ISSUER (its discovery document names the endpoints), or "
            "CAMPUS_OIDC_AUTHORIZATION_ENDPOINT, CAMPUS_OIDC_TOKEN_ENDPOINT, "
            "CAMPUS_OIDC_USERINFO_ENDPOINT and, for RS/ES keys, CAMPUS_OIDC_JWKS_ENDPOINT.",
            22,
        )
    if algo not in SIGN_ALGOS:
        error(f"CAMPUS_OIDC_SIGN_ALGO must be one of {', '.join(SIGN_ALGOS)}.", 23)
    if "openid" not in settings.OIDC_RP_SCOPES.split():
        error("CAMPUS_OIDC_SCOPES must include openid.", 24)
    if not settings.CAMPUS_OIDC_NIM_CLAIM:
        error("CAMPUS_OIDC_NIM_CLAIM names the claim that holds a student's NIM.", 25)
    return errors
