"""Retention of the six records (pkpk/retention.py): within 5 years nothing
deletes them, not the ORM, the admin nor raw SQL; after them `manage.py
retensi` lists them and disposes of them only with --yakin, leaving a
disposal record that is itself kept for good.

The triggers read PostgreSQL's clock, which time-machine does not move. So
the old records are made by travelling 5 years and a day back, and the
command runs back in the present: the same distance, seen by both clocks."""

import datetime as dt
import getpass
from contextlib import contextmanager
from io import StringIO

import pytest
from django.contrib import admin
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from magang import answers as magang_answers
from magang.models import Pendaftaran, Peristiwa, SuratBalasan
from pkpk import retention
from pkpk.models import Mahasiswa, Pemusnahan, Perusahaan
from pkpk.retention import JenisArsip, RecordInRetention
from rekap import archive
from rekap.models import RekapArsip
from surat.desk import handling, requesting
from surat.models import (
    AnggotaPermintaan,
    Jam,
    Jenis,
    PeristiwaLayanan,
    Permintaan,
    Surat,
    SuratMahasiswa,
)
from tests.factories import UserFactory
from tests.support.applications import submit, uploaded_reply
from tests.support.letters import issue

pytestmark = pytest.mark.django_db

RECORD_MODELS = [Pendaftaran, SuratBalasan, Surat, RekapArsip]
A_DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def the_procedure(student, staff):
    """Every record of the procedure for `student`, made through the
    services: registration, application letter (from a request), reply,
    acceptance, cover letter (with its confirmation clock) and both recaps."""
    pendaftaran = submit(student)
    permintaan = requesting.submit_letter_request(
        pemohon=student,
        jenis=Jenis.PERMOHONAN,
        pendaftaran=pendaftaran,
        penerima_jabatan="Manajer HRD",
        mulai=pendaftaran.mulai,
        selesai=pendaftaran.selesai,
        data_benar=True,
    )
    permohonan = handling.issue_from_request(permintaan=permintaan, by=staff)
    balasan = uploaded_reply(pendaftaran)
    magang_answers.verify_reply(balasan=balasan, by=staff, sah=True)
    pengantar = issue([pendaftaran], staff, jenis=Jenis.PENGANTAR)
    recaps = [
        archive.store(jenis, {"tahun": 2021}, b"PK workbook", f"{jenis}.xlsx", 1, staff)
        for jenis in ["pendaftaran", "penerimaan"]
    ]
    return [pendaftaran, balasan, permohonan, pengantar, *recaps]


@pytest.fixture
def present():
    return timezone.now()


@pytest.fixture
def old_records(time_machine, present, student_a, staff):
    """The procedure for student_a, 5 years and a day ago; back to now after."""
    time_machine.move_to(retention.cutoff(present) - A_DAY, tick=False)
    records = the_procedure(student_a, staff)
    time_machine.move_to(present, tick=False)
    return records


@pytest.fixture
def new_records(student_b, staff):
    return the_procedure(student_b, staff)


def still_there(obj):
    return type(obj)._base_manager.filter(pk=obj.pk).exists()


def stored_files(records):
    files = [getattr(obj, f.name) for obj in records for f in obj._meta.fields]
    return [f.name for f in files if isinstance(f, FieldFile) and f]


def run(*args):
    out = StringIO()
    call_command("retensi", *args, stdout=out)
    return out.getvalue()


def line_of(output, jenis):
    return next(line for line in output.splitlines() if line.startswith(f"{jenis} "))


# Within retention nothing deletes a record.


def test_the_orm_refuses_to_delete_a_record_in_retention(new_records):
    for obj in new_records:
        with pytest.raises(RecordInRetention, match="5 tahun"):
            obj.delete()
        with pytest.raises(RecordInRetention):
            type(obj).objects.filter(pk=obj.pk).delete()
        assert still_there(obj)


def test_a_related_manager_refuses_too(new_records):
    pendaftaran = new_records[0]
    with pytest.raises(RecordInRetention):
        pendaftaran.balasan.all().delete()
    assert pendaftaran.balasan.exists()


def test_a_queryset_with_one_record_in_retention_deletes_nothing(old_records, new_records):
    old, new = old_records[-2], new_records[-2]  # registration recaps
    with pytest.raises(RecordInRetention, match=": 1 masih dalam masa simpan"):
        RekapArsip.objects.filter(pk__in=[old.pk, new.pk]).delete()
    assert still_there(old) and still_there(new)


def test_a_recap_that_is_not_a_record_of_the_procedure_may_go(staff):
    kpi = archive.store("kpi", {"tahun": 2026}, b"PK", "kpi.xlsx", 1, staff)
    kpi.delete()
    assert not RekapArsip.objects.exists()


