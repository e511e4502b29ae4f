"""Pushing departments, programmes and students in batches: the import's
checks, all or nothing, row errors by row, idempotent, audited."""

import pytest
from auditlog.models import LogEntry

from magang.models import Pendaftaran
from pkpk.models import Jurusan, Mahasiswa, ProgramStudi, User
from tests.support.siakad_client import students

pytestmark = pytest.mark.django_db


def test_students_are_created_then_a_second_push_changes_nothing(api, prodi_x, prodi_y, staff):
    rows = students(30, prodi=["IF", "AK"])
    first = api.post("/mahasiswa", rows)
    assert first.status_code == 200, first.content
    assert first.json() == {"created": 30, "updated": 0, "unchanged": 0}
    ani = Mahasiswa.objects.select_related("user").get(nim=rows[0]["nim"])
    assert ani.prodi == prodi_x and ani.user.email == rows[0]["email"] and ani.angkatan == 2024
    entries = LogEntry.objects.count()
    again = api.post("/mahasiswa", rows)
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 30}
    assert LogEntry.objects.count() == entries  # nothing written, nothing audited


def test_a_changed_student_is_updated_and_audited_as_the_client(api, prodi_x, prodi_y, staff):
    rows = students(3, prodi=["IF"])
    api.post("/mahasiswa", rows)
    rows[1] = {**rows[1], "nama": "Nama Baru", "prodi": "AK"}
    response = api.post("/mahasiswa", rows)
    assert response.json() == {"created": 0, "updated": 1, "unchanged": 2}
    moved = Mahasiswa.objects.select_related("user").get(nim=rows[1]["nim"])
    assert moved.prodi == prodi_y and moved.user.nama == "Nama Baru"
    entry = LogEntry.objects.filter(object_repr__startswith=rows[1]["nim"]).latest("pk")
    assert entry.actor == staff  # who made the client
    assert entry.additional_data["api"]["klien"] == "SIAKAD"


def test_one_bad_row_writes_nothing_and_is_named(api, prodi_x):
    rows = students(5, prodi=["IF"])
    rows[3] = {**rows[3], "nim": "33A", "email": "not-an-address"}
    response = api.post("/mahasiswa", rows)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {(e["row"], e["field"], e["code"]) for e in errors} == {
        (3, "nim", "invalid"),
        (3, "email", "invalid"),
    }
    # The import's own Indonesian messages.
    assert errors[0]["message"] == "NIM harus 7 sampai 12 angka, tanpa huruf atau spasi."
    assert not Mahasiswa.objects.exists() and not User.objects.filter(username__startswith="335")


def test_duplicates_and_unknown_codes_name_their_rows(api, prodi_x):
    rows = students(3, prodi=["IF"])
    rows[2] = {**rows[2], "nim": rows[0]["nim"], "prodi": "ZZ"}
    errors = api.post("/mahasiswa", rows).json()["errors"]
    assert {(e["row"], e["field"], e["code"]) for e in errors} == {
        (0, "nim", "duplicate"),
        (2, "nim", "duplicate"),
        (2, "prodi", "unknown"),
    }


def test_missing_fields_and_wrong_types_are_row_errors(api, prodi_x):
    errors = api.post("/mahasiswa", [{"nim": "3312509999"}]).json()["errors"]
    assert {e["field"] for e in errors} == {"nama", "prodi", "angkatan", "email"}
    assert {e["code"] for e in errors} == {"required", "out_of_range"}
    response = api.post("/mahasiswa", [{"nim": ["x"]}])
    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] == 0
    assert api.post("/mahasiswa", {"not": "a list"}).status_code == 400


def test_a_batch_has_a_maximum(settings, api, prodi_x):
    settings.API_BATCH_MAX = 10
    response = api.post("/mahasiswa", students(11, prodi=["IF"]))
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "too_many"


def test_a_held_student_does_not_change_prodi(api, student_a, pendaftaran_a, prodi_y):
    row = {
        "nim": student_a.nim,
        "nama": student_a.user.nama,
        "prodi": "AK",
        "angkatan": student_a.angkatan,
        "email": student_a.user.email,
    }
    response = api.post("/mahasiswa", [row])
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "held"
    student_a.refresh_from_db()
    assert student_a.prodi.kode == "IF"
    assert Pendaftaran.objects.filter(mahasiswa=student_a).exists()


def test_departments_and_programmes_are_upserted_by_code(api, staff):
    jurusan = [{"kode": "TE", "nama": "Teknik Elektro"}, {"kode": "MB", "nama": "Manajemen"}]
    assert api.post("/jurusan", jurusan).json() == {"created": 2, "updated": 0, "unchanged": 0}
    jurusan[1]["nama"] = "Manajemen Bisnis"
    assert api.post("/jurusan", jurusan).json() == {"created": 0, "updated": 1, "unchanged": 1}
    assert Jurusan.objects.get(kode="MB").nama == "Manajemen Bisnis"
    prodi = [
        {"kode": "EL", "nama": "Teknik Elektronika", "jurusan": "TE", "jenjang": "D3"},
        {"kode": "AB", "nama": "Administrasi Bisnis", "jurusan": "MB", "jenjang": "D4"},
    ]
    assert api.post("/prodi", prodi).json() == {"created": 2, "updated": 0, "unchanged": 0}
    entries = LogEntry.objects.count()
    assert api.post("/prodi", prodi).json() == {"created": 0, "updated": 0, "unchanged": 2}
    assert LogEntry.objects.count() == entries
    created = LogEntry.objects.filter(object_repr__contains="Elektronika").get()
    assert created.actor == staff and created.additional_data["api"]["klien"] == "SIAKAD"


def test_a_bad_programme_row_writes_nothing(api, jurusan):
    prodi = [
        {"kode": "EL", "nama": "Teknik Elektronika", "jurusan": "TI", "jenjang": "D3"},
        {"kode": "XX", "nama": "", "jurusan": "NOPE", "jenjang": "S9"},
        {"kode": "el", "nama": "Lagi", "jurusan": "TI", "jenjang": "D3"},
    ]
    response = api.post("/prodi", prodi)
    assert response.status_code == 400
    found = {(e["row"], e["field"], e["code"]) for e in response.json()["errors"]}
    assert found == {
        (0, "kode", "duplicate"),
        (1, "nama", "blank"),
        (1, "jenjang", "invalid_choice"),
        (1, "jurusan", "unknown"),
        (2, "kode", "duplicate"),
    }
    assert not ProgramStudi.objects.filter(kode__in=["EL", "XX"]).exists()
