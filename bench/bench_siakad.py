"""The SIAKAD API at scale: a SIAKAD-like client pushes 10,000 students in
batches of 1,000 over HTTP (gunicorn, 2 workers), against the Excel import
of the same number of rows in the same run (upload check + import, as the
staff pages do them, in-process: no HTTP at all, so the ratio is the API's
whole cost); then pushes the same students again (nothing may change),
pushes a batch with one bad row (400 naming it, nothing written), and reads
the change feed to the end (10,000 application events).

Usage: .venv/bin/python bench/bench_siakad.py   (after `make db`)"""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from harness import ROOT, bench_env, figure, fresh_database, gunicorn, psql  # noqa: E402

sys.path.insert(0, str(ROOT))

DATABASE = "pkpk_bench_siakad"
ENV = {**bench_env(DATABASE), "API_RATE_LIMIT": "100000/min"}
os.environ.update(ENV)

import django  # noqa: E402

STUDENTS = 10_000
BATCH = 1_000
PRODI = [f"P{n}" for n in range(1, 21)]

# One event per student, each on an application of their own.
EVENTS_SQL = """
INSERT INTO pkpk_perusahaan (nama, nama_normal, alamat, kota, kota_normal, sektor, kontak_nama,
    kontak_jabatan, email, telepon, dibuat)
VALUES ('PT Mitra', 'mitra', '', 'Batam', 'batam', '', 'HRD', '', '', '', now());
INSERT INTO magang_pendaftaran (mahasiswa_id, perusahaan_id, jalur, posisi, mulai, selesai,
    kontak_nama, kontak_jabatan, kontak_email, kontak_telepon, cv, transkrip, status, dibuat,
    diajukan_pada, batas_jawaban, dijawab_pada, alasan, penempatan)
SELECT m.id, (SELECT min(id) FROM pkpk_perusahaan), 'mandiri', 'Teknisi', date '2027-02-01',
    date '2027-05-31', 'HRD', '', '', '', '', '', 'ditolak', now(), now(), now(), now(), '', ''
FROM pkpk_mahasiswa m;
INSERT INTO magang_peristiwa (pendaftaran_id, mahasiswa_id, jenis, dari, ke, waktu, catatan)
SELECT id, mahasiswa_id, 'ditolak', 'diajukan', 'ditolak', now(), '' FROM magang_pendaftaran;
"""


def workbook(rows):
    """The same rows as a staff member's workbook, with our headers."""
    from openpyxl import Workbook

    from pkpk.student_import.rows import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Mahasiswa")
    names = list(COLUMNS)
    sheet.append([COLUMNS[name][0] for name in names])
    for row in rows:
        sheet.append([row[name] for name in names])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "mahasiswa.xlsx"
    return out


def excel_import(rows, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pkpk import student_import

    data = workbook(rows).getvalue()
    start = time.perf_counter()
    upload = SimpleUploadedFile(
        "mahasiswa.xlsx", data, content_type=student_import.XLSX_CONTENT_TYPE
    )
    impor = student_import.upload(file=upload, by=staff)
    counts = student_import.apply_import(
        impor=impor, rows=student_import.read_stored(impor=impor), by=staff
    )
    elapsed = time.perf_counter() - start
    assert counts.baru == len(rows), counts
    return elapsed


def main():
    from tests.support.siakad_client import Client, students

    fresh_database(DATABASE)
    django.setup()
    from django.contrib.auth.models import Group
    from django.db import connection

    from pkpk import roles
    from pkpk.models import Mahasiswa, User
    from siakad import tokens

    staff = User.objects.create_user(username="staf@bench", nama="Staf", email="staf@bench")
    staff.groups.add(Group.objects.get_or_create(name=roles.STAF)[0])
    token = tokens.create_client(nama="SIAKAD", cakupan="write", by=staff)[1]

    with gunicorn("pkpk.wsgi", env=ENV, options=["--timeout", "300"]) as port:
        siakad = Client(f"http://127.0.0.1:{port}", token)
        siakad.push("/jurusan", [{"kode": "TI", "nama": "Teknik Informatika"}])
        siakad.push(
            "/prodi",
            [{"kode": p, "nama": f"Prodi {p}", "jurusan": "TI", "jenjang": "D3"} for p in PRODI],
        )
        # Warm both workers up on a small batch of other students.
        siakad.push("/mahasiswa", students(20, prodi=PRODI, first_nim=3390000000), batch=10)

        rows = students(STUDENTS, prodi=PRODI, first_nim=3350000000)
        excel_rows = students(STUDENTS, prodi=PRODI, first_nim=3370000000)
        excel_seconds = excel_import(excel_rows, staff)
        totals, api_seconds = siakad.push("/mahasiswa", rows, batch=BATCH)
        assert totals == {"created": STUDENTS, "updated": 0, "unchanged": 0}, totals
        print(f"Excel import of {STUDENTS:,} students (check + import): {excel_seconds:6.2f} s")
        print(
            f"API push of {STUDENTS:,} students, batches of {BATCH:,}:     {api_seconds:6.2f} s"
            f"   ratio {api_seconds / excel_seconds:4.2f}x the Excel import"
        )

        # The issue asks for the API's throughput against the import's: no target.
        figure(
            f"API push of {STUDENTS:,} students (bare: the Excel import)",
            api_seconds,
            excel_seconds,
            unit="s",
        )

        again, again_seconds = siakad.push("/mahasiswa", rows, batch=BATCH)
        assert again == {"created": 0, "updated": 0, "unchanged": STUDENTS}, again
        print(f"second push, nothing to change:           {again_seconds:6.2f} s   {again}")

        before = Mahasiswa.objects.count()
        bad = students(BATCH, prodi=PRODI, first_nim=3380000000)
        bad[617]["email"] = "not-an-address"
        refused = siakad.post("/mahasiswa", bad)
        errors = refused.json()["errors"]
        assert refused.status_code == 400 and [e["row"] for e in errors] == [617], errors
        assert Mahasiswa.objects.count() == before
        print(f"a batch with row 617 wrong: {refused.status_code}, {errors[0]['message']!r}")

        connection.close()
        psql(EVENTS_SQL, db=DATABASE)
        start = time.perf_counter()
        events, _cursor = siakad.read_feed(limit=1000)
        feed_seconds = time.perf_counter() - start
        print(
            f"change feed: {len(events):,} events in pages of 1,000: {feed_seconds:6.2f} s"
            f"   ({len(events) / feed_seconds:,.0f} events/s)"
        )
    connection.close()
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, **ENV},
        check=True,
    )
    main()
