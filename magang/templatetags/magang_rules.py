"""The numbers of the registration rules for pages that state them, read
from magang.rules so a changed rule cannot leave a page saying the old one."""

from django import template

from .. import rules
from ..models import Pendaftaran

register = template.Library()


@register.simple_tag
def answer_days():
    """Working days a company has to answer before the student is free."""
    return rules.WORKING_DAYS_TO_ANSWER


# The badge colour of each application state, keyed by the model's constants
# so a renamed state breaks here, at import, not silently on a page.
_STATUS_BADGES = {
    Pendaftaran.Status.DITERIMA: "text-bg-success",
    Pendaftaran.Status.DITOLAK: "text-bg-danger",
    Pendaftaran.Status.DIAJUKAN: "text-bg-primary",
    Pendaftaran.Status.MENUNGGU: "text-bg-warning",
    Pendaftaran.Status.KEDALUWARSA: "text-bg-secondary",
}


@register.filter
def application_badge(status):
    """The badge classes of an application state (a raw value is enough:
    recaps pass annotated ones); the state's words go beside it."""
    return _STATUS_BADGES.get(status, "text-bg-light border")
