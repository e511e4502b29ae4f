"""Issuing a letter: a numbered PDF with the snapshot of everything it shows."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pkpk.models import Institusi
from surat.models import Jenis, Penomoran
from tests.factories import MahasiswaFactory
from tests.support.applications import submit
from tests.support.clock import at
from tests.support.letters import accept, issue, pdf_text

pytestmark = pytest.mark.django_db


def test_the_pdf_shows_the_number_every_nim_the_company_and_the_verification_code(
    lowongan, student_a, prodi_x, staff
):
    classmate = MahasiswaFactory(nim="3312501077", prodi=prodi_x, user__nama="Citra Dewi")
    applications = [submit(student_a, lowongan=lowongan), submit(classmate, lowongan=lowongan)]

    surat = issue(applications, staff)

    text, _reader = pdf_text(surat)
    flat = re.sub(r"\s+", " ", text)
    assert surat.nomor in flat
    assert "3312501001" in flat and "3312501077" in flat
    assert "PT Batam Presisi Elektronik" in flat
    assert surat.kode_verifikasi in flat
    assert "Permohonan Magang" in flat
    assert [m.nim for m in surat.mahasiswa.all()] == ["3312501001", "3312501077"]


def test_html_in_a_company_name_is_printed_as_text_and_nothing_is_fetched(
    student_a, staff, monkeypatch
):
    from pkpk.lib.pdf import StaticOnlyFetcher
    from tests.factories import PerusahaanFactory

    fetched = []
    original = StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", spy)
    nasty = PerusahaanFactory(nama='PT <b>x</b><img src="file:///etc/passwd">', kota="Batam")
    pendaftaran = submit(student_a, perusahaan=nasty)

    surat = issue([pendaftaran], staff)

    text, reader = pdf_text(surat)
    flat = re.sub(r"\s+", " ", text)
    assert '<b>x</b><img src="file:///etc/passwd">' in flat
    assert "root:" not in flat
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    assert fetched == []


def test_the_number_follows_the_institution_pattern_and_restarts_each_year(
    lowongan, student_a, student_b, lowongan_y, staff
):
    profile = Institusi.load()
    profile.pola_nomor_surat = "{nomor:03d}/PL29/PKPK/{tahun}"
    profile.save()
    applications = [submit(student_a, lowongan=lowongan), submit(student_b, lowongan=lowongan_y)]
    with at(2026, 12, 30, 10, 0):
        first = issue(applications[:1], staff)
        second = issue(applications[1:], staff)
    assert (first.nomor, second.nomor) == ("001/PL29/PKPK/2026", "002/PL29/PKPK/2026")
    assert first.tanggal == dt.date(2026, 12, 30)

    with at(2027, 1, 4, 9, 0):
        accept(first.mahasiswa.get().pendaftaran, staff)
        third = issue([first.mahasiswa.get().pendaftaran], staff, jenis=Jenis.PENGANTAR)
        fourth = issue([second.mahasiswa.get().pendaftaran], staff)
    # Both kinds share the pattern, so they share its register.
    assert (third.nomor, fourth.nomor) == ("001/PL29/PKPK/2027", "002/PL29/PKPK/2027")
    assert Penomoran.objects.get(pola=profile.pola_nomor_surat, tahun=2026).terakhir == 2


def test_the_date_is_today_in_wib_and_printed_in_indonesian(pendaftaran_a, staff):
    with at(2027, 1, 5, 6, 30):  # 23:30 UTC the day before
        surat = issue([pendaftaran_a], staff)
    assert surat.tanggal == dt.date(2027, 1, 5)
    assert "5 Januari 2027" in re.sub(r"\s+", " ", pdf_text(surat)[0])


def test_the_period_defaults_to_the_applications_and_is_printed_with_s_d(pendaftaran_a, staff):
    surat = issue([pendaftaran_a], staff)
    assert (surat.mulai, surat.selesai) == (pendaftaran_a.mulai, pendaftaran_a.selesai)
    flat = re.sub(r"\s+", " ", pdf_text(surat)[0])
    assert "s.d." in flat


def test_the_signatory_and_letterhead_are_copied_when_issued(pendaftaran_a, staff):
    profile = Institusi.load()
    profile.penandatangan_nama = "Dr. Siti Aminah, M.T."
    profile.penandatangan_nip = "198001012005012001"
    profile.save()

    surat = issue([pendaftaran_a], staff)
    profile.penandatangan_nama = "Orang Lain"
    profile.save()

    surat.refresh_from_db()
    assert surat.penandatangan_nama == "Dr. Siti Aminah, M.T."
    assert surat.institusi["nama"] == profile.nama
    flat = re.sub(r"\s+", " ", pdf_text(surat)[0])
    assert "NIP 198001012005012001" in flat and "a.n. Direktur" in flat


@pytest.mark.parametrize(
    "entered",
    ["Jl. Ahmad Yani, Batam Centre", "jln Ahmad Yani, Batam Centre", "Ahmad Yani, Batam Centre"],
)
def test_the_letterhead_writes_jalan_in_full_and_once(pendaftaran_a, staff, entered):
    profile = Institusi.load()
    profile.alamat = entered
    profile.save()

    surat = issue([pendaftaran_a], staff)

    flat = re.sub(r"\s+", " ", pdf_text(surat)[0])
    assert "Jalan Ahmad Yani, Batam Centre" in flat
    assert "Jalan Jl" not in flat and "Jalan jln" not in flat


def test_the_student_table_prints_the_programme_with_its_level(pendaftaran_a, staff):
    surat = issue([pendaftaran_a], staff)

    assert surat.mahasiswa.get().prodi == "D3 Teknik Informatika"
    flat = re.sub(r"\s+", " ", pdf_text(surat)[0])
    assert "D3 Teknik Informatika" in flat


def test_an_application_letter_is_refused_for_an_application_not_submitted(pendaftaran_a, staff):
    accept(pendaftaran_a, staff)
    with pytest.raises(ValidationError):
        issue([pendaftaran_a], staff, jenis=Jenis.PERMOHONAN)
    assert not Penomoran.objects.filter(terakhir__gt=0).exists()


def test_a_cover_letter_is_refused_for_an_application_not_accepted(pendaftaran_a, staff):
    with pytest.raises(ValidationError):
        issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR)


def test_one_letter_cannot_name_applications_to_two_companies(pendaftaran_a, pendaftaran_b, staff):
    with pytest.raises(ValidationError):
        issue([pendaftaran_a, pendaftaran_b], staff)


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_only_staff_issue_letters(request, pendaftaran_a, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        issue([pendaftaran_a], getattr(user, "user", user))


def test_a_cover_letter_needing_no_reply_carries_the_competencies_and_feedback_form(
    pendaftaran_a, prodi_x, staff
):
    prodi_x.informasi_kompetensi = "Mampu membangun aplikasi web."
    prodi_x.save()
    accept(pendaftaran_a, staff)

    surat = issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR, perlu_balasan=False)

    text, reader = pdf_text(surat)
    flat = re.sub(r"\s+", " ", text)
    assert len(reader.pages) >= 3
    assert "Pengantar Mahasiswa Magang" in flat
    assert "2 (dua) berkas" in flat
    assert "lampiran 1: informasi kompetensi" in flat.lower()
    assert "Mampu membangun aplikasi web." in flat
    assert "lampiran 2: borang umpan balik mitra" in flat.lower()
    assert "Kerja sama tim" in flat


def test_a_cover_letter_expecting_a_reply_has_no_attachments(pendaftaran_a, staff):
    accept(pendaftaran_a, staff)
    surat = issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR, perlu_balasan=True)
    flat = re.sub(r"\s+", " ", pdf_text(surat)[0])
    assert "Lampiran" not in flat and "borang umpan balik" not in flat.lower()


def test_the_letters_are_kept_for_a_person_to_look_at(pendaftaran_a, staff):
    """Not an assertion on layout: the rendered letters land next to the
    browser screenshots (var/test-artifacts/) so a person can read them."""
    from pathlib import Path

    artifacts = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    permohonan = issue([pendaftaran_a], staff)
    accept(pendaftaran_a, staff)
    pengantar = issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR, perlu_balasan=False)
    for name, surat in (("permohonan", permohonan), ("pengantar", pengantar)):
        with surat.berkas.open("rb") as handle:
            (artifacts / f"surat-{name}.pdf").write_bytes(handle.read())
    assert (artifacts / "surat-pengantar.pdf").stat().st_size > 0
