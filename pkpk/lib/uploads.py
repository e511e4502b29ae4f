"""Uploaded files: checked by what they contain, never by their name, and
stored under random names so nobody can guess another person's file."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# The first bytes of each type we accept, and the extension we store it under.
SIGNATURES = {
    "pdf": (b"%PDF-", ".pdf"),
    "jpeg": (b"\xff\xd8\xff", ".jpg"),
    "png": (b"\x89PNG\r\n\x1a\n", ".png"),
}
TYPE_NAMES = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}


def sniff(file):
    """The type of `file` from its first bytes, or None."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for kind, (magic, _ext) in SIGNATURES.items():
        if head.startswith(magic):
            return kind
    return None


@deconstructible
class FileCheck:
    """A form/model validator: one of `kinds`, by content, and not too large."""

    def __init__(self, *kinds, max_bytes=MAX_UPLOAD_BYTES):
        self.kinds = kinds
        self.max_bytes = max_bytes

    def __call__(self, file):
        if file.size > self.max_bytes:
            raise ValidationError(
                _("The file is too large (%(size).1f MB); at most %(max)d MB is allowed.")
                % {"size": file.size / 1024 / 1024, "max": self.max_bytes // 1024 // 1024},
                code="too_large",
            )
        if file.size == 0 or sniff(file) not in self.kinds:
            raise ValidationError(
                _("This file is not a real %(types)s file. Upload a %(types)s document.")
                % {"types": "/".join(TYPE_NAMES[k] for k in self.kinds)},
                code="wrong_type",
            )

    def __eq__(self, other):
        return isinstance(other, FileCheck) and (self.kinds, self.max_bytes) == (
            other.kinds,
            other.max_bytes,
        )


check_pdf = FileCheck("pdf")
check_document = FileCheck("pdf", "jpeg", "png")


@deconstructible
class RandomName:
    """upload_to: `<folder>/<year>/<random>.<ext>`. The name tells nothing about
    the person; the type is sniffed again when the file is served."""

    SAFE_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".xlsx"}

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        ext = PurePath(filename).suffix.lower()
        ext = ext if ext in self.SAFE_EXTENSIONS else ".bin"
        return f"{self.folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and self.folder == other.folder
