"""Issuing letters: one letter's issue (number + render + store) against a
bare WeasyPrint render of the same HTML, then 100 of each, then a batch of
100 student requests issued by the worker's code path (request, clocks,
notifications, number, render, store) against 100 bare renders.

Usage: .venv/bin/python bench/bench_letters.py   (after `make db`)

It builds a separate database `pkpk_bench_surat` on this checkout's server
with 203 submitted applications, stores the PDFs in a temporary directory,
and prints both ratios (target: issue <= 1.5x the bare render)."""

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(HERE))
from harness import bench_env, figure, fresh_database, psql  # noqa: E402

DATABASE = "pkpk_bench_surat"
os.environ.update(bench_env(DATABASE))

import django  # noqa: E402

LETTERS = 100


def applications(n):
    import datetime as dt

    from django.contrib.auth.models import Group

    from magang.services import submit_application
    from pkpk import roles
    from pkpk.models import Jurusan, Mahasiswa, Perusahaan, ProgramStudi, User

    jurusan = Jurusan.objects.create(kode="TI", nama="Teknik Informatika")
    prodi = ProgramStudi.objects.create(
        jurusan=jurusan, kode="IF", nama="Teknik Informatika", jenjang="D3"
    )
    perusahaan = Perusahaan.objects.create(
        nama="PT Batam Presisi Elektronika", alamat="Jl. Uji No. 1", kota="Batam"
    )
    staff = User.objects.create_user(username="staf@bench.test", nama="Staf", password=None)
    staff.groups.add(Group.objects.get(name=roles.STAF))
    found = []
    for i in range(n):
        user = User.objects.create_user(
            username=f"33125{i:05d}", nama=f"Mahasiswa Bench {i}", password=None
        )
        student = Mahasiswa.objects.create(
            user=user, nim=f"33125{i:05d}", prodi=prodi, angkatan=2025
        )
        found.append(
            submit_application(
                mahasiswa=student,
                by=user,
                perusahaan=perusahaan,
                posisi="Teknisi",
                mulai=dt.date(2027, 2, 1),
                selesai=dt.date(2027, 5, 31),
                kontak_nama="Ibu Ratna",
            )
        )
    return staff, found


def main():
    fresh_database(DATABASE)
    django.setup()
    import logging

    logging.getLogger("surat").setLevel(logging.WARNING)
    from django.conf import settings
    from weasyprint import HTML

    from pkpk.lib.pdf import BASE_URL, StaticOnlyFetcher
    from surat.letters import render, services

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="pkpk-bench-surat-")
    staff, apps = applications(2 * LETTERS + 3)
    batch_apps = apps[LETTERS + 2 :]
    apps = apps[: LETTERS + 2]

    def issue(p):
        return services.issue_letter(
            jenis="permohonan", pendaftaran_list=[p], by=staff, penerima_jabatan="Manajer HRD"
        )

    def bare(html):
        HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()

    # Warm-up: fonts, templates, connections.
    warm = issue(apps.pop())
    html = render.letter_html(warm)
    bare(html)
    bare(html)

    start = time.perf_counter()
    issue(apps.pop())
    one_issue = time.perf_counter() - start
    start = time.perf_counter()
    bare(html)
    one_bare = time.perf_counter() - start

    start = time.perf_counter()
    for p in apps[:LETTERS]:
        issue(p)
    many_issue = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(LETTERS):
        bare(html)
    many_bare = time.perf_counter() - start

    from surat.desk import handling, requesting

    requests = [
        requesting.submit_letter_request(
            pemohon=p.mahasiswa,
            jenis="permohonan",
            pendaftaran=p,
            penerima_jabatan="Manajer HRD",
            mulai=p.mulai,
            selesai=p.selesai,
            data_benar=True,
        )
        for p in batch_apps[:LETTERS]
    ]
    batch = handling.start_batch(permintaan_list=requests, by=staff)
    start = time.perf_counter()
    batch = handling.run_batch(batch.pk)
    batch_time = time.perf_counter() - start
    assert batch.berhasil == LETTERS, batch.gagal
    start = time.perf_counter()
    for _ in range(LETTERS):
        bare(html)
    batch_bare = time.perf_counter() - start

    print(
        f"one letter:   issue {one_issue * 1000:.0f} ms, bare render {one_bare * 1000:.0f} ms,"
        f" ratio {one_issue / one_bare:.2f}x"
    )
    print(
        f"{LETTERS} letters: issue {many_issue:.2f} s, bare renders {many_bare:.2f} s,"
        f" ratio {many_issue / many_bare:.2f}x"
    )
    print(
        f"batch of {LETTERS} requests (worker path): {batch_time:.2f} s,"
        f" bare renders {batch_bare:.2f} s, ratio {batch_time / batch_bare:.2f}x"
    )
    figure("one letter issued", one_issue * 1000, one_bare * 1000, unit="ms", max_ratio=1.5)
    figure(f"{LETTERS} letters issued", many_issue, many_bare, unit="s", max_ratio=1.5)
    figure(f"batch of {LETTERS} requests", batch_time, batch_bare, unit="s", max_ratio=1.5)

    # Leave nothing behind: the bench database and the rendered files.
    import shutil

    from django.db import connection

    connection.close()
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
