"""Migrating an office whose letters printed the token's first ten
characters as their verification code: every letter gets a typeable code,
the old printed code is kept and still opens the page, the PDFs stay as
issued."""

import hashlib
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from surat.models import Surat
from tests.support.letters import issue

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("surat", "0011_number_unique_across_kinds")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def digest(surat):
    with surat.berkas.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def test_letters_issued_before_get_a_code_and_keep_the_printed_one(
    client, pendaftaran_a, pendaftaran_b, staff
):
    letters = [issue([pendaftaran_a], staff), issue([pendaftaran_b], staff)]
    pdfs = {s.pk: digest(s) for s in letters}
    migrate([BEFORE])

    migrate(latest())

    migrated = list(Surat.objects.order_by("pk"))
    codes = [s.kode for s in migrated]
    assert len(set(codes)) == 2
    assert all(re.fullmatch(r"[2-9A-HJKMNP-TV-Z]{8}", c) for c in codes)
    for surat in migrated:
        assert surat.kode_lama == surat.token[:10]
        assert surat.kode_verifikasi == surat.token[:10]  # as that paper prints it
        assert digest(surat) == pdfs[surat.pk]
        # The old printed code, the old QR code's token and the new code open it.
        for typed in [surat.token[:10], surat.kode.lower()]:
            response = client.get(reverse("verify_form"), {"kode": typed})
            assert response.context["surat"] == surat
        assert client.get(reverse("verify", args=[surat.token])).context["surat"] == surat
