"""Uploaded files of an application, served behind the application's own
scope: whoever may read the application may fetch its files, nobody else.
The type is sniffed again and the file always downloads, never renders."""

from django.http import FileResponse, Http404

from pkpk import roles
from pkpk.lib.uploads import SIGNATURES, sniff

from .. import selectors

CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
APPLICATION_FILES = {"cv", "transkrip"}


def _serve(field, stem):
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = sniff(handle)
    extension = SIGNATURES[kind][1] if kind else ".bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{stem}{extension}",
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@roles.role_required(*roles.ALL)
def application_file(request, pk, kind):
    if kind not in APPLICATION_FILES:
        raise Http404
    pendaftaran = selectors.application_for_user(request.user, pk)
    # The name is built from trusted values only: the NIM is digits.
    stem = f"{kind}-{pendaftaran.mahasiswa.nim}-{pendaftaran.pk}"
    return _serve(getattr(pendaftaran, kind), stem)


@roles.role_required(*roles.ALL)
def reply_file(request, pk):
    balasan = selectors.reply_for_user(request.user, pk)
    stem = f"balasan-{balasan.pendaftaran.mahasiswa.nim}-{balasan.pendaftaran_id}-{balasan.pk}"
    return _serve(balasan.berkas, stem)
