"""The audit trail: staff edits through real views record the person, the
address and the values before and after; a company answering through its
signed link is recorded as the company; the worker as the system; the log
refuses every change in the database; staff read it on /audit/..., nobody
else does."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from magang.models import Pendaftaran
from pkpk import audit
from pkpk.models import Jurusan
from rekap import partners
from rekap.models import Kerjasama
from surat.company import links as company_links
from tests.support.letters import issue
from tests.support.pages import page_text
from tests.support.partners import pdf, signed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def entries_of(obj):
    return LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")


def audit_url(obj):
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    return reverse("audit:record", args=[label, obj.pk])


@pytest.fixture
def kerjasama(staff, jurusan):
    return signed(staff, [jurusan], nomor="MOA/01/2026", selesai=dt.date(2028, 12, 31))


def _kerjasama_form(kerjasama, dept, **extra):
    data = {
        "perusahaan": kerjasama.perusahaan_id,
        "status": "aktif",
        "jenis_dokumen": "moa",
        "nomor": kerjasama.nomor,
        "jurusan": [dept.pk],
        "tingkat": "nasional",
        "ruang_pendidikan": "on",
        "mulai": "2026-01-01",
        "selesai": "2028-12-31",
    }
    data.update(extra)
    return data


# Recording ---------------------------------------------------------------------


def test_a_staff_answer_on_an_application_records_who_where_and_what(client, staff, pendaftaran_a):
    client.force_login(staff)
    url = reverse("magang:staff_record_answer", args=[pendaftaran_a.pk])

    response = client.post(url, {"hasil": "diterima"}, REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 302
    entry = entries_of(pendaftaran_a).filter(action=LogEntry.Action.UPDATE).last()
    assert entry.actor == staff
    assert entry.actor_email == staff.email
    assert entry.remote_addr == "10.1.2.3"
    assert entry.changes["status"] == ["diajukan", "diterima"]
    assert entry.changes["dijawab_pada"][0] == "None"
    assert entry.cid  # one correlation id for the request


def test_a_staff_edit_of_a_partnership_records_before_and_after(client, staff, jurusan, kerjasama):
    other = Jurusan.objects.create(kode="EL", nama="Teknik Elektro")
    client.force_login(staff)
    url = reverse("rekap:kerjasama_edit", args=[kerjasama.pk])
    data = _kerjasama_form(kerjasama, jurusan, nomor="MOA/02/2026", jurusan=[jurusan.pk, other.pk])

    assert client.post(url, data, REMOTE_ADDR="10.9.8.7").status_code == 302

    changed = [e for e in entries_of(kerjasama) if e.actor == staff and e.remote_addr == "10.9.8.7"]
    fields = [e.changes for e in changed if "nomor" in e.changes]
    assert fields and fields[0]["nomor"] == ["MOA/01/2026", "MOA/02/2026"]
    m2m = [e.changes["jurusan"] for e in changed if "jurusan" in e.changes]
    assert {"type": "m2m", "operation": "add", "objects": ["Teknik Elektro"]} in m2m


def test_an_attachment_of_a_partnership_is_recorded_and_shown_on_its_page(client, staff, kerjasama):
    client.force_login(staff)
    url = reverse("rekap:kerjasama_upload", args=[kerjasama.pk])
    client.post(url, {"aspek": "manfaat", "berkas": pdf("laporan.pdf")})
    lampiran = kerjasama.lampiran.get()

    entry = entries_of(lampiran).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor == staff
    text = page_text(client.get(audit_url(kerjasama)))
    assert "laporan.pdf" in text


def test_the_company_answering_through_its_link_is_recorded_as_the_company(
    client, staff, pendaftaran_a
):
    letter = issue([pendaftaran_a], staff)
    row = letter.mahasiswa.get()
    token = company_links.make_token(letter)
    data = {
        f"m{row.pk}-hasil": "ditolak",
        f"m{row.pk}-mulai": "",
        f"m{row.pk}-selesai": "",
        f"m{row.pk}-penempatan": "",
        "pengisi-nama": "Ibu Ratna",
        "pengisi-jabatan": "Manajer HRD",
        "pengisi-catatan": "",
    }

    response = client.post(reverse("company_answer", args=[token]), data, REMOTE_ADDR="10.5.5.5")

    assert response.status_code == 302
    entry = entries_of(pendaftaran_a).filter(action=LogEntry.Action.UPDATE).last()
    assert entry.changes["status"] == ["diajukan", "ditolak"]
    assert entry.actor is None
    assert entry.remote_addr == "10.5.5.5"
    by = entry.additional_data["by"]
    assert by["kind"] == audit.COMPANY
    assert by["perusahaan_id"] == letter.perusahaan_id
    assert by["perusahaan"] == letter.perusahaan_nama
    assert by["surat"] == letter.nomor


def test_changes_without_a_request_are_recorded_as_the_system(staff, pendaftaran_a):
    pendaftaran_a.penempatan = "Gudang"
    pendaftaran_a.save()

    entry = entries_of(pendaftaran_a).last()
    assert entry.actor is None and entry.remote_addr is None
    assert entry.additional_data == {"by": {"kind": audit.SYSTEM}}


def test_a_password_is_never_in_the_trail(client, staff):
    staff.set_password("sandi-baru-yang-panjang-9")
    staff.save()
    assert all("password" not in (e.changes or {}) for e in entries_of(staff))


def test_role_changes_are_recorded(staff, outsider):
    from django.contrib.auth.models import Group

    from pkpk import roles

    outsider.groups.add(Group.objects.get(name=roles.STAF))

    entry = entries_of(outsider).last()
    assert entry.changes["groups"] == {
        "type": "m2m",
        "operation": "add",
        "objects": [roles.STAF],
    }


# The client's address -------------------------------------------------------------


def test_a_forwarded_address_is_ignored_without_a_trusted_proxy(client, staff, pendaftaran_a):
    client.force_login(staff)
    url = reverse("magang:staff_record_answer", args=[pendaftaran_a.pk])
    client.post(url, {"hasil": "diterima"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert entries_of(pendaftaran_a).last().remote_addr == "10.0.0.1"


def test_behind_one_proxy_the_address_it_saw_is_used(client, settings, staff, pendaftaran_a):
    settings.PROXY_COUNT = 1  # nginx in front
    client.force_login(staff)
    url = reverse("magang:staff_record_answer", args=[pendaftaran_a.pk])
    # A forged first entry, then the address nginx appended.
    client.post(
        url,
        {"hasil": "diterima"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    assert entries_of(pendaftaran_a).last().remote_addr == "203.0.113.9"


# Nobody can edit it --------------------------------------------------------------------


@pytest.fixture
def entry(pendaftaran_a):
    return entries_of(pendaftaran_a).first()


def _refused(action):
    with pytest.raises(IntegrityError, match="audit log cannot be changed"), transaction.atomic():
        action()


def test_the_orm_cannot_update_or_delete_an_entry(entry):
    _refused(lambda: LogEntry.objects.filter(pk=entry.pk).update(object_repr="edited"))
    _refused(lambda: LogEntry.objects.filter(pk=entry.pk).delete())
    _refused(lambda: entry.delete())
    entry.object_repr = "edited"
    _refused(lambda: entry.save())
    assert LogEntry.objects.get(pk=entry.pk).object_repr != "edited"


def test_raw_sql_cannot_update_or_delete_an_entry(entry):
    def run(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])

    _refused(lambda: run("UPDATE auditlog_logentry SET changes = NULL WHERE id = %s"))
    _refused(lambda: run("DELETE FROM auditlog_logentry WHERE id = %s"))
    assert LogEntry.objects.filter(pk=entry.pk, changes__isnull=False).exists()


def test_the_admin_is_read_only_even_for_a_superuser(client, entry):
    from tests.factories import UserFactory

    boss = UserFactory(username="root@example.test", is_staff=True, is_superuser=True)
    client.force_login(boss)
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    assert client.get(change).status_code == 200  # viewing is fine
    assert client.post(change, {"object_repr": "x"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


# The staff page ------------------------------------------------------------------------


def test_staff_see_the_trail_newest_first_in_indonesian(client, staff, pendaftaran_a):
    client.force_login(staff)
    client.post(
        reverse("magang:staff_record_answer", args=[pendaftaran_a.pk]),
        {"hasil": "diterima", "catatan": "Divisi QA"},
        REMOTE_ADDR="10.1.2.3",
    )

    response = client.get(audit_url(pendaftaran_a))

    assert response.status_code == 200
    rows = response.context["page"].object_list
    assert [r.action for r in rows][:1] == ["changed"] and rows[-1].action == "created"
    text = page_text(response)
    assert "Staf PKPK" in text and "10.1.2.3" in text
    with override("id"):
        labels = [str(Pendaftaran.Status.DIAJUKAN.label), str(Pendaftaran.Status.DITERIMA.label)]
    assert all(label in text for label in labels)
    assert "Jejak audit" in text or "Audit trail" in text  # msgid until translated


def test_the_company_and_the_system_are_named_on_the_page(client, staff, pendaftaran_a):
    letter = issue([pendaftaran_a], staff)
    row = letter.mahasiswa.get()
    client.post(
        reverse("company_answer", args=[company_links.make_token(letter)]),
        {
            f"m{row.pk}-hasil": "ditolak",
            "pengisi-nama": "Ibu Ratna",
            "pengisi-jabatan": "HRD",
        },
    )
    client.force_login(staff)

    rows = client.get(audit_url(pendaftaran_a)).context["page"].object_list

    assert rows[0].who == letter.perusahaan_nama and letter.nomor in rows[0].who_detail
    assert rows[-1].who == "Sistem" or rows[-1].who == "System"  # created by a service call


def test_the_detail_pages_link_to_the_trail(client, staff, pendaftaran_a, kerjasama):
    letter = issue([pendaftaran_a], staff)
    client.force_login(staff)
    for page, record in [
        (reverse("magang:detail", args=[pendaftaran_a.pk]), pendaftaran_a),
        (reverse("surat:detail", args=[letter.pk]), letter),
        (reverse("rekap:kerjasama_detail", args=[kerjasama.pk]), kerjasama),
    ]:
        assert audit_url(record) in client.get(page).content.decode(), page


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_others_are_refused(client, request, who, pendaftaran_a):
    person = request.getfixturevalue(who)
    client.force_login(getattr(person, "user", person))
    assert client.get(audit_url(pendaftaran_a)).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, pendaftaran_a):
    response = client.get(audit_url(pendaftaran_a))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "label", ["magang.peristiwa", "auditlog.logentry", "nope.nothing", "magang", "pkpk.user.x"]
)
def test_only_tracked_models_are_accepted(client, staff, pendaftaran_a, label):
    client.force_login(staff)
    assert client.get(reverse("audit:record", args=[label, 1])).status_code == 404


def test_an_unknown_record_is_404(client, staff, pendaftaran_a):
    client.force_login(staff)
    url = reverse("audit:record", args=["magang.pendaftaran", pendaftaran_a.pk + 1000])
    assert client.get(url).status_code == 404


def test_a_deleted_record_keeps_its_trail(client, staff):
    from pkpk.models import HariKalender

    day = HariKalender.objects.create(
        tanggal=dt.date(2026, 12, 24), jenis="libur", keterangan="Cuti bersama"
    )
    pk = day.pk
    day.delete()
    client.force_login(staff)

    response = client.get(reverse("audit:record", args=["pkpk.harikalender", pk]))

    assert response.status_code == 200
    assert [r.action for r in response.context["page"].object_list] == ["deleted", "created"]


def test_the_page_query_count_does_not_grow_with_the_entries(client, staff, pendaftaran_a):
    client.force_login(staff)
    url = audit_url(pendaftaran_a)
    client.get(url)  # warm caches (content types, the session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(12):
        pendaftaran_a.penempatan = f"Divisi {n}"
        pendaftaran_a.kontak_nama = f"Kontak {n}"
        pendaftaran_a.save()
    assert entries_of(pendaftaran_a).count() > 10
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_every_tracked_model_is_registered_and_reachable(client, staff):
    from auditlog.registry import auditlog

    for key in audit.TRACKED:
        model = audit.model_for(key)
        assert auditlog.contains(model), key
        ContentType.objects.get_for_model(model)


def test_the_service_keeps_working_with_the_trail(staff, kerjasama):
    # partners.update goes through the registered model: one entry, by the system.
    partners.update(
        kerjasama=kerjasama,
        by=staff,
        jurusan=list(kerjasama.jurusan.all()),
        perusahaan=kerjasama.perusahaan,
        status="aktif",
        jenis_dokumen="moa",
        nomor="MOA/03/2026",
        tingkat="nasional",
        ruang_pendidikan=True,
        mulai=kerjasama.mulai,
        selesai=kerjasama.selesai,
    )
    assert Kerjasama.objects.get(pk=kerjasama.pk).nomor == "MOA/03/2026"
    assert entries_of(kerjasama).last().changes["nomor"][1] == "MOA/03/2026"
