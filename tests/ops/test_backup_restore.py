"""`manage.py backup` and `manage.py restore`: every kind of record and file
comes back in a new, empty database and a fresh media folder."""

import json
import shutil
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from magang.models import Pendaftaran
from rekap import archive, partners
from rekap.models import LampiranKerjasama, RekapArsip
from surat.models import Surat
from tests.factories import PerusahaanFactory
from tests.support.applications import submit
from tests.support.letters import issue
from tests.support.ops import admin_sql, manage, manage_env
from tests.support.partners import pdf, signed

# pg_dump runs in another process: the records must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def records(media, staff, student_a, jurusan):
    """One of every kind: an application with its uploads, an issued letter
    PDF, a partnership with an attachment and an issued recap."""
    pendaftaran = submit(student_a, perusahaan=PerusahaanFactory(nama="PT Cadangan Data"))
    surat = issue([pendaftaran], staff)
    kerjasama = signed(staff, [jurusan], nomor="MOA/9/2026")
    partners.attach_file(kerjasama=kerjasama, berkas=pdf("MoU.pdf"), aspek="dokumen", by=staff)
    archive.store("pendaftaran", {"tahun": 2026}, b"PK\x03\x04 rekap", "rekap.xlsx", 1, staff)
    return pendaftaran, surat


def the_backup(tmp_path):
    call_command("backup", dir=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


@pytest.fixture
def restore_db(test_database):
    name = f"{test_database}_restore"
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{name}"')
    yield name
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def files_of(root):
    root = Path(root)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def rows(database, sql):
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or settings["OPTIONS"].get("host"),
        port=settings["PORT"] or settings["OPTIONS"].get("port"),
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=database,
    ) as conn:
        return sorted(conn.execute(sql).fetchall())


def test_it_writes_a_dated_folder_with_a_manifest(records, tmp_path):
    folder = the_backup(tmp_path)

    assert folder.name.startswith("pkpk-backup-") and len(folder.name) == len(
        "pkpk-backup-20261129-061500"
    )
    assert sorted(p.name for p in folder.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar.gz",
    ]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["row_counts"]["surat.Surat"] == 1
    assert manifest["row_counts"]["magang.Pendaftaran"] == 1
    assert manifest["row_counts"]["rekap.LampiranKerjasama"] == 1
    assert manifest["row_counts"]["rekap.RekapArsip"] == 1
    # cv + transcript, the letter PDF, the MoU, the recap
    assert manifest["media_files"] == 5
    assert "0001_initial" in manifest["migrations"]["surat"]
    assert set(manifest["files"]) == {"database.dump", "media.tar.gz"}


def test_it_restores_every_record_and_file_into_an_empty_database(
    records, media, tmp_path, restore_db
):
    folder = the_backup(tmp_path)
    fresh_media = tmp_path / "fresh-media"
    env = manage_env(restore_db, fresh_media)

    result = manage("restore", str(folder), env=env)

    assert result.returncode == 0, result.stderr
    assert "Row counts match the backup" in result.stdout
    assert files_of(fresh_media) == files_of(media)
    assert rows(restore_db, "SELECT id, nomor, urutan, berkas FROM surat_surat") == [
        (s.pk, s.nomor, s.urutan, s.berkas.name) for s in Surat.objects.all()
    ]
    assert rows(restore_db, "SELECT id, status, cv, transkrip FROM magang_pendaftaran") == [
        (p.pk, p.status, p.cv.name, p.transkrip.name) for p in Pendaftaran.objects.all()
    ]
    assert rows(restore_db, "SELECT id, berkas, nama_berkas FROM rekap_lampirankerjasama") == [
        (a.pk, a.berkas.name, a.nama_berkas) for a in LampiranKerjasama.objects.all()
    ]
    assert rows(restore_db, "SELECT id, berkas, sha256 FROM rekap_rekaparsip") == [
        (r.pk, r.berkas.name, r.sha256) for r in RekapArsip.objects.all()
    ]
    # The restored database is complete enough for the application itself.
    check = manage("migrate", "--check", env=env)
    assert check.returncode == 0, check.stdout + check.stderr

    # Now it is not empty: a second restore needs --yakin, and then works.
    again = manage("restore", str(folder), env=env)
    assert again.returncode != 0
    assert "is not empty" in again.stderr and "--yakin" in again.stderr
    sure = manage("restore", str(folder), "--yakin", env=env)
    assert sure.returncode == 0, sure.stderr
    assert files_of(fresh_media) == files_of(media)


def test_it_refuses_a_damaged_backup(records, tmp_path):
    folder = the_backup(tmp_path)
    damaged = tmp_path / "damaged"
    shutil.copytree(folder, damaged)
    with open(damaged / "media.tar.gz", "ab") as handle:
        handle.write(b"x")

    with pytest.raises(CommandError, match="media.tar.gz does not match its checksum"):
        call_command("restore", str(damaged), "--yakin")


def test_it_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(tmp_path))


def test_it_refuses_to_overwrite_a_database_without_yakin(records, tmp_path):
    folder = the_backup(tmp_path)

    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(folder))

    assert Surat.objects.count() == 1  # untouched
