"""The audit trail (django-auditlog): which records are tracked, who acted,
from which address, and the read-only admin. `install()` runs from
PkpkConfig.ready().

Who acted is read back by pkpk.views_audit from three places of a log entry:
- a signed-in person: `actor` (and `actor_email`), set by AuditMiddleware;
- a company through its signed link: `additional_data["by"]` with
  kind "company", set inside `acting_as_company(surat)` (no account exists);
- the worker, a management command or a shell: `additional_data["by"]` with
  kind "system", set whenever no request is being served.
The log table refuses UPDATE and DELETE in the database itself
(pkpk/migrations/0004_audit_log_append_only.py).

Writes that send no signal (bulk_create, QuerySet.update, set-based SQL) write
their entries themselves: `log_bulk()` for rows built in Python, `stamp()`
for the who-acted fields an SQL statement inserts next to its own write.
`noting(...)` adds what a person said (a reason) to the entries written inside."""

import json
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.admin import LogEntryAdmin
from auditlog.cid import correlation_id, get_cid
from auditlog.context import auditlog_value, set_extra_data
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import pre_save
from django.utils import timezone

from .lib.admin import ReadOnlyAdminMixin
from .lib.net import client_ip

# app_label.model -> registration options. The URL of the audit page names a
# record by this key, and only these keys are accepted there. The core's own
# records are listed here; each app adds its own with `track()` from its
# AppConfig.ready(), since the core names no app's table.
TRACKED = {}
# Records whose audit page also lists the entries of records that belong to
# them: parent key -> [(child key, the child's foreign key to the parent)].
CHILDREN = {}
# The record's own page for staff (a URL name taking its pk), where it has one.
PAGES = {}

MASTER_DATA = {
    "pkpk.institusi": {"exclude_fields": ["diubah"]},
    "pkpk.jamlayanan": {"exclude_fields": ["diubah"]},
    "pkpk.harikalender": {"exclude_fields": ["diubah"]},
    "pkpk.jurusan": {},
    "pkpk.programstudi": {},
    "pkpk.mahasiswa": {},
    "pkpk.dosenkoordinator": {"m2m_fields": {"prodi"}},
    # Derived search columns say nothing the name and city do not.
    "pkpk.perusahaan": {"exclude_fields": ["nama_normal", "kota_normal"]},
    # Who has which role: the groups. Never the password hash; the sign-in
    # time changes on every sign-in and is no one's decision.
    "pkpk.user": {
        "exclude_fields": ["password", "last_login"],
        "m2m_fields": {"groups", "user_permissions"},
    },
    # The bulk import writes its students in bulk and their entries with
    # them (log_bulk); its own record says who imported which workbook. The
    # row errors are long.
    "pkpk.impormahasiswa": {"exclude_fields": ["kesalahan"]},
}

SYSTEM = "system"
COMPANY = "company"

_company = ContextVar("pkpk_audit_company", default=None)
_in_request = ContextVar("pkpk_audit_in_request", default=False)
_notes = ContextVar("pkpk_audit_notes", default=None)


def install():
    """Register the core's tracked models, stamp who acted on every new
    entry, and make the admin of the log read-only."""
    for key, options in MASTER_DATA.items():
        track(key, **options)
    pre_save.connect(_stamp, sender=LogEntry, dispatch_uid="pkpk.audit.stamp")
    if admin.site.is_registered(LogEntry):
        admin.site.unregister(LogEntry)
    admin.site.register(LogEntry, ReadOnlyLogEntryAdmin)


def track(key, *, exclude_fields=(), m2m_fields=(), part_of=None, page=None):
    """Keep the audit trail of the model `key` ("app_label.model"): called
    from AppConfig.ready() (idempotent: ready() may run twice in tests).
    `part_of=(parent key, foreign key)` lists its entries on its parent's
    audit page too; `page` is the URL name of the record's own page."""
    from django.apps import apps

    options = {"exclude_fields": list(exclude_fields), "m2m_fields": set(m2m_fields)}
    TRACKED[key] = {name: value for name, value in options.items() if value}
    if part_of is not None:
        parent, fk = part_of
        siblings = CHILDREN.setdefault(parent, [])
        if (key, fk) not in siblings:
            siblings.append((key, fk))
    if page is not None:
        PAGES[key] = page
    model = apps.get_model(key)
    options = {k: _copy(v) for k, v in TRACKED[key].items()}
    # auditlog would list reverse relations ("Pendaftaran.peristiwa") on
    # every created record: they are other records, tracked on their own.
    options["exclude_fields"] = [
        *options.get("exclude_fields", []),
        *(f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete),
    ]
    auditlog.unregister(model)
    auditlog.register(model, **options)