@pytest.mark.parametrize("model", [*RECORD_MODELS, Pemusnahan])
def test_the_admin_has_no_delete_permission(model, new_records):
    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[model]
    obj = model.objects.first()
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_delete_permission(request, obj)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_the_admin_delete_page_is_refused_even_to_a_superuser(client, new_records):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for obj in new_records:
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert still_there(obj)


@contextmanager
def refused(match):
    """The database refuses what runs inside (in a savepoint, so the test
    goes on)."""
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        yield


def raw_delete(obj):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {obj._meta.db_table} WHERE id = %s", [obj.pk])  # noqa: S608


def test_the_database_refuses_a_raw_delete_in_retention(new_records):
    for obj in new_records:
        with refused("record in retention"):
            raw_delete(obj)
        assert still_there(obj)


def test_the_trigger_counts_5_years_from_creation(staff, present):
    def recap(dibuat):
        return RekapArsip.objects.create(
            jenis="pendaftaran", berkas="rekap/x.xlsx", sha256="0", dibuat=dibuat
        )

    inside = recap(retention.cutoff(present) + A_DAY)
    past = recap(retention.cutoff(present) - A_DAY)

    with refused("record in retention"):
        raw_delete(inside)
    raw_delete(past)

    assert still_there(inside) and not still_there(past)
    assert retention.kept_until(past.dibuat) < present < retention.kept_until(inside.dibuat)


# Retention counts from the creation timestamp, which no UPDATE moves.


def record_of(kind, records):
    """The row of `records` that is a record of `kind` (from the registry)."""
    pks = [obj.pk for obj in records if obj._meta.label == kind.model]
    return kind.rows().get(pk__in=pks)


@pytest.mark.parametrize("kind", retention.ARSIP, ids=lambda kind: kind.jenis)
def test_the_database_refuses_moving_a_records_creation_back(kind, new_records, present):
    obj = record_of(kind, new_records)
    created = getattr(obj, kind.dibuat)
    table = obj._meta.db_table
    rows = kind.model_class._base_manager.filter(pk=obj.pk)

    with refused("record in retention"), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {kind.dibuat} = {kind.dibuat} - interval '6 years' "  # noqa: S608
            "WHERE id = %s",
            [obj.pk],
        )
    with refused("record in retention"):
        rows.update(**{kind.dibuat: retention.cutoff(present) - A_DAY})
    setattr(obj, kind.dibuat, created - dt.timedelta(days=1))
    with refused("record in retention"):
        obj.save()

    assert rows.values_list(kind.dibuat, flat=True).get() == created
    assert retention.retained(rows).exists()


def test_saving_a_record_unchanged_still_works(new_records):
    for obj in new_records:
        obj.save()
        assert still_there(obj)


def test_a_recap_record_cannot_become_a_kind_that_may_be_deleted(new_records):
    recap = new_records[-2]
    with refused("cannot change jenis"):
        RekapArsip.objects.filter(pk=recap.pk).update(jenis="kpi")
    assert RekapArsip.objects.get(pk=recap.pk).jenis == "pendaftaran"


# After retention: listing, then disposal on confirmation only.


def test_it_lists_what_has_passed_retention(old_records, new_records):
    output = run()

    assert "kept 5 years" in output
    day = f"{timezone.localtime(old_records[0].dibuat):%Y-%m-%d}"
    assert line_of(output, "pendaftaran").split()[1:5] == ["1", "records", "2", "files"]
    assert f"created {day} .. {day}" in line_of(output, "pendaftaran")
    for jenis in ["surat_permohonan", "surat_pengantar", "surat_balasan"]:
        assert line_of(output, jenis).split()[1:5] == ["1", "records", "1", "files"]
    for jenis in ["rekap_pendaftaran", "rekap_penerimaan"]:
        assert line_of(output, jenis).split()[1:5] == ["1", "records", "1", "files"]
    assert all(still_there(obj) for obj in old_records)


def test_musnahkan_alone_changes_nothing_and_fails(old_records):
    with pytest.raises(CommandError, match="--yakin"):
        run("--musnahkan")

    assert all(still_there(obj) for obj in old_records)
    assert all(default_storage.exists(name) for name in stored_files(old_records))
    assert not Pemusnahan.objects.exists()


