"""The clocks' budgets for pages that state them (B.4.1.7), read from
surat.desk.clocks and the queue's filters, never typed into a message again."""

from django import template

from ..desk import clocks
from ..desk import selectors as queue_selectors
from ..models import Jam

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
