"""Glue every view shares: a service's broken rule shown on the form that
sent it, or flashed as messages on the page a POST returns to."""

from django import forms
from django.contrib import messages


def show_errors(form, error, *, field=None):
    """A service's ValidationError on `form`: on `field` when given, else next
    to each field its error dict names (on top of the form when the form has
    no such field, or when the error names none)."""
    if field is not None:
        form.add_error(field, error.messages)
    elif hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_texts(form) -> list[str]:
    """Every error of an invalid form as plain texts, field by field."""
    return [text for errors in form.errors.values() for text in errors]


def flash_errors(request, error):
    """A ValidationError, or an invalid form's errors, as error messages: for
    a POST that redirects back to a page with no form to show them on."""
    texts = error_texts(error) if isinstance(error, forms.BaseForm) else error.messages
    for text in texts:
        messages.error(request, text)
