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
(pkpk/migrations/0004_audit_log_append_only.py)."""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.admin import LogEntryAdmin
from auditlog.cid import correlation_id
from auditlog.context import set_extra_data
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib import admin
from django.db.models.signals import pre_save

from .lib.admin import ReadOnlyAdminMixin
from .lib.net import client_ip

# app_label.model -> registration options. The URL of the audit page names a
# record by this key, and only these keys are accepted there.
TRACKED = {
    # Master data
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
    # The bulk import writes rows in bulk (no per-row entry): its own record
    # says who checked and imported which workbook. The row errors are long.
    "pkpk.impormahasiswa": {"exclude_fields": ["kesalahan"]},
    "magang.lowongan": {"exclude_fields": ["diubah"], "m2m_fields": {"prodi"}},
    # Applications and the replies recorded on them. Files appear by name.
    "magang.pendaftaran": {},
    "magang.suratbalasan": {},
    # Letters: the verification token and the letterhead snapshot are fixed
    # at issue and long; the letter's own fields say what changed.
    "surat.surat": {"exclude_fields": ["token", "institusi"]},
    "surat.permintaan": {},
    "surat.konfirmasi": {},
    "surat.umpanbalik": {},
    "surat.pertanyaanumpanbalik": {},
    "rekap.kerjasama": {"exclude_fields": ["diubah"], "m2m_fields": {"jurusan"}},
    "rekap.lampirankerjasama": {},
}

# Records whose audit page also lists the entries of records that belong to
# them: parent key -> [(child key, the child's foreign key to the parent)].
CHILDREN = {
    "magang.pendaftaran": [("magang.suratbalasan", "pendaftaran")],
    "surat.surat": [("surat.konfirmasi", "surat"), ("surat.umpanbalik", "surat")],
    "rekap.kerjasama": [("rekap.lampirankerjasama", "kerjasama")],
}

SYSTEM = "system"
COMPANY = "company"

_company = ContextVar("pkpk_audit_company", default=None)
_in_request = ContextVar("pkpk_audit_in_request", default=False)


def install():
    """Register the tracked models, stamp who acted on every new entry, and
    make the admin of the log read-only."""
    from django.apps import apps

    for key, options in TRACKED.items():
        model = apps.get_model(key)
        options = {k: _copy(v) for k, v in options.items()}
        # auditlog would list reverse relations ("magang.Peristiwa.None") on
        # every created record: they are other records, tracked on their own.
        options["exclude_fields"] = [
            *options.get("exclude_fields", []),
            *(f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete),
        ]
        auditlog.unregister(model)  # idempotent: ready() may run twice in tests
        auditlog.register(model, **options)
    pre_save.connect(_stamp, sender=LogEntry, dispatch_uid="pkpk.audit.stamp")
    if admin.site.is_registered(LogEntry):
        admin.site.unregister(LogEntry)
    admin.site.register(LogEntry, ReadOnlyLogEntryAdmin)


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


def _stamp(sender, instance, **kwargs):
    """pre_save of a new LogEntry: name the company, or the system when no
    request is being served (the worker, a command)."""
    if not instance._state.adding:
        return
    by = _company.get()
    if by is None and not _in_request.get():
        by = {"kind": SYSTEM}
    if by is not None:
        instance.additional_data = {**(instance.additional_data or {}), "by": by}


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
