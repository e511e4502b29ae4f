"""Migrating an office whose letters already share numbers (both kinds once
had their own counter but one pattern): the letters and their PDFs stay as
issued, the later ones are marked as legacy duplicates and listed during
migrate, the register flags them, and new letters continue after the
highest number of the year."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from pkpk.models import Institusi
from surat.models import Jenis, Penomoran, Surat
from tests.support.applications import submit
from tests.support.clock import at
from tests.support.letters import accept, issue

pytestmark = pytest.mark.django_db(transaction=True)

# The migration that made numbers unique, and the one before it.
BEFORE = ("surat", "0010_letter_email_retries")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def digest(surat):
    with surat.berkas.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


@pytest.fixture
def office_before_the_fix(lowongan, lowongan_y, student_a, student_b, staff):
    """Three letters of 2026 as the old numbering gave them: application
    letters 0001 and 0002, then a cover letter that got 0001 again."""
    profile = Institusi.load()
    profile.pola_nomor_surat = "{nomor:04d}/PL29/KM/{tahun}"
    profile.save()
    first_application = submit(student_a, lowongan=lowongan)
    with at(2026, 3, 2, 9, 0):
        first = issue([first_application], staff)
        second = issue([submit(student_b, lowongan=lowongan_y)], staff)
    with at(2026, 3, 9, 9, 0):
        accept(first_application, staff)
        cover = issue([first_application], staff, jenis=Jenis.PENGANTAR)
    old = migrate([BEFORE])
    OldSurat = old.get_model("surat", "Surat")
    OldSurat.objects.filter(pk=cover.pk).update(urutan=1, nomor="0001/PL29/KM/2026")
    OldPenomoran = old.get_model("surat", "Penomoran")
    OldPenomoran.objects.filter(jenis=Jenis.PENGANTAR).update(terakhir=1)
    assert sorted(OldPenomoran.objects.values_list("jenis", "terakhir")) == [
        ("pengantar", 1),
        ("permohonan", 2),
    ]
    return first, second, cover


def test_the_later_letter_with_a_shared_number_is_marked_listed_and_kept_as_issued(
    office_before_the_fix, capsys
):
    first, second, cover = office_before_the_fix
    pdfs = {s.pk: (s.berkas.name, digest(s)) for s in (first, second, cover)}

    migrate(latest())

    printed = capsys.readouterr().out
    assert f"0001/PL29/KM/2026: letter #{cover.pk} (pengantar, 09-03-2026)" in printed
    assert f"repeats letter #{first.pk} (permohonan, 02-03-2026)" in printed
    letters = {s.pk: s for s in Surat.objects.all()}
    assert [letters[s.pk].nomor_ganda for s in (first, second, cover)] == [False, False, True]
    assert letters[cover.pk].nomor == "0001/PL29/KM/2026"  # the number on paper stays
    assert {pk: (s.berkas.name, digest(s)) for pk, s in letters.items()} == pdfs
    assert {s.pola for s in letters.values()} == {"{nomor:04d}/PL29/KM/{tahun}"}


def test_after_migrating_new_letters_continue_after_the_highest_number(
    office_before_the_fix, student_b, staff
):
    _first, second, _cover = office_before_the_fix
    migrate(latest())

    assert list(Penomoran.objects.values_list("pola", "tahun", "terakhir")) == [
        ("{nomor:04d}/PL29/KM/{tahun}", 2026, 2)
    ]
    with at(2026, 3, 10, 9, 0):
        accept(second.mahasiswa.get().pendaftaran, staff)
        new = issue([second.mahasiswa.get().pendaftaran], staff, jenis=Jenis.PENGANTAR)
    assert new.nomor == "0003/PL29/KM/2026"


def test_the_register_flags_the_legacy_duplicate(office_before_the_fix, client, staff):
    _first, _second, cover = office_before_the_fix
    migrate(latest())

    with at(2026, 3, 10, 9, 0):
        client.force_login(staff)
        response = client.get(reverse("rekap:agenda_surat"), {"tahun": 2026})
    listed = list(response.context["page"])
    assert [(s.urutan, s.nomor_ganda) for s in listed] == [(1, False), (1, True), (2, False)]
    assert listed[1].pk == cover.pk
    assert "Nomor ganda lama" in response.content.decode()
