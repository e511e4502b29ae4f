"""Every file the system hands out goes through here: always as a download
(never rendered in the browser, under a name built from trusted values),
never sniffed by the browser, and a 404 when a stored file is gone."""

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from .uploads import SIGNATURES, sniff

UPLOAD_CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """Bytes made for this request (a PDF, a workbook) as a download."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve_file(field, *, filename: str, content_type: str) -> FileResponse:
    """A file we wrote ourselves and stored (a letter's PDF, an issued
    workbook) as a download; 404 when the field is empty or the file gone."""
    return _serve(_open(field), filename, content_type)


def serve_upload(field, *, stem: str) -> FileResponse:
    """A file someone uploaded, as a download: its type sniffed again from its
    first bytes and its extension taken from that type, whatever its stored
    name says (.bin and a generic type for anything unknown)."""
    handle = _open(field)
    kind = sniff(handle)
    extension = SIGNATURES[kind][1] if kind else ".bin"
    content_type = UPLOAD_CONTENT_TYPES.get(kind, "application/octet-stream")
    return _serve(handle, f"{stem}{extension}", content_type)


def _open(field):
    if not field:
        raise Http404
    try:
        return field.open("rb")
    except FileNotFoundError:
        raise Http404 from None


def _serve(handle, filename, content_type):
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
