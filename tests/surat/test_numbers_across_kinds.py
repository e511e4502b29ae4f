"""Letters of both kinds share one outgoing-letter register per number
pattern and year, unless the institution gives a kind its own pattern; the
database refuses two letters with one number."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pkpk.models import Institusi
from surat.models import Jenis, Penomoran, Surat
from tests.support.applications import submit
from tests.support.clock import at
from tests.support.letters import accept, issue

pytestmark = pytest.mark.django_db


def set_patterns(**patterns):
    profile = Institusi.load()
    for field, pattern in patterns.items():
        setattr(profile, field, pattern)
    profile.full_clean()
    profile.save()
    return profile


def test_a_cover_letter_takes_the_number_after_the_application_letter(pendaftaran_a, staff):
    set_patterns(pola_nomor_surat="{nomor:04d}/PL29/KM/{tahun}")
    with at(2026, 3, 2, 9, 0):
        permohonan = issue([pendaftaran_a], staff)
        accept(pendaftaran_a, staff)
        pengantar = issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR)

    assert permohonan.nomor == "0001/PL29/KM/2026"
    assert pengantar.nomor == "0002/PL29/KM/2026"
    assert Penomoran.objects.get().terakhir == 2


def test_a_kind_with_its_own_pattern_has_its_own_register(
    pendaftaran_a, student_b, lowongan_y, staff
):
    set_patterns(
        pola_nomor_surat="{nomor:04d}/PL29/KM/{tahun}",
        pola_nomor_pengantar="{nomor:04d}/PL29/PK/{tahun}",
    )
    with at(2026, 3, 2, 9, 0):
        first = issue([pendaftaran_a], staff)
        accept(pendaftaran_a, staff)
        cover = issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR)
        second = issue([submit(student_b, lowongan=lowongan_y)], staff)

    assert (first.nomor, second.nomor) == ("0001/PL29/KM/2026", "0002/PL29/KM/2026")
    assert cover.nomor == "0001/PL29/PK/2026"
    assert cover.pola == "{nomor:04d}/PL29/PK/{tahun}"
    assert sorted(Penomoran.objects.values_list("pola", "terakhir")) == [
        ("{nomor:04d}/PL29/KM/{tahun}", 2),
        ("{nomor:04d}/PL29/PK/{tahun}", 1),
    ]


def test_the_database_refuses_a_second_letter_with_a_used_number(letter_a):
    twin = Surat.objects.get(pk=letter_a.pk)
    twin.pk, twin.jenis, twin.token, twin.berkas = None, Jenis.PENGANTAR, "another-token", ""
    twin.urutan = 99  # another sequence, another kind: only the number is the same
    with pytest.raises(IntegrityError, match="surat_unique_number"), transaction.atomic():
        twin.save()


def test_a_pattern_printing_a_used_number_is_explained_and_nothing_is_kept(pendaftaran_a, staff):
    set_patterns(pola_nomor_surat="{nomor:03d}/A/{tahun}")
    with at(2026, 3, 2, 9, 0):
        issue([pendaftaran_a], staff)
        accept(pendaftaran_a, staff)
        # Written past the profile's own check, as a raw edit would: another
        # pattern (another counter) that prints the same numbers.
        Institusi.objects.update(pola_nomor_pengantar="{nomor:0>3}/A/{tahun}")
        with pytest.raises(ValidationError, match="Nomor 001/A/2026 sudah dipakai"):
            issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR)

    assert Surat.objects.count() == 1
    assert not Penomoran.objects.filter(pola="{nomor:0>3}/A/{tahun}", terakhir__gt=0).exists()


def test_a_new_letter_cannot_be_marked_a_legacy_duplicate(letter_a):
    with pytest.raises(IntegrityError, match="legacy duplicate"), transaction.atomic():
        Surat.objects.filter(pk=letter_a.pk).update(nomor_ganda=True)


@pytest.mark.parametrize("field", ["pola_nomor_permohonan", "pola_nomor_pengantar"])
@pytest.mark.parametrize("pattern", ["{nomor:04d}/KM", "{tahun}", "{nomor}/{bulan}/{tahun}"])
def test_a_kind_pattern_without_number_and_year_is_refused(field, pattern):
    with pytest.raises(ValidationError) as exc:
        set_patterns(**{field: pattern})
    assert list(exc.value.message_dict) == [field]


def test_two_kind_patterns_printing_the_same_numbers_are_refused():
    with pytest.raises(ValidationError) as exc:
        set_patterns(
            pola_nomor_surat="{nomor:04d}/PL29/KM/{tahun}",
            pola_nomor_pengantar="{nomor:03d}/PL29/KM/{tahun}",  # both print 1234/...
        )
    assert "menghasilkan nomor yang sama" in exc.value.message_dict["pola_nomor_pengantar"][0]


def test_a_kind_pattern_equal_to_the_shared_one_is_one_register(pendaftaran_a, staff):
    set_patterns(
        pola_nomor_surat="{nomor:04d}/PL29/KM/{tahun}",
        pola_nomor_permohonan="{nomor:04d}/PL29/KM/{tahun}",
    )
    permohonan = issue([pendaftaran_a], staff)
    accept(pendaftaran_a, staff)
    pengantar = issue([pendaftaran_a], staff, jenis=Jenis.PENGANTAR)
    assert (permohonan.urutan, pengantar.urutan) == (1, 2)


def test_staff_edit_the_kind_patterns_where_the_profile_is_edited(client, staff):
    from django.contrib import admin

    client.force_login(staff)
    page = client.get("/admin/pkpk/institusi/1/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="pola_nomor_permohonan"' in html and 'name="pola_nomor_pengantar"' in html

    model_admin = admin.site._registry[Institusi]
    form_class = model_admin.get_form(page.wsgi_request, Institusi.load())
    data = {
        field: value
        for field, value in form_class(instance=Institusi.load()).initial.items()
        if field != "logo"
    }
    data["pola_nomor_pengantar"] = "{nomor:04d}/PK"
    form = form_class(data, instance=Institusi.load())
    assert not form.is_valid()
    assert "pola_nomor_pengantar" in form.errors
