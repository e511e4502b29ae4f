"""Who may open what: every URL of the project, as every reader, by GET and
(where the view changes something) by an empty POST.

The table below has one row per URL name and one column per reader; a new
URL without a row fails `test_every_url_is_in_the_matrix`. Answers are
classed, not compared by status alone:

    ok      the view ran for this reader: 200, 400 (a refused form), or a
            redirect anywhere but the sign-in page
    login   302 to the sign-in page (ours or the admin's)
    401     no valid API token (the SIAKAD API reads no session)
    403     refused for the role (pkpk.roles.role_required)
    404     outside the reader's scope (the selectors' convention), or a
            page whose docstring chose 404 for everyone but its owner
    405     wrong method: after the role check where the view has one
            (role_required wraps require_POST), before any scope check

An empty POST carries no data: a reader who may not use the view must be
refused before any validation, and a reader who may gets a form error or a
flashed message, never a 500. Every test runs in a savepoint, so a POST that
did change something is rolled back."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.support.cast import ROLES
from tests.support.matrix import (
    ADMIN_NAMESPACE,
    API_DOCS,
    API_MATRIX,
    API_TOKENS,
    KNOWN_BUGS,
    MATRIX,
    url_of,
)

pytestmark = pytest.mark.django_db


def url_names():
    """Every named URL of the project, `namespace:name`; the whole admin as
    one `admin` entry (static and media are not routed here at all)."""
    names = set()

    def walk(resolver, namespaces):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == ADMIN_NAMESPACE:
                    names.add(ADMIN_NAMESPACE)
                    continue
                walk(entry, namespaces + ([entry.namespace] if entry.namespace else []))
            elif isinstance(entry, URLPattern):
                names.add(":".join([*namespaces, entry.name or f"<unnamed {entry.pattern}>"]))

    walk(get_resolver(), [])
    return names


def matrix_names():
    return {ADMIN_NAMESPACE if n.startswith("admin:") else n for n in MATRIX}


def test_every_url_is_in_the_matrix():
    missing = sorted(url_names() - matrix_names())
    assert not missing, (
        "URL patterns without a row in tests/security/test_authorization_matrix.py "
        f"MATRIX (add who may open them): {', '.join(missing)}"
    )


def test_the_matrix_names_no_url_that_is_gone():
    gone = sorted(matrix_names() - url_names())
    assert not gone, f"MATRIX rows for URL names that no longer exist: {', '.join(gone)}"


def test_every_row_has_a_class_per_reader():
    for name, (get, post) in MATRIX.items():
        for expected in (get, post):
            if expected is not None:
                assert len(expected.split()) == len(ROLES), name


def _cases():
    for name, (get, post) in MATRIX.items():
        for method, expected in (("GET", get), ("POST", post)):
            if expected is None:
                continue
            for role, outcome in zip(ROLES, expected.split(), strict=True):
                bug = KNOWN_BUGS.get((name, method, role))
                marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
                yield pytest.param(
                    name, method, role, outcome, id=f"{name}-{method}-{role}", marks=marks
                )


CASES = list(_cases())


def outcome_of(response):
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        return "login" if path in {reverse("login"), reverse("admin:login")} else "ok"
    if status in (200, 400):
        return "ok"
    if status in (401, 403, 404, 405):
        return str(status)
    return f"HTTP {status}"


@pytest.mark.parametrize(("name", "method", "role", "expected"), CASES)
def test_reader_gets_the_expected_answer(world, worker_alive, name, method, role, expected):
    client = Client(raise_request_exception=False)
    if role in world.sessions:  # signed in once per module (force_login is slow)
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    url = url_of(name, world)
    response = client.get(url) if method == "GET" else client.post(url, {})
    assert outcome_of(response) == expected, (
        f"{method} {url} as {role}: {response.status_code} {response.get('Location', '')}".rstrip()
    )


# --- the SIAKAD API, by token ------------------------------------------------------


def test_every_api_url_has_a_token_row():
    api = {name for name in url_names() if name.startswith("siakad:")}
    assert api - API_DOCS == set(API_MATRIX), "siakad URLs without a row in API_MATRIX"


def _api_cases():
    for name, (method, expected) in API_MATRIX.items():
        for token, outcome in zip(API_TOKENS, expected.split(), strict=True):
            yield pytest.param(name, method, token, outcome, id=f"{name}-{method}-{token}")


@pytest.fixture
def api_tokens(world):
    from siakad import tokens
    from siakad.models import KlienApi

    made = {}
    for nama, cakupan in [("read", "read"), ("write", "write"), ("revoked", "write")]:
        made[nama] = tokens.create_client(nama=nama, cakupan=cakupan, by=world.staff)[1]
    tokens.revoke(KlienApi.objects.filter(nama="revoked"))
    made["wrong"] = made["write"][:-6] + "xxxxxx"
    made["none"] = None
    return made


@pytest.mark.parametrize(("name", "method", "token", "expected"), list(_api_cases()))
def test_api_client_gets_the_expected_answer(world, api_tokens, name, method, token, expected):
    client = Client(raise_request_exception=False)
    raw = api_tokens[token]
    headers = {"Authorization": f"Bearer {raw}"} if raw else {}
    url = reverse(name)
    if method == "GET":
        response = client.get(url, headers=headers)
    else:  # an empty batch: the scope is checked, nothing is written
        response = client.post(url, "[]", content_type="application/json", headers=headers)
    assert outcome_of(response) == expected, f"{method} {url} with {token}: {response.status_code}"


# --- what a page shows, not only whether it opens ------------------------------

RECAP_PAGES = ["rekap:recap_pendaftaran", "rekap:recap_penerimaan", "rekap:recap_belum_magang"]


def _filters(world):
    """No filter, and another programme's ids typed into the query string."""
    return ["", f"?prodi={world.prodi_x.pk}", f"?jurusan={world.jurusan.pk}"]


