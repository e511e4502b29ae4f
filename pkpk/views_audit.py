"""The audit trail of one record, for staff: every change newest first, who
made it (a person, a company through its link, or the system), from which
address, and each field before and after. Read-only: nothing here writes."""

import datetime as dt
from contextlib import suppress
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit, roles
from .selectors import paginate

ACTIONS = {
    LogEntry.Action.CREATE: ("created", gettext_lazy("Created")),
    LogEntry.Action.UPDATE: ("changed", gettext_lazy("Changed")),
    LogEntry.Action.DELETE: ("deleted", gettext_lazy("Deleted")),
    LogEntry.Action.ACCESS: ("viewed", gettext_lazy("Viewed")),
}
EMPTY = "—"


@dataclass
class Change:
    label: str
    before: str = EMPTY
    after: str = EMPTY
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


@dataclass
class Row:
    entry: LogEntry
    action: str
    action_label: str
    who: str
    who_detail: str
    part: str  # the record this entry is about, when it is not the page's own
    changes: list


@roles.role_required(roles.STAF)
def record(request, label, pk):
    key = label.lower()
    model = audit.model_for(key)
    if model is None:
        raise Http404
    obj = model._default_manager.select_related().filter(pk=pk).first()
    entries = _entries_of(key, model, pk)
    if obj is None and not entries.exists():
        raise Http404  # never existed (a deleted record keeps its trail)
    page = paginate(entries, request.GET.get("page"))
    page.object_list = _rows(list(page.object_list), key, model)
    latest = page.object_list[0].entry if page.object_list else None
    context = {
        "page": page,
        "model_name": capfirst(model._meta.verbose_name),
        "title": str(obj) if obj is not None else (latest.object_repr if latest else pk),
        "deleted": obj is None,
        "record_url": _record_url(key, model, pk) if obj is not None else None,
        "children": [
            str(audit.model_for(child)._meta.verbose_name_plural)
            for child, _fk in audit.CHILDREN.get(key, [])
        ],
    }
    return render(request, "pkpk/audit.html", context)


def _entries_of(key, model, pk):
    """The entries of the record and of the records belonging to it (its
    attachments, replies...), newest first, in one query."""
    ct = ContentType.objects.get_for_model(model)
    wanted = Q(content_type=ct, object_id=pk)
    for child_key, fk in audit.CHILDREN.get(key, []):
        child = audit.model_for(child_key)
        ids = child._base_manager.filter(**{fk: pk}).values("pk")
        wanted |= Q(content_type=ContentType.objects.get_for_model(child), object_id__in=ids)
    return (
        LogEntry.objects.filter(wanted)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def _record_url(key, model, pk):
    # The record's own page, where its app named one (audit.track); else its admin page.
    name = audit.PAGES.get(key) or f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


# Entries as people read them -------------------------------------------------


def _rows(entries, key, model):
    related = _related_objects(entries)
    rows = []
    for entry in entries:
        entry_model = entry.content_type.model_class() or model
        code, label = ACTIONS.get(entry.action, ACTIONS[LogEntry.Action.UPDATE])
        who, who_detail = _who(entry)
        part = ""
        if entry_model is not model:
            part = f"{capfirst(entry_model._meta.verbose_name)}: {entry.object_repr}"
        rows.append(
            Row(
                entry=entry,
                action=code,
                action_label=str(label),
                who=who,
                who_detail=who_detail,
                part=part,
                changes=_changes(entry, entry_model, related),
            )
        )
    return rows


def _who(entry):
    """(who, detail): the person, the company and its letter, or the system."""
    by = (entry.additional_data or {}).get("by") or {}
    if by.get("kind") == audit.COMPANY:
        return by.get("perusahaan") or _("A company"), _(
            "through the company link of letter %(surat)s"
        ) % {"surat": by.get("surat") or "?"}
    if entry.actor is not None:
        return entry.actor.nama or entry.actor.username, entry.actor.email
    if entry.actor_email:
        return entry.actor_email, _("account no longer exists")
    if by.get("kind") == audit.SYSTEM:
        return _("System"), _("worker or command, no person signed in")
    return _("Not signed in"), ""


def _changes(entry, model, related):
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())}
    out = []
    for name, values in sorted((entry.changes or {}).items(), key=lambda c: order.get(c[0], 999)):
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            model_field = None
        if model_field is not None and not hasattr(model_field, "verbose_name"):
            continue  # a reverse relation, listed by older entries: another record
        if model_field is not None and model_field.primary_key:
            continue  # the record's own number: the page names the record
        label = capfirst(model_field.verbose_name) if model_field else name
        if isinstance(values, dict):  # many-to-many: {"operation", "objects"}
            objects = [str(o) for o in values.get("objects", [])]
            added = values.get("operation") == "add"
            out.append(
                Change(label, added=objects if added else [], removed=[] if added else objects)
            )
            continue
        before, after = (list(values) + [None, None])[:2]
        change = Change(
            label,
            before=_value(model_field, before, related),
            after=_value(model_field, after, related),
        )
        # A new record's empty fields, a deleted one's: nothing to read.
        if change.before != change.after:
            out.append(change)
    return out


def _value(model_field, value, related):
    """One stored value (auditlog keeps strings, "None" for none) as read."""
    if value is None or value in ("None", ""):
        return EMPTY
    value = str(value)
    if model_field is None:
        return value
    if model_field.many_to_one or model_field.one_to_one:
        obj = related.get((model_field.related_model, value))
        return str(obj) if obj is not None else f"#{value}"
    if model_field.choices:
        labels = {str(k): v for k, v in model_field.flatchoices}
        return str(labels.get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value == "True" else _("No") if value == "False" else value
    if isinstance(model_field, models.DateTimeField):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_naive(moment):  # auditlog stores datetimes as naive UTC
            moment = moment.replace(tzinfo=dt.UTC)
        return f"{formats.date_format(timezone.localtime(moment), 'j M Y H:i')} WIB"
    if isinstance(model_field, models.DateField):
        try:
            return formats.date_format(dt.date.fromisoformat(value[:10]), "j M Y")
        except ValueError:
            return value
    return value


def _related_objects(entries):
    """The objects named by foreign keys in `entries`: one query per related
    model, whatever the number of entries, with what their names need."""
    wanted = {}
    for entry in entries:
        model = entry.content_type.model_class()
        if model is None:
            continue
        for name, values in (entry.changes or {}).items():
            if isinstance(values, dict):
                continue
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not model_field.concrete or not (model_field.many_to_one or model_field.one_to_one):
                continue
            for value in values:
                if value not in (None, "None", ""):
                    wanted.setdefault(model_field.related_model, set()).add(str(value))
    found = {}
    for related_model, pks in wanted.items():
        manager = related_model._base_manager.select_related()
        clean = []
        for pk in pks:
            with suppress(ValidationError):  # a value that is no key names nothing
                clean.append(related_model._meta.pk.to_python(pk))
        for pk, obj in manager.in_bulk(clean).items():
            found[(related_model, str(pk))] = obj
    return found
