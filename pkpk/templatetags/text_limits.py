"""For forms written by hand in a template: the character limit of a model
field, and its hint, from the model (pkpk/lib/text.py), not typed again."""

from django import template
from django.apps import apps

from pkpk.lib.text import limit_hint, limit_of

register = template.Library()


@register.simple_tag
def text_limit(model_label, field):
    return limit_of(apps.get_model(model_label), field)


@register.simple_tag
def text_limit_hint(model_label, field):
    return limit_hint(text_limit(model_label, field))
