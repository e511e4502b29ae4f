"""The clocks' budgets for pages that state them (B.4.1.7), read from
surat.desk.clocks and the queue's filters, never typed into a message again."""

from django import template

from ..desk import clocks
from ..desk import selectors as queue_selectors
from ..models import Jam, Jenis, Permintaan

register = template.Library()


@register.simple_tag
def response_minutes():
    """Service minutes to the first response to a request or a question."""
    return clocks.BUDGET_MINUTES[Jam.Jenis.TANGGAPAN]


@register.simple_tag
def issue_minutes():
    """Service minutes to issue a requested letter."""
    return clocks.BUDGET_MINUTES[Jam.Jenis.TERBIT]


@register.simple_tag
def confirm_days():
    """Working days to confirm a cover letter's acceptance with the company."""
    return clocks.CONFIRM_DAYS


@register.simple_tag
def confirm_soon_days():
    """Working days ahead in which a confirmation counts as due soon."""
    return queue_selectors.CONFIRM_SOON_WORKING_DAYS


# The badge colour of each letter-request state, keyed by the model's constants.
_REQUEST_BADGES = {
    Permintaan.Status.MENUNGGU: "text-bg-warning",
    Permintaan.Status.DIPROSES: "text-bg-primary",
    Permintaan.Status.DIKEMBALIKAN: "text-bg-danger",
    Permintaan.Status.SELESAI: "text-bg-success",
}


@register.filter
def request_badge(status):
    """The badge classes of a letter request's state."""
    return _REQUEST_BADGES.get(status, "text-bg-secondary")


@register.filter
def is_cover_letter(jenis):
    """Whether a letter kind (a raw value from the page's context) is the
    cover letter, which asks the company to reply."""
    return jenis == Jenis.PENGANTAR
