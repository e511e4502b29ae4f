"""The SIAKAD-like client (tests/support/siakad_client.py) against a live
server, small: what bench/bench_siakad.py does with 10,000 students."""

import pytest

from magang.models import Peristiwa
from pkpk.models import Mahasiswa
from siakad import tokens
from tests.factories import UserFactory
from tests.support.applications import submit
from tests.support.siakad_client import Client, students

pytestmark = pytest.mark.django_db(transaction=True)


def test_siakad_pushes_students_then_follows_the_feed(live_server):
    from pkpk import roles

    staff = UserFactory(group=roles.STAF)
    token = tokens.create_client(nama="SIAKAD", cakupan="write", by=staff)[1]
    siakad = Client(live_server.url, token)

    jurusan = [{"kode": "TI", "nama": "Teknik Informatika"}]
    prodi = [
        {"kode": "IF", "nama": "Teknik Informatika", "jurusan": "TI", "jenjang": "D3"},
        {"kode": "RPL", "nama": "Rekayasa Perangkat Lunak", "jurusan": "TI", "jenjang": "D4"},
    ]
    assert siakad.push("/jurusan", jurusan)[0]["created"] == 1
    assert siakad.push("/prodi", prodi)[0]["created"] == 2

    rows = students(300, prodi=["IF", "RPL"])
    totals, _seconds = siakad.push("/mahasiswa", rows, batch=100)
    assert totals == {"created": 300, "updated": 0, "unchanged": 0}
    again, _seconds = siakad.push("/mahasiswa", rows, batch=100)
    assert again == {"created": 0, "updated": 0, "unchanged": 300}

    bad = students(100, prodi=["IF"], first_nim=3360000000)
    bad[42]["prodi"] = "NOPE"
    refused = siakad.post("/mahasiswa", bad)
    assert refused.status_code == 400
    assert [(e["row"], e["field"]) for e in refused.json()["errors"]] == [(42, "prodi")]
    assert Mahasiswa.objects.count() == 300

    events, cursor = siakad.read_feed()
    assert events == []
    student = Mahasiswa.objects.get(nim=rows[0]["nim"])
    submit(student)
    events, cursor = siakad.read_feed(cursor, limit=1)
    assert [e["nim"] for e in events] == [student.nim]
    assert len(events) == Peristiwa.objects.count()
    assert siakad.read_feed(cursor) == ([], cursor)
