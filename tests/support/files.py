"""Small uploads: the smallest PDF and PNG that pass the content checks, and
a program posing as a PDF that must not."""

from django.core.files.uploadedfile import SimpleUploadedFile

# The smallest files that pass the content checks, and one that must not.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48


def pdf(name="dokumen.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name="balasan.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def exe_posing_as_pdf(name="cv.pdf"):
    return SimpleUploadedFile(name, EXE_BYTES, content_type="application/pdf")
