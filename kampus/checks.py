from django.conf import settings
from django.core.checks import Error, register

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
