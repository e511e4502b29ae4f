"""Uploads and letters on S3-compatible object storage (S3_BUCKET): moto's
S3 server runs in a process of its own on a local port, as MinIO or Ceph
would. A file uploaded through a page here is read back by a second "node"
(another process with only the S3_* variables) and served by the download
view; a letter's PDF lands in the bucket too; two files of one name never
replace each other."""

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from magang.models import SuratBalasan
from pkpk import backup
from pkpk.lib.storage import media_storage
from tests.support.files import PDF_BYTES, pdf
from tests.support.letters import issue
from tests.support.ops import ROOT, answers, free_port, manage, manage_env, spawn, stop, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

MOTO = ROOT / ".venv" / "bin" / "moto_server"
KEYS = {"S3_ACCESS_KEY_ID": "pkpk-test", "S3_SECRET_ACCESS_KEY": "pkpk-test-secret"}


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 server on a free local port; yields its endpoint URL."""
    if not MOTO.exists():
        message = "moto[server] is not installed (requirements-dev.txt)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder = tempfile.mkdtemp(prefix="pkpk-s3-")
    port = free_port()
    process = spawn([str(MOTO), "-H", "127.0.0.1", "-p", str(port)], os.environ, f"{folder}/s3.log")
    try:
        wait_for(lambda: answers(port), "moto's S3 server", process, folder)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def s3_env(s3_server):
    """A bucket of this test's own, and the variables that name it."""
    bucket = f"pkpk-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=bucket)
    return {"S3_BUCKET": bucket, "S3_ENDPOINT_URL": s3_server, "S3_REGION": "us-east-1", **KEYS}


@pytest.fixture
def on_s3(settings, s3_env):
    """This process's default storage in that bucket, built as pkpk/settings.py
    builds it from the variables."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage(
            bucket=s3_env["S3_BUCKET"],
            endpoint_url=s3_env["S3_ENDPOINT_URL"],
            access_key=s3_env["S3_ACCESS_KEY_ID"],
            secret_key=s3_env["S3_SECRET_ACCESS_KEY"],
            region=s3_env["S3_REGION"],
        ),
    }
    return s3_env


def objects(env):
    client = boto3.client(
        "s3",
        endpoint_url=env["S3_ENDPOINT_URL"],
        aws_access_key_id=env["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
        region_name=env["S3_REGION"],
    )
    listing = client.list_objects_v2(Bucket=env["S3_BUCKET"])
    return {item["Key"] for item in listing.get("Contents", [])}


READ_BACK = """
from django.conf import settings
from django.core.files.storage import default_storage
import os, sys
print(settings.STORAGES["default"]["BACKEND"])
with default_storage.open(os.environ["NAME"], "rb") as f:
    sys.stdout.write(f.read().hex())
"""


def test_an_upload_through_a_page_is_read_by_another_node(
    client, staff, pendaftaran_a, on_s3, settings, tmp_path
):
    client.force_login(staff)
    path = reverse("magang:staff_record_answer", args=[pendaftaran_a.pk])
    response = client.post(path, {"hasil": "ditolak", "berkas": pdf("balasan.pdf")})
    assert response.status_code == 302
    balasan = SuratBalasan.objects.get(pendaftaran=pendaftaran_a)
    assert balasan.berkas.name in objects(on_s3)
    assert not (Path(settings.MEDIA_ROOT) / balasan.berkas.name).exists()
    # Another process, from the variables alone (no MEDIA_ROOT in common).
    env = manage_env("unused", tmp_path / "other-node", NAME=balasan.berkas.name, **on_s3)
    result = manage("shell", "--no-imports", "-c", READ_BACK, env=env)
    assert result.returncode == 0, result.stderr
    backend, content = result.stdout.split()
    assert backend == "storages.backends.s3.S3Storage"
    assert bytes.fromhex(content) == PDF_BYTES
    # And the download view streams it from the bucket.
    response = client.get(reverse("magang:reply_file", args=[balasan.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_an_issued_letter_is_stored_in_the_bucket(staff, pendaftaran_a, on_s3):
    surat = issue([pendaftaran_a], staff)
    assert surat.berkas.name in objects(on_s3)
    with surat.berkas.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")


def test_a_file_of_the_same_name_does_not_replace_the_first(on_s3):
    first = default_storage.save("balasan/sama.pdf", ContentFile(b"%PDF-1 first"))
    second = default_storage.save("balasan/sama.pdf", ContentFile(b"%PDF-1 second"))
    assert first != second
    with default_storage.open(first, "rb") as handle:
        assert handle.read() == b"%PDF-1 first"


def test_a_backup_names_the_bucket_and_leaves_its_files_to_the_store(
    staff, pendaftaran_a, on_s3, tmp_path
):
    issue([pendaftaran_a], staff)
    manifest = backup.read_manifest(backup.backup(tmp_path))
    assert manifest["media_bucket"] == on_s3["S3_BUCKET"]
    assert manifest["media_files"] == 0
    assert manifest["row_counts"]["surat.Surat"] == 1
