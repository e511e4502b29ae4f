"""PDFs from Django templates with WeasyPrint, fetching nothing but the
project's own static files and inline `data:` URLs.

WeasyPrint's default fetcher opens any URL a document names: `file:///etc/passwd`
in an `<a rel="attachment">` would be embedded in the PDF, and an `<img>` pointing
at an internal address would make a real request. Every URL here goes through
`StaticOnlyFetcher`, which refuses everything but static files and `data:`.
"""

import mimetypes
import posixpath
from base64 import b64encode
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils._os import safe_join
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from .downloads import attachment

# Documents are rendered against this made-up origin, so `{% static %}` URLs
# ("/static/css/x.css") become absolute URLs the fetcher recognises. The
# `.invalid` top-level domain never resolves: nothing can leak out through it.
BASE_URL = "https://pdf.pkpk.invalid/"

MAX_DATA_URL_BYTES = 5 * 1024 * 1024


class RefusedURL(ValueError):
    """A document asked for something it may not load."""


class StaticOnlyFetcher(URLFetcher):
    """Serves `data:` URLs and files under STATIC_URL found by the static
    finders (or in STATIC_ROOT); refuses every other URL."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            if len(url) > MAX_DATA_URL_BYTES * 4 // 3 + 100:
                raise RefusedURL("data: URL too large")
            return super().fetch(url, headers)
        path = static_path(url)
        if path is None:
            raise RefusedURL(f"PDF documents may not load {url[:200]!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def static_path(url):
    """The file behind `url` if it is one of our static files, else None."""
    parts = urlsplit(url)
    origin = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc) or parts.query:
        return None
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if settings.STATIC_URL.startswith(("http://", "https://")):
        prefix = urlsplit(settings.STATIC_URL).path
    if not parts.path.startswith(prefix):
        return None
    relative = unquote(parts.path[len(prefix) :])
    if (
        not relative
        or "\\" in relative
        or "\x00" in relative
        or relative.startswith("/")
        or ".." in relative.split("/")
        or posixpath.normpath(relative) != relative
    ):
        return None
    found = finders.find(relative)
    if found is None and settings.STATIC_ROOT:
        try:
            found = safe_join(settings.STATIC_ROOT, relative)
        except Exception:  # noqa: BLE001 - safe_join refuses paths outside the root
            return None
    if not found or not Path(found).is_file():
        return None
    return Path(found)


def render_pdf(template_name, context) -> bytes:
    """Render `template_name` (autoescaped Django template) to PDF bytes."""
    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()


def image_data_uri(field_file, *, max_bytes=1024 * 1024):
    """A stored PNG or JPEG (say the institution's logo) as a `data:` URL the
    fetcher accepts, or "" when there is none or it is not a real image."""
    if not field_file:
        return ""
    try:
        with field_file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return ""
    if len(data) > max_bytes:
        return ""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "image/png"
    elif data.startswith(b"\xff\xd8\xff"):
        kind = "image/jpeg"
    else:
        return ""
    return f"data:{kind};base64,{b64encode(data).decode('ascii')}"


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """Send PDF bytes as a download named `filename`."""
    return attachment(content, filename, "application/pdf")
