from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("kampus/_sign_in.html", takes_context=True)
def campus_sign_in(context):
    """The sign-in page's campus part: the button to the campus's OpenID
    provider when it is configured (taking the page's `next` along, which
    the button's view checks as the sign-in form does), and what the form
    takes."""
    return {
        "oidc": settings.CAMPUS_OIDC_ENABLED,
        "next": context.get("next", ""),
        "ldap": settings.CAMPUS_LDAP_ENABLED,
        "student_passwords": settings.STUDENT_PASSWORD_SIGN_IN,
    }


@register.simple_tag
def student_password_sign_in():
    """Whether students may still sign in with a password here: the sign-in
    page's intro then names the NIM."""
    return settings.STUDENT_PASSWORD_SIGN_IN
