"""The partner register's services and reads (rekap.partners)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from magang.models import Jalur
from rekap import partners
from rekap.models import Kerjasama, LampiranKerjasama
from tests.factories import PerusahaanFactory
from tests.support.partners import TODAY, accepted, exe_posing_as_pdf, pdf, signed

pytestmark = pytest.mark.django_db


def test_it_creates_a_signed_partnership(staff, jurusan):
    k = signed(staff, [jurusan], nomor="MOA/7/2026")
    k.refresh_from_db()
    assert k.status == "aktif"
    assert k.dibuat_oleh == staff
    assert list(k.jurusan.all()) == [jurusan]


def test_it_refuses_a_partnership_without_department_or_scope(staff):
    with pytest.raises(ValidationError) as error:
        signed(staff, [], ruang_pendidikan=False)
    assert set(error.value.message_dict) == {"jurusan", "ruang_pendidikan"}
    assert not Kerjasama.objects.exists()


def test_it_refuses_a_signed_partnership_without_number_or_dates(staff, jurusan):
    with pytest.raises(ValidationError) as error:
        signed(staff, [jurusan], nomor=" ", mulai=None, selesai=None)
    assert set(error.value.message_dict) == {"nomor", "mulai", "selesai"}
    assert not Kerjasama.objects.exists()


def test_it_refuses_an_end_before_the_start(staff, jurusan):
    with pytest.raises(ValidationError) as error:
        signed(staff, [jurusan], mulai=dt.date(2026, 5, 1), selesai=dt.date(2026, 4, 30))
    assert list(error.value.message_dict) == ["selesai"]
    assert not Kerjasama.objects.exists()


def test_a_proposal_needs_no_number_or_dates(staff, jurusan):
    k = signed(staff, [jurusan], status="usulan", nomor="", mulai=None, selesai=None)
    assert k.pk


def test_the_database_holds_the_rules_too(staff, jurusan):
    k = signed(staff, [jurusan])
    with pytest.raises(IntegrityError), transaction.atomic():
        Kerjasama.objects.filter(pk=k.pk).update(nomor="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Kerjasama.objects.filter(pk=k.pk).update(selesai=dt.date(2000, 1, 1))


def test_update_changes_fields_and_departments(staff, jurusan, prodi_y):
    k = signed(staff, [jurusan])
    partners.update(kerjasama=k, by=staff, jurusan=[prodi_y.jurusan], tingkat="internasional")
    k.refresh_from_db()
    assert k.tingkat == "internasional"
    assert list(k.jurusan.all()) == [prodi_y.jurusan]


def test_update_refuses_breaking_a_rule_and_keeps_the_row(staff, jurusan):
    k = signed(staff, [jurusan], nomor="MOA/1/2026")
    with pytest.raises(ValidationError):
        partners.update(kerjasama=k, by=staff, jurusan=[jurusan], nomor="")
    k.refresh_from_db()
    assert k.nomor == "MOA/1/2026"


def test_update_refuses_fields_that_are_not_editable(staff, jurusan):
    k = signed(staff, [jurusan])
    with pytest.raises(TypeError):
        partners.update(kerjasama=k, by=staff, jurusan=[jurusan], dibuat_oleh=staff)


def test_a_continuation_points_to_the_earlier_one(staff, jurusan):
    earlier = signed(staff, [jurusan])
    later = signed(staff, [jurusan], perusahaan=earlier.perusahaan, lanjutan_dari=earlier)
    assert list(earlier.lanjutan.all()) == [later]


def test_a_continuation_must_be_with_the_same_partner(staff, jurusan):
    earlier = signed(staff, [jurusan])
    with pytest.raises(ValidationError) as error:
        signed(staff, [jurusan], lanjutan_dari=earlier)
    assert "perusahaan" in error.value.message_dict
    assert Kerjasama.objects.count() == 1


# Expiring, expired, active in year -------------------------------------------


def _ending(staff, jurusan, selesai, **extra):
    return signed(staff, [jurusan], mulai=dt.date(2024, 1, 1), selesai=selesai, **extra)


def test_expiring_includes_exactly_90_days_and_not_91(staff, jurusan):
    at_90 = _ending(staff, jurusan, TODAY + dt.timedelta(days=90))
    _ending(staff, jurusan, TODAY + dt.timedelta(days=91))
    today = _ending(staff, jurusan, TODAY)
    _ending(staff, jurusan, TODAY - dt.timedelta(days=1))
    assert set(partners.expiring(TODAY)) == {at_90, today}


def test_expiring_ignores_proposals(staff, jurusan):
    _ending(staff, jurusan, TODAY + dt.timedelta(days=10), status="usulan")
    assert not partners.expiring(TODAY).exists()


def test_with_state_flags_each_partnership(staff, jurusan):
    expired = _ending(staff, jurusan, TODAY - dt.timedelta(days=1))
    expiring = _ending(staff, jurusan, TODAY + dt.timedelta(days=90))
    in_force = _ending(staff, jurusan, TODAY + dt.timedelta(days=91))
    proposal = signed(staff, [jurusan], status="usulan", nomor="", mulai=None, selesai=None)
    states = dict(partners.with_state(Kerjasama.objects.all(), TODAY).values_list("pk", "keadaan"))
    assert states == {
        expired.pk: partners.BERAKHIR,
        expiring.pk: partners.AKAN_BERAKHIR,
        in_force.pk: partners.BERLAKU,
        proposal.pk: "",
    }


def test_active_in_year_takes_any_overlap_with_the_academic_year(staff, jurusan):
    # Academic year 2025/2026: 1 August 2025 to 31 July 2026.
    ends_on_first_day = signed(
        staff, [jurusan], mulai=dt.date(2024, 1, 1), selesai=dt.date(2025, 8, 1)
    )
    starts_on_last_day = signed(
        staff, [jurusan], mulai=dt.date(2026, 7, 31), selesai=dt.date(2028, 1, 1)
    )
    signed(staff, [jurusan], mulai=dt.date(2024, 1, 1), selesai=dt.date(2025, 7, 31))
    signed(staff, [jurusan], mulai=dt.date(2026, 8, 1), selesai=dt.date(2028, 1, 1))
    signed(staff, [jurusan], status="usulan", nomor="", mulai=dt.date(2025, 9, 1), selesai=None)
    assert set(partners.active_in_year(2025)) == {ends_on_first_day, starts_on_last_day}


def test_register_filters(staff, jurusan, prodi_y):
    a = _ending(staff, jurusan, TODAY + dt.timedelta(days=30), tingkat="lokal")
    b = signed(staff, [prodi_y.jurusan], jenis_dokumen="mou", nomor="MOU/XYZ/1")
    assert list(partners.register(today=TODAY, jurusan=jurusan)) == [a]
    assert list(partners.register(today=TODAY, tingkat="lokal")) == [a]
    assert list(partners.register(today=TODAY, jenis_dokumen="mou")) == [b]
    assert list(partners.register(today=TODAY, q="xyz")) == [b]
    assert list(partners.register(today=TODAY, keadaan=partners.AKAN_BERAKHIR)) == [a]
    assert list(partners.register(today=TODAY, urut="selesai")) == [a, b]
    assert list(partners.register(today=TODAY, urut="-selesai")) == [b, a]
    assert list(partners.register(today=TODAY, tahun=2030)) == []


# Files ------------------------------------------------------------------------


def test_it_attaches_a_real_pdf(staff, jurusan, media):
    k = signed(staff, [jurusan])
    lampiran = partners.attach_file(
        kerjasama=k, berkas=pdf("MoU bertanda.pdf"), aspek="dokumen", by=staff
    )
    assert lampiran.nama_berkas == "MoU bertanda.pdf"
    assert "MoU" not in lampiran.berkas.name  # stored under a random name


def test_it_refuses_a_program_renamed_pdf(staff, jurusan, media):
    k = signed(staff, [jurusan])
    with pytest.raises(ValidationError):
        partners.attach_file(kerjasama=k, berkas=exe_posing_as_pdf(), aspek="dokumen", by=staff)
    assert not LampiranKerjasama.objects.exists()


# Proposing a self-found company -------------------------------------------------


def test_it_proposes_a_mandiri_company_for_its_students_departments(
    staff, mandiri_company, student_b, jurusan, prodi_y
):
    accepted(student_b, mandiri_company)
    k = partners.propose_from_company(perusahaan=mandiri_company, by=staff)
    assert k.status == "usulan"
    assert k.perusahaan == mandiri_company
    assert set(k.jurusan.all()) == {jurusan, prodi_y.jurusan}
    assert k.ruang_pendidikan


def test_it_refuses_a_company_with_only_partnership_track_students(staff, student_a):
    perusahaan = PerusahaanFactory()
    accepted(student_a, perusahaan, jalur=Jalur.KERJASAMA)
    assert not partners.can_propose(perusahaan)
    with pytest.raises(ValidationError):
        partners.propose_from_company(perusahaan=perusahaan, by=staff)
    assert not Kerjasama.objects.exists()


def test_it_refuses_a_company_whose_students_were_not_accepted(staff, student_a):
    perusahaan = PerusahaanFactory()
    accepted(student_a, perusahaan, status="ditolak")
    with pytest.raises(ValidationError):
        partners.propose_from_company(perusahaan=perusahaan, by=staff)
    assert not Kerjasama.objects.exists()


def test_it_refuses_a_second_proposal(staff, mandiri_company):
    partners.propose_from_company(perusahaan=mandiri_company, by=staff)
    assert not partners.can_propose(mandiri_company)
    with pytest.raises(ValidationError):
        partners.propose_from_company(perusahaan=mandiri_company, by=staff)
    assert Kerjasama.objects.count() == 1


def test_accepted_by_track_and_year(student_a, student_b):
    perusahaan = PerusahaanFactory()
    accepted(student_a, perusahaan, mulai=dt.date(2026, 8, 1))  # 2026/2027
    accepted(student_b, perusahaan, mulai=dt.date(2027, 7, 31))  # 2026/2027
    accepted(student_b, perusahaan, mulai=dt.date(2026, 7, 31), jalur=Jalur.KERJASAMA)  # 2025
    accepted(student_a, perusahaan, status="ditolak")
    rows = [
        (r["tahun"], r["jalur"], r["jumlah"])
        for r in partners.accepted_by_track_and_year(perusahaan)
    ]
    assert rows == [(2026, "mandiri", 2), (2025, "kerjasama", 1)]