def _signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _workbook_text(content):
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def test_coordinator_x_sees_student_a_in_the_recaps(world):
    """The control for the test below: the rows are there to be hidden."""
    client = _signed_in(world.coordinator_x.user)
    for name in ["rekap:recap_pendaftaran", "rekap:recap_belum_magang"]:
        assert world.student_a.nim in client.get(reverse(name)).content.decode(), name
    download = client.get(reverse("rekap:recap_download", kwargs={"jenis": "pendaftaran"}))
    assert world.student_a.nim in _workbook_text(download.content)


@pytest.mark.parametrize("name", RECAP_PAGES)
def test_coordinator_y_never_reads_prodi_x_rows(world, name):
    client = _signed_in(world.coordinator_y.user)
    for query in _filters(world):
        response = client.get(reverse(name) + query)
        assert response.status_code in (200, 400), query
        page = response.content.decode()
        assert world.student_a.nim not in page and world.student_a.nama not in page, query


@pytest.mark.parametrize("jenis", ["pendaftaran", "penerimaan", "belum-magang"])
def test_coordinator_y_never_downloads_prodi_x_rows(world, jenis):
    client = _signed_in(world.coordinator_y.user)
    for query in _filters(world):
        url = reverse("rekap:recap_download", kwargs={"jenis": jenis}) + query
        response = client.get(url)
        if response.status_code == 400:  # another programme's id is a form error
            continue
        assert response.status_code == 200, query
        text = _workbook_text(response.content)
        assert world.student_a.nim not in text and world.student_a.nama not in text, query


def test_coordinator_y_does_not_find_student_a(world):
    client = _signed_in(world.coordinator_y.user)
    nim, nama = world.student_a.nim, world.student_a.nama
    # The search box shows the query again: look for the other half.
    for q, hidden in [(nim, [nama]), (nama, [nim]), (nim[:4], [nim, nama])]:
        page = client.get(reverse("pkpk:coordinator_home"), {"q": q}).content.decode()
        assert not any(text in page for text in hidden), q


def test_coordinator_y_does_not_list_coordinator_x_issued_recaps(world):
    page = _signed_in(world.coordinator_y.user).get(reverse("rekap:recap_issued"))
    assert world.arsip.nama_berkas not in page.content.decode()
    page = _signed_in(world.coordinator_x.user).get(reverse("rekap:recap_issued"))
    assert world.arsip.nama_berkas in page.content.decode()


def test_student_b_does_not_see_student_a_anywhere_of_theirs(world):
    client = _signed_in(world.student_b.user)
    for name in ["pkpk:student_home", "magang:my_applications", "surat:my_requests"]:
        page = client.get(reverse(name)).content.decode()
        assert world.student_a.nim not in page and world.student_a.nama not in page, name


def test_the_public_verification_page_masks_the_nim(world):
    page = Client().get(reverse("verify", args=[world.letter_a.token])).content.decode()
    assert world.letter_a.nomor in page
    assert world.student_a.nim not in page
