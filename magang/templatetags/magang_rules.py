"""The numbers of the registration rules for pages that state them, read
from magang.rules so a changed rule cannot leave a page saying the old one."""

from django import template

from .. import rules

register = template.Library()


@register.simple_tag
def answer_days():
    """Working days a company has to answer before the student is free."""
    return rules.WORKING_DAYS_TO_ANSWER
