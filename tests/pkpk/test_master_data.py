import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from pkpk.models import Institusi, JamLayanan, Perusahaan
from pkpk.normalize import normalize_city, normalize_company_name
from tests.factories import PerusahaanFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "PT Batam Presisi Elektronika",
        "PT. Batam Presisi Elektronika",
        "batam presisi elektronika, pt",
        "  PT  BATAM   PRESISI ELEKTRONIKA Tbk ",
    ],
)
def test_it_normalises_company_spellings_to_one_form(name):
    assert normalize_company_name(name) == "batam presisi elektronika"


def test_it_normalises_city_prefixes():
    assert normalize_city("Kota Batam") == normalize_city("batam") == "batam"


def test_a_company_typed_another_way_in_the_same_city_is_refused_with_its_name():
    PerusahaanFactory(nama="PT Nongsa Digital Kreasi", kota="Batam")
    twin = Perusahaan(nama="Nongsa Digital Kreasi, PT.", kota="Kota Batam")
    with pytest.raises(ValidationError) as exc:
        twin.full_clean()
    assert "PT Nongsa Digital Kreasi" in str(exc.value)


def test_the_database_refuses_a_duplicate_company_on_every_path():
    PerusahaanFactory(nama="PT Nongsa Digital Kreasi", kota="Batam")
    with pytest.raises(IntegrityError):
        Perusahaan.objects.create(nama="CV nongsa digital kreasi", kota="batam")


def test_the_same_name_in_another_city_is_another_company():
    PerusahaanFactory(nama="PT Nongsa Digital Kreasi", kota="Batam")
    other = Perusahaan(nama="PT Nongsa Digital Kreasi", kota="Jakarta")
    other.full_clean()
    other.save()


def test_the_institution_profile_exists_after_migrate_with_service_hours():
    profile = Institusi.load()
    assert profile.pola_nomor_surat
    assert JamLayanan.objects.filter(institusi=profile).count() == 5


@pytest.mark.parametrize(
    "pattern", ["{nomor:04d}/KM", "{tahun}", "{nomor}/{bulan}/{tahun}", "{nomor"]
)
def test_a_letter_number_pattern_without_number_and_year_is_refused(pattern):
    profile = Institusi.load()
    profile.pola_nomor_surat = pattern
    with pytest.raises(ValidationError) as exc:
        profile.full_clean()
    assert "pola_nomor_surat" in exc.value.message_dict


def test_a_second_institution_row_is_refused():
    with pytest.raises(IntegrityError):
        Institusi.objects.create(
            pk=2,
            nama="Lain",
            alamat="x",
            kota="x",
            nama_unit="x",
            singkatan_unit="x",
            kanal_layanan="x",
            penandatangan_nama="x",
            penandatangan_jabatan="x",
        )
