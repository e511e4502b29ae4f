"""The SIAKAD API, version 1 (django-ninja): its endpoints, schemas and
error answers. The rules live in batches, reads and feed; this module only
says who may call what and turns their answers and errors into JSON.

Every error is `{"errors": [{"row", "field", "code", "message"}]}`: `row`
counts a batch's rows from 0 (None for the batch or a query parameter),
messages are in the interface language (Indonesian)."""

from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict

from pkpk import audit, roles
from pkpk.lib.net import client_ip

from . import batches, feed, pages, reads
from .auth import READ, WRITE, RateLimited, ScopeRefused

api = NinjaAPI(
    title="UPT-PKPK SIAKAD API",
    version="1",
    urls_namespace="siakad",
    docs_decorator=roles.role_required(roles.STAF),
    auth=READ,
)


def _errors(request, status, code, message, **headers):
    response = api.create_response(
        request,
        {"errors": [{"row": None, "field": None, "code": code, "message": message}]},
        status=status,
    )
    for name, value in headers.items():
        response[name] = value
    return response


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return _errors(
        request,
        401,
        "unauthorized",
        _("A valid API token is needed."),
        **{"WWW-Authenticate": "Bearer"},
    )


@api.exception_handler(ScopeRefused)
def _forbidden(request, exc):
    return _errors(request, 403, "read_only", _("This token may only read."))


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    return _errors(
        request,
        429,
        "rate_limited",
        _("Too many calls; try again in %(seconds)d seconds.") % {"seconds": exc.retry_after},
        **{"Retry-After": str(exc.retry_after)},
    )


@api.exception_handler(feed.FeedBusy)
def _busy(request, exc):
    message = _("The change feed is busy; try again in a few seconds.")
    return _errors(request, 503, "busy", message, **{"Retry-After": "5"})


@api.exception_handler(batches.BatchRefused)
def _refused(request, exc):
    return api.create_response(request, {"errors": [e.as_dict() for e in exc.errors]}, status=400)


@api.exception_handler(reads.BadFilters)
def _bad_filters(request, exc):
    return api.create_response(request, {"errors": exc.errors}, status=400)


@api.exception_handler(pages.BadCursor)
def _bad_cursor(request, exc):
    return _errors(request, 400, "invalid", str(exc))


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    """Ninja's type errors, by row for a batch (loc: body, payload, row, field)."""
    errors = []
    for error in exc.errors:
        loc = [part for part in error.get("loc", ()) if part not in ("body", "payload", "query")]
        row = loc[0] if loc and isinstance(loc[0], int) else None
        field = next((part for part in loc if isinstance(part, str)), None)
        errors.append(
            {
                "row": row,
                "field": field,
                "code": error.get("type", "invalid"),
                "message": error.get("msg", ""),
            }
        )
    return api.create_response(request, {"errors": errors}, status=400)


# --- schemas ------------------------------------------------------------------------


class _Row(Schema):
    # Values as SIAKAD has them; numbers are taken as text. Unknown keys are ignored.
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class JurusanIn(_Row):
    kode: str | None = None
    nama: str | None = None


class ProdiIn(_Row):
    kode: str | None = None
    nama: str | None = None
    jurusan: str | None = None
    jenjang: str | None = None
    ikut_magang: bool = True


class MahasiswaIn(_Row):
    nim: str | None = None
    nama: str | None = None
    prodi: str | None = None
    angkatan: str | None = None
    email: str | None = None
    telepon: str | None = None


class Result(Schema):
    created: int
    updated: int
    unchanged: int


# --- batches ------------------------------------------------------------------------


def _batch(request, payload, push, *, with_actor=False):
    if len(payload) > settings.API_BATCH_MAX:
        raise batches.BatchRefused(
            [
                batches.Error(
                    None,
                    None,
                    "too_many",
                    _("A batch may have at most %(max)d rows.") % {"max": settings.API_BATCH_MAX},
                )
            ]
        )
    rows = [row.model_dump(exclude_unset=True) for row in payload]
    klien = request.auth
    # The audit trail names the person who made the client, and the client.
    with (
        set_actor(klien.dibuat_oleh, remote_addr=client_ip(request)),
        audit.noting(api={"klien": klien.nama, "id": klien.pk}),
    ):
        result = push(rows, by=klien.dibuat_oleh) if with_actor else push(rows)
    return result.as_dict()


@api.post("/jurusan", auth=WRITE, response=Result, url_name="jurusan")
def push_jurusan(request, payload: list[JurusanIn]):
    """Upsert departments by `kode`."""
    return _batch(request, payload, batches.push_jurusan)


@api.post("/prodi", auth=WRITE, response=Result, url_name="prodi")
def push_prodi(request, payload: list[ProdiIn]):
    """Upsert study programmes by `kode`; `jurusan` is the department's code."""
    return _batch(request, payload, batches.push_prodi)


@api.post("/mahasiswa", auth=WRITE, response=Result, url_name="mahasiswa")
def push_mahasiswa(request, payload: list[MahasiswaIn]):
    """Upsert students by NIM, checked as the Excel import checks them."""
    return _batch(request, payload, batches.push_students, with_actor=True)


# --- reads --------------------------------------------------------------------------


def _params(request):
    return {k: v for k, v in request.GET.items() if k not in ("cursor", "limit")}


@api.get("/applications", response=dict[str, Any], url_name="applications")
def list_applications(request, cursor: str | None = None, limit: int | None = None):
    """Applications, filtered as the staff list: q, status, jurusan and prodi
    (ids), jalur, perusahaan, dari, sampai."""
    return reads.applications(_params(request), cursor=cursor, limit=limit)


@api.get("/placements", response=dict[str, Any], url_name="placements")
def list_placements(request, cursor: str | None = None, limit: int | None = None):
    """Accepted students with company and period, filtered as the recaps."""
    return reads.placements(_params(request), cursor=cursor, limit=limit)


@api.get("/letters", response=dict[str, Any], url_name="letters")
def list_letters(request, cursor: str | None = None, limit: int | None = None):
    """Letters of a year (tahun, this year by default) and kind (jenis)."""
    return reads.letters(_params(request), cursor=cursor, limit=limit)


@api.get("/changes", response=dict[str, Any], url_name="changes")
def list_changes(request, cursor: str | None = None, limit: int | None = None):
    """Application events after `cursor`, in order; follow `next`."""
    return feed.changes(cursor=cursor, limit=limit)


@api.get("/recaps/pendaftaran", response=dict[str, Any], url_name="recap_pendaftaran")
def recap_pendaftaran(request, cursor: str | None = None, limit: int | None = None):
    """The registration recap (BO.8.4.1.2) with the recap pages' filters."""
    return reads.recap_registrations(_params(request), cursor=cursor, limit=limit)


@api.get("/recaps/penerimaan", response=dict[str, Any], url_name="recap_penerimaan")
def recap_penerimaan(request):
    """The acceptance recap and the placement rates."""
    return reads.recap_acceptances(_params(request))


@api.get("/recaps/belum-magang", response=dict[str, Any], url_name="recap_belum_magang")
def recap_belum_magang(request, cursor: str | None = None, limit: int | None = None):
    """Students not yet placed, with their waiting time in working days."""
    return reads.recap_not_placed(_params(request), cursor=cursor, limit=limit)


@api.get("/recaps/tingkat-penempatan", response=dict[str, Any], url_name="recap_tingkat_penempatan")
def recap_tingkat_penempatan(request):
    """Placement rates per study programme."""
    return reads.recap_placement_rates(_params(request))