def test_musnahkan_yakin_disposes_of_the_records_their_rows_and_files(
    old_records, new_records, django_capture_on_commit_callbacks
):
    pendaftaran, balasan, permohonan, pengantar, *recaps = old_records
    files = stored_files(old_records)
    assert len(files) == 7

    with django_capture_on_commit_callbacks(execute=True):
        output = run("--musnahkan", "--yakin", "--oleh", "Kepala UPT")

    assert output.count("Disposed of 1 ") == 6
    assert not any(still_there(obj) for obj in old_records)
    assert not any(default_storage.exists(name) for name in files)
    # What hung on them went with them.
    for model, lookup in [
        (Peristiwa, {"pendaftaran": pendaftaran.pk}),
        (SuratMahasiswa, {"pendaftaran": pendaftaran.pk}),
        (AnggotaPermintaan, {"pendaftaran": pendaftaran.pk}),
        (Permintaan, {"pemohon": pendaftaran.mahasiswa}),
        (Jam, {"surat": pengantar.pk}),
        (PeristiwaLayanan, {"jam__surat": pengantar.pk}),
    ]:
        assert not model.objects.filter(**lookup).exists(), model
    assert not Jam.objects.filter(permintaan__pemohon=pendaftaran.mahasiswa).exists()
    # The people and companies stay, and so does everything still in retention.
    assert Mahasiswa.objects.filter(pk=pendaftaran.mahasiswa_id).exists()
    assert Perusahaan.objects.filter(pk=pendaftaran.perusahaan_id).exists()
    assert all(still_there(obj) for obj in new_records)
    assert all(default_storage.exists(name) for name in stored_files(new_records))

    records = {r.jenis: r for r in Pemusnahan.objects.all()}
    assert set(records) == set(JenisArsip.values)
    assert {r.oleh for r in records.values()} == {"Kepala UPT"}
    assert (records["pendaftaran"].jumlah_baris, records["pendaftaran"].jumlah_berkas) == (1, 2)
    assert records["pendaftaran"].identitas == [f"#{pendaftaran.pk}"]
    assert records["pendaftaran"].baris_terkait["magang.Peristiwa"] >= 3
    assert records["surat_permohonan"].identitas == [permohonan.nomor]
    assert records["surat_permohonan"].baris_terkait["surat.Permintaan"] == 1
    assert records["surat_pengantar"].baris_terkait["surat.Jam"] == 1
    assert records["rekap_pendaftaran"].identitas == [f"#{recaps[0].pk} pendaftaran.xlsx"]
    assert records["surat_balasan"].batas == retention.cutoff(records["surat_balasan"].pada)


def test_a_second_run_finds_nothing(old_records, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run("--musnahkan", "--yakin")

    assert "Nothing to dispose of." in run("--musnahkan", "--yakin")
    assert Pemusnahan.objects.count() == 6
    assert {r.oleh for r in Pemusnahan.objects.all()} == {getpass.getuser()}


def test_a_form_waits_while_a_reply_in_retention_hangs_on_it(time_machine, present, student_a):
    time_machine.move_to(retention.cutoff(present) - A_DAY, tick=False)
    pendaftaran = submit(student_a)
    time_machine.move_to(retention.cutoff(present) + A_DAY, tick=False)
    balasan = uploaded_reply(pendaftaran)
    time_machine.move_to(present, tick=False)

    output = run()
    assert line_of(output, "pendaftaran").split()[1] == "0"
    assert "1 more wait" in line_of(output, "pendaftaran")

    run("--musnahkan", "--yakin")
    assert still_there(pendaftaran) and still_there(balasan)
    assert not Pemusnahan.objects.exists()


# The disposal record is kept for good.


@pytest.fixture
def disposal(old_records):
    run("--musnahkan", "--yakin", "--oleh", "operator")
    return Pemusnahan.objects.get(jenis=JenisArsip.PENDAFTARAN)


def test_a_disposal_record_cannot_be_deleted(disposal):
    with pytest.raises(RecordInRetention):
        disposal.delete()
    with pytest.raises(RecordInRetention):
        Pemusnahan.objects.filter(pk=disposal.pk).delete()
    for sql in [
        "DELETE FROM pkpk_pemusnahan WHERE id = %s",
        "UPDATE pkpk_pemusnahan SET oleh = 'someone else' WHERE id = %s",
    ]:
        with refused("kept for good"), connection.cursor() as cursor:
            cursor.execute(sql, [disposal.pk])
    assert Pemusnahan.objects.get(pk=disposal.pk).oleh == "operator"


def test_staff_read_disposal_records_in_the_admin(client, staff, disposal):
    client.force_login(staff)
    listing = client.get(reverse("admin:pkpk_pemusnahan_changelist"))
    detail = client.get(reverse("admin:pkpk_pemusnahan_change", args=[disposal.pk]))

    assert listing.status_code == 200 and "operator" in listing.text
    assert detail.status_code == 200 and disposal.identitas[0] in detail.text
    assert 'name="oleh"' not in detail.text  # read-only
    url = reverse("admin:pkpk_pemusnahan_delete", args=[disposal.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
