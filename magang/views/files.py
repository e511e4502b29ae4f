"""Uploaded files of an application, served behind the application's own
scope: whoever may read the application may fetch its files, nobody else.
The type is sniffed again and the file always downloads, never renders."""

from django.http import Http404

from pkpk import roles
from pkpk.lib.downloads import serve_upload

from .. import selectors

APPLICATION_FILES = {"cv", "transkrip"}


@roles.role_required(*roles.ALL)
def application_file(request, pk, kind):
    if kind not in APPLICATION_FILES:
        raise Http404
    pendaftaran = selectors.application_for_user(request.user, pk)
    # The name is built from trusted values only: the NIM is digits.
    stem = f"{kind}-{pendaftaran.mahasiswa.nim}-{pendaftaran.pk}"
    return serve_upload(getattr(pendaftaran, kind), stem=stem)


@roles.role_required(*roles.ALL)
def reply_file(request, pk):
    balasan = selectors.reply_for_user(request.user, pk)
    stem = f"balasan-{balasan.pendaftaran.mahasiswa.nim}-{balasan.pendaftaran_id}-{balasan.pk}"
    return serve_upload(balasan.berkas, stem=stem)
