"""Badges of the states rekap computes (a partnership's standing, a student's
placement), keyed by rekap's constants so the pages never spell a state."""

from django import template

from .. import dashboard, partners

register = template.Library()

# (badge classes, Bootstrap icon): the icon and the words carry the meaning,
# never the colour alone.
_PARTNERSHIP = {
    partners.AKAN_BERAKHIR: ("text-bg-warning", "bi-hourglass-split"),
    partners.BERAKHIR: ("text-bg-secondary", "bi-x-circle"),
    partners.BERLAKU: ("text-bg-success", "bi-check-circle"),
}
_PROPOSED = ("text-bg-light border", "bi-pencil-square")

_PLACEMENT = {
    dashboard.PLACED: ("text-bg-success", "bi-check-circle-fill text-success"),
    dashboard.WAITING: ("text-bg-primary", "bi-hourglass-split text-primary"),
    dashboard.TURNED_DOWN: ("text-bg-warning", "bi-arrow-repeat text-warning-emphasis"),
}
_NOT_APPLIED = ("text-bg-light border", "bi-circle text-danger")


@register.inclusion_tag("rekap/partners/_state_badge.html")
def partnership_state(keadaan):
    """A partnership's standing (rekap.partners.with_state's `keadaan`)."""
    css, icon = _PARTNERSHIP.get(keadaan, _PROPOSED)
    label = partners.state_labels().get(keadaan or "", partners.state_labels()[""])
    return {"css": css, "icon": icon, "label": label}


@register.filter
def ends_soon(keadaan):
    return keadaan == partners.AKAN_BERAKHIR


@register.filter
def has_ended(keadaan):
    return keadaan == partners.BERAKHIR


@register.filter
def placement_badge(keadaan):
    """The badge classes of a student's placement state (rekap.dashboard.STATES)."""
    return _PLACEMENT.get(keadaan, _NOT_APPLIED)[0]


@register.filter
def placement_icon(keadaan):
    return _PLACEMENT.get(keadaan, _NOT_APPLIED)[1]


@register.simple_tag
def expiry_warning_days():
    """How many days before its end a signed partnership is flagged."""
    return partners.EXPIRY_WARNING_DAYS


@register.simple_tag
def expiring_state():
    """The `keadaan` filter value of the partnerships ending soon, for links."""
    return partners.AKAN_BERAKHIR
