"""Every page, opened by a reader allowed to see it, with every query
parameter the views read set to a NUL byte, a number too large for the
database, and markup: never a 500, and the markup never comes back raw."""

from urllib.parse import parse_qsl

import pytest
from django.conf import settings
from django.test import Client

from tests.support.cast import ROLES
from tests.support.matrix import MATRIX, url_of

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "q",
    "kota",
    "page",
    "komentar",
    "tahun",
    "semester",
    "bulan",
    "dari",
    "sampai",
    "jurusan",
    "prodi",
    "perusahaan",
    "status",
    "jalur",
    "angkatan",
    "sort",
    "tingkat",
    "aspek",
    "lanjutan",
    "jenis",
    "who",
    "per",
    "next",
]
XSS = "<script>xss(1)</script>"
VALUES = ["a\x00b", "9" * 25, XSS + "'\""]
# The reader each page is tried as: the first whose GET answer is "ok".
PREFERRED = ["staf", "mhs_a", "koor_x", "anon"]

# name: reason, for pages that fail today (xfail strict, see the report).
KNOWN_BUGS = {}


def _cases():
    for name, (get, _post) in MATRIX.items():
        answers = dict(zip(ROLES, get.split(), strict=True))
        role = next((r for r in PREFERRED if answers[r] == "ok"), None)
        if role is None:
            continue
        bug = KNOWN_BUGS.get(name)
        marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
        yield pytest.param(name, role, id=name, marks=marks)


@pytest.mark.parametrize(("name", "role"), list(_cases()))
def test_no_query_string_breaks_a_page(world, worker_alive, name, role):
    client = Client(raise_request_exception=False)
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    url, _, query = url_of(name, world).partition("?")
    for value in VALUES:
        # The object a page reads from its query string (surat:issue) stays.
        params = {**dict.fromkeys(PARAMETERS, value), **dict(parse_qsl(query))}
        response = client.get(url, params)
        assert response.status_code < 500, f"GET {url} {value!r} as {role}: 500"
        body = b"" if response.streaming else response.content
        assert XSS.encode() not in body, f"GET {url} echoes markup raw"
