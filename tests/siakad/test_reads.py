"""Reading applications, placements, letters and the change feed: the
pages' filters, keyset cursors with a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from magang.models import Peristiwa
from tests.factories import MahasiswaFactory, PerusahaanFactory
from tests.support.recaps import YEAR, application, letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(prodi_x, prodi_y):
    """12 applications: 8 of prodi X (half accepted), 4 of prodi Y."""
    company = PerusahaanFactory(nama="PT Mitra Batam")
    made = []
    for n in range(12):
        prodi = prodi_x if n < 8 else prodi_y
        student = MahasiswaFactory(prodi=prodi)
        status = "diterima" if n % 2 == 0 else "ditolak"
        made.append(application(student, company, status, "2024-09-02", "2024-09-03", "2024-10-01"))
    return made


def _all_pages(api, path, limit, **params):
    items, cursor, calls = [], None, 0
    while True:
        body = api.get(path, limit=limit, **({"cursor": cursor} if cursor else {}), **params)
        assert body.status_code == 200, body.content
        page = body.json()
        items += page["items"]
        calls += 1
        cursor = page["next"]
        if cursor is None:
            return items, calls


def test_applications_are_read_page_by_page_in_id_order(api, many):
    items, calls = _all_pages(api, "/applications", 5)
    assert [i["id"] for i in items] == sorted(a.pk for a in many)
    assert calls == 3
    assert items[0]["mahasiswa"]["prodi"] == "IF" and items[0]["perusahaan"]["nama"]


def test_applications_take_the_staff_lists_filters(api, many, prodi_y):
    items, _calls = _all_pages(api, "/applications", 100, prodi=prodi_y.pk, status="diterima")
    assert {i["id"] for i in items} == {a.pk for a in many[8:] if a.status == "diterima"}
    bad = api.get("/applications", status="nope")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "status"


def test_a_page_costs_the_same_queries_however_many_rows(api, many):
    def queries(limit):
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/applications", limit=limit).status_code == 200
        return len(captured)

    queries(1)  # the client's first call also notes when it was last used
    assert queries(2) == queries(12)


def test_a_bad_cursor_is_400(api):
    response = api.get("/applications", cursor="not-ours")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "invalid"
    assert api.get("/applications", limit=0).status_code == 400


def test_placements_are_the_accepted_students_with_company_and_period(api, many):
    items, _calls = _all_pages(api, "/placements", 100, tahun=YEAR)
    assert {i["id"] for i in items} == {a.pk for a in many if a.status == "diterima"}
    assert items[0]["mulai"] == "2025-02-01" and items[0]["perusahaan"]["nama"] == "PT Mitra Batam"


def test_letters_of_a_year_with_their_students(api, many):
    first, second = letter(many[0]), letter(many[1])
    items, _calls = _all_pages(api, "/letters", 1, tahun=2024)
    assert [i["id"] for i in items] == [first.pk, second.pk]
    assert items[0]["mahasiswa"][0]["pendaftaran"] == many[0].pk
    assert api.get("/letters", tahun=1800).status_code == 400


def test_the_change_feed_reads_events_after_a_cursor(api, pendaftaran_a, student_b, lowongan_y):
    from tests.support.applications import submit

    events, cursor = [], None
    page = api.get("/changes").json()
    assert [e["id"] for e in page["items"]] == list(
        Peristiwa.objects.order_by("pk").values_list("pk", flat=True)
    )
    cursor = page["next"]
    assert api.get("/changes", cursor=cursor).json() == {"items": [], "next": cursor, "more": False}
    submit(student_b, lowongan=lowongan_y)
    events = api.get("/changes", cursor=cursor).json()["items"]
    assert [(e["nim"], e["jenis"]) for e in events] == [(student_b.nim, "diajukan")]


def test_the_feed_never_reads_past_an_event_not_yet_committed(api, pendaftaran_a):
    """A writer holding an uncommitted event makes the feed wait for it
    (SHARE lock), never skip it: here the lock cannot be had at once."""
    import threading

    import psycopg

    params = connection.get_connection_params()
    dsn = {k: v for k, v in params.items() if k in ("dbname", "user", "host", "port", "password")}
    # The test's own transaction holds its writes: a second connection
    # writing to the event table is what the lock must wait for.
    with psycopg.connect(**dsn, autocommit=False) as other:
        other.execute("LOCK TABLE magang_peristiwa IN ROW EXCLUSIVE MODE")
        done = threading.Event()

        def release():
            done.wait(0.5)
            other.rollback()

        thread = threading.Thread(target=release)
        thread.start()
        import time

        start = time.perf_counter()
        assert api.get("/changes").status_code == 200
        waited = time.perf_counter() - start
        thread.join()
    assert waited >= 0.4


def test_the_feed_says_come_back_when_a_writer_holds_the_table_too_long(api, monkeypatch):
    import psycopg

    from siakad import feed

    monkeypatch.setattr(feed, "LOCK_WAIT", "100ms")
    params = connection.get_connection_params()
    dsn = {k: v for k, v in params.items() if k in ("dbname", "user", "host", "port", "password")}
    with psycopg.connect(**dsn, autocommit=False) as other:
        other.execute("LOCK TABLE magang_peristiwa IN ROW EXCLUSIVE MODE")
        response = api.get("/changes")
        other.rollback()
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert api.get("/changes").status_code == 200  # the request's connection is usable again
