"""The one error summary every form shows on top when it comes back with
errors: what went wrong, each field's error linking to the field, and the
focus moved onto it (static/js/pkpk.js) so a screen reader reads it out.
Crispy forms get it too (templates/bootstrap5/errors.html)."""

from django import template
from django.forms.widgets import ChoiceWidget

register = template.Library()


@register.inclusion_tag("_error_summary.html")
def error_summary(*forms, heading=""):
    """The summary of `forms` (forms, or lists of forms of one page; None
    for a form the page does not show), titled `heading` when given."""
    forms = [form for form in _flatten(forms) if form is not None and form.errors]
    items = []
    for form in forms:
        # A page with one form per person names whose field each link is
        # (`summary_owner`): "Answer (Bayu Pane)", not "Answer" twice.
        owner = getattr(form, "summary_owner", "")
        items += [{"text": text} for text in form.non_field_errors()]
        items += [
            {
                "anchor": _anchor(field),
                "label": f"{field.label} ({owner})" if owner else field.label,
                "text": field.errors[0],
            }
            for field in form
            if field.errors
        ]
    # The id the fields of a form with only a form-wide error point their
    # aria-describedby at (pkpk.forms.SignInForm).
    summary_id = f"{forms[0].prefix or 'form'}-errors" if forms else ""
    return {"items": items, "heading": heading, "summary_id": summary_id}


def _flatten(forms):
    for form in forms:
        if isinstance(form, (list, tuple)):
            yield from _flatten(form)
        else:
            yield form


def _anchor(field):
    """The id of the input a link to `field` should land on: the first
    option of a group of radio buttons or checkboxes, whose group has no id."""
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    anchor = widget.id_for_label(id_)
    if not anchor and id_ and isinstance(widget, ChoiceWidget):
        anchor = widget.id_for_label(id_, "0")
    return anchor