def _copy(value):
    # auditlog appends to the lists it is given; keep TRACKED as written.
    return type(value)(value) if isinstance(value, list | set) else value


def model_for(key):
    """The tracked model named `key` ("app_label.model"), else None."""
    from django.apps import apps

    if key not in TRACKED:
        return None
    return apps.get_model(key)


@contextmanager
def acting_as_company(surat):
    """Entries written inside name the company of `surat` as the actor: the
    company answers through its signed link and has no account."""
    token = _company.set(
        {
            "kind": COMPANY,
            "perusahaan_id": surat.perusahaan_id,
            "perusahaan": surat.perusahaan_nama,
            "surat_id": surat.pk,
            "surat": surat.nomor,
        }
    )
    try:
        yield
    finally:
        _company.reset(token)


@contextmanager
def noting(**notes):
    """Entries written inside carry `notes` in their additional data (for
    example `alasan`, the reason a person gave), shown on the audit page."""
    token = _notes.set({**(_notes.get() or {}), **notes})
    try:
        yield
    finally:
        _notes.reset(token)


def _extra():
    """What our stamp adds to an entry's additional data: who acted when no
    account did (a company, the system) and the notes in force."""
    extra = dict(_notes.get() or {})
    by = _company.get()
    if by is None and not _in_request.get():
        by = {"kind": SYSTEM}
    if by is not None:
        extra["by"] = by
    return extra


def _stamp(sender, instance, **kwargs):
    """pre_save of a new LogEntry: name the company, or the system when no
    request is being served (the worker, a command), and add the notes."""
    if not instance._state.adding:
        return
    extra = _extra()
    if extra:
        instance.additional_data = {**(instance.additional_data or {}), **extra}


def stamp(model) -> dict:
    """The fields of an entry about `model` written now, as a saved LogEntry
    would get them from the request (actor, address, correlation id) and from
    _stamp: for statements that write their entries in SQL. additional_data
    is JSON text, ready for a `%s::jsonb` parameter."""
    # auditlog leaves its context set after a request ends: read it only
    # while AuditMiddleware serves one.
    context = auditlog_value.get({}) if _in_request.get() else {}
    actor = context.get("actor")
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return {
        "content_type_id": ContentType.objects.get_for_model(model).pk,
        "actor_id": actor.pk if actor else None,
        "actor_email": getattr(actor, "email", None) if actor else None,
        "remote_addr": context.get("remote_addr"),
        "cid": get_cid(),
        "additional_data": json.dumps(_extra() or None),
    }


def log_bulk(model, rows, *, action=LogEntry.Action.UPDATE) -> int:
    """Entries for records written without save(): `rows` yields (pk,
    representation, changes) with changes as auditlog stores them
    ({field: [before, after]} as text). One INSERT per thousand entries."""
    fields = stamp(model)
    fields["additional_data"] = json.loads(fields["additional_data"])
    now = timezone.now()
    entries = [
        LogEntry(
            object_pk=str(pk),
            object_id=pk,
            object_repr=representation,
            action=action,
            changes=changes,
            timestamp=now,
            **fields,
        )
        for pk, representation, changes in rows
    ]
    LogEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


# The request: actor, client address, one correlation id ---------------------


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware (the signed-in user as the actor, the client's
    address), with two changes: the address is pkpk.lib.net.client_ip's
    (X-Forwarded-For counts only behind trusted proxies), and the
    correlation id is ours, one per request, never a header the client chose."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        return None

    def __call__(self, request):
        cid = correlation_id.set(uuid.uuid4().hex)
        in_request = _in_request.set(True)
        try:
            with set_extra_data(context_data=self.get_extra_data(request)):
                return self.get_response(request)
        finally:
            _in_request.reset(in_request)
            correlation_id.reset(cid)


# The admin: read-only for everyone, superusers included ----------------------


class ReadOnlyLogEntryAdmin(ReadOnlyAdminMixin, LogEntryAdmin):
    """auditlog's own admin, which already refuses adding and changing; here
    deleting is refused too, also as part of deleting something else."""
