"""The register pages: who may open them, the list's filters and flags, the
form's rules, continuing a partnership, and the evidence files."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from rekap import partners
from rekap.models import Kerjasama, LampiranKerjasama
from tests.support.clock import WIB
from tests.support.partners import TODAY, exe_posing_as_pdf, pdf, signed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, 0, tzinfo=WIB), tick=False):
        yield


@pytest.fixture
def kerjasama(staff, jurusan):
    return signed(staff, [jurusan], selesai=TODAY + dt.timedelta(days=90))


@pytest.fixture
def lampiran(kerjasama, staff, media):
    return partners.attach_file(kerjasama=kerjasama, berkas=pdf(), aspek="dokumen", by=staff)


def _pages(k, lampiran):
    return [
        ("get", reverse("rekap:kerjasama_list")),
        ("get", reverse("rekap:kerjasama_excel")),
        ("get", reverse("rekap:kerjasama_create")),
        ("get", reverse("rekap:kerjasama_detail", args=[k.pk])),
        ("get", reverse("rekap:kerjasama_edit", args=[k.pk])),
        ("get", reverse("rekap:kerjasama_continue", args=[k.pk])),
        ("post", reverse("rekap:kerjasama_upload", args=[k.pk])),
        ("get", reverse("rekap:kerjasama_file", args=[lampiran.pk])),
    ]


def test_staff_open_every_page(client, staff, kerjasama, lampiran):
    client.force_login(staff)
    for method, url in _pages(kerjasama, lampiran):
        if method == "get":
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["student_a", "outsider"])
def test_others_get_403(request, client, who, kerjasama, lampiran):
    person = request.getfixturevalue(who)
    client.force_login(getattr(person, "user", person))
    for method, url in _pages(kerjasama, lampiran):
        assert getattr(client, method)(url).status_code == 403, url


def test_a_coordinator_reads_but_never_writes(client, coordinator_x, kerjasama, lampiran):
    # What they may read: tests/rekap/test_coordinator_reads.py.
    client.force_login(coordinator_x.user)
    readable = {
        "rekap:kerjasama_list",
        "rekap:kerjasama_excel",
        "rekap:kerjasama_detail",
        "rekap:kerjasama_file",
    }
    for (method, url), name in zip(
        _pages(kerjasama, lampiran),
        [
            "rekap:kerjasama_list",
            "rekap:kerjasama_excel",
            "rekap:kerjasama_create",
            "rekap:kerjasama_detail",
            "rekap:kerjasama_edit",
            "rekap:kerjasama_continue",
            "rekap:kerjasama_upload",
            "rekap:kerjasama_file",
        ],
        strict=True,
    ):
        expected = 200 if name in readable else 403
        assert getattr(client, method)(url).status_code == expected, url


def test_anonymous_goes_to_sign_in(client, kerjasama, lampiran):
    for method, url in _pages(kerjasama, lampiran):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert "login" in response["Location"] or "masuk" in response["Location"]


def test_the_list_flags_the_expiring_one(client, staff, jurusan, kerjasama):
    later = signed(staff, [jurusan], selesai=TODAY + dt.timedelta(days=91))
    client.force_login(staff)
    response = client.get(reverse("rekap:kerjasama_list"), {"keadaan": "akan_berakhir"})
    assert [k.pk for k in response.context["page"]] == [kerjasama.pk]
    assert response.context["expiring_count"] == 1
    assert b"bi-hourglass-split" in response.content
    response = client.get(reverse("rekap:kerjasama_list"), {"urut": "-selesai"})
    assert [k.pk for k in response.context["page"]] == [later.pk, kerjasama.pk]


def test_a_bad_filter_is_ignored_not_an_error(client, staff, kerjasama):
    client.force_login(staff)
    response = client.get(reverse("rekap:kerjasama_list"), {"tahun": "abc", "tingkat": "x"})
    assert response.status_code == 200


def test_the_list_is_paginated(client, staff, jurusan):
    for _ in range(26):
        signed(staff, [jurusan])
    client.force_login(staff)
    response = client.get(reverse("rekap:kerjasama_list"), {"page": 2, "status": "aktif"})
    assert len(response.context["page"]) == 1
    assert b"status=aktif" in response.content


def _form(perusahaan, dept, **extra):
    data = {
        "perusahaan": perusahaan.pk,
        "status": "aktif",
        "jenis_dokumen": "moa",
        "nomor": "MOA/99/2026",
        "jurusan": [dept.pk],
        "tingkat": "nasional",
        "ruang_penelitian": "on",
        "mulai": "2026-01-01",
        "selesai": "2028-12-31",
    }
    data.update(extra)
    return data


def test_staff_create_a_partnership(client, staff, jurusan, kerjasama):
    client.force_login(staff)
    response = client.post(reverse("rekap:kerjasama_create"), _form(kerjasama.perusahaan, jurusan))
    created = Kerjasama.objects.get(nomor="MOA/99/2026")
    assert response.status_code == 302
    assert response["Location"] == reverse("rekap:kerjasama_detail", args=[created.pk])
    assert created.ruang_penelitian and created.dibuat_oleh == staff


def test_the_form_explains_the_rules_and_saves_nothing(client, staff, jurusan, kerjasama):
    client.force_login(staff)
    data = _form(kerjasama.perusahaan, jurusan, jurusan=[], ruang_penelitian="", nomor="")
    data["selesai"] = "2025-01-01"
    response = client.post(reverse("rekap:kerjasama_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"jurusan", "ruang_pendidikan", "nomor", "selesai"}
    assert "__all__" not in errors  # no bare constraint names
    assert Kerjasama.objects.count() == 1


def test_staff_edit_a_partnership(client, staff, jurusan, kerjasama):
    client.force_login(staff)
    url = reverse("rekap:kerjasama_edit", args=[kerjasama.pk])
    data = _form(kerjasama.perusahaan, jurusan, bukti_manfaat="Dua dosen magang industri.")
    assert client.post(url, data).status_code == 302
    kerjasama.refresh_from_db()
    assert kerjasama.bukti_manfaat == "Dua dosen magang industri."


def test_continue_starts_from_the_earlier_one(client, staff, jurusan, kerjasama):
    client.force_login(staff)
    url = reverse("rekap:kerjasama_continue", args=[kerjasama.pk])
    initial = client.get(url).context["form"].initial
    assert initial["perusahaan"] == kerjasama.perusahaan_id
    assert initial["mulai"] == kerjasama.selesai
    response = client.post(url, _form(kerjasama.perusahaan, jurusan, status="usulan", nomor=""))
    assert response.status_code == 302
    assert kerjasama.lanjutan.get().status == "usulan"


def test_the_detail_shows_the_flag_and_the_evidence(client, staff, kerjasama, lampiran):
    client.force_login(staff)
    response = client.get(reverse("rekap:kerjasama_detail", args=[kerjasama.pk]))
    assert response.context["kerjasama"].keadaan == partners.AKAN_BERAKHIR
    assert reverse("rekap:kerjasama_file", args=[lampiran.pk]).encode() in response.content


def test_staff_upload_a_file(client, staff, kerjasama, media):
    client.force_login(staff)
    url = reverse("rekap:kerjasama_upload", args=[kerjasama.pk])
    response = client.post(url, {"aspek": "manfaat", "berkas": pdf("laporan.pdf")})
    assert response.status_code == 302
    assert kerjasama.lampiran.get().aspek == "manfaat"


def test_a_program_renamed_pdf_is_refused(client, staff, kerjasama, media):
    client.force_login(staff)
    url = reverse("rekap:kerjasama_upload", args=[kerjasama.pk])
    response = client.post(url, {"aspek": "dokumen", "berkas": exe_posing_as_pdf()})
    assert response.status_code == 400
    assert "berkas" in response.context["upload_form"].errors
    assert not LampiranKerjasama.objects.exists()


def test_a_file_too_large_is_refused(client, staff, kerjasama, media, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1))
    client.force_login(staff)
    url = reverse("rekap:kerjasama_upload", args=[kerjasama.pk])
    assert client.post(url, {"aspek": "dokumen", "berkas": big}).status_code == 400
    assert not LampiranKerjasama.objects.exists()


def test_the_file_downloads_as_an_attachment(client, staff, lampiran):
    client.force_login(staff)
    response = client.get(reverse("rekap:kerjasama_file", args=[lampiran.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_an_unknown_partnership_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("rekap:kerjasama_detail", args=[999999])).status_code == 404
    assert client.get(reverse("rekap:kerjasama_file", args=[999999])).status_code == 404


def test_the_list_query_count_does_not_grow(client, staff, jurusan, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    signed(staff, [jurusan])
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("rekap:kerjasama_list"))
    for _ in range(9):
        signed(staff, [jurusan], selesai=TODAY + dt.timedelta(days=30))
    with django_assert_num_queries(len(one)):
        client.get(reverse("rekap:kerjasama_list"))


def _register_rows(response):
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(response.content)).active
    return ws, list(ws.iter_rows(min_row=9, values_only=True))


def test_the_register_downloads_as_a_workbook(client, staff, jurusan, prodi_y, kerjasama):
    proposal = partners.create(
        by=staff,
        jurusan=[prodi_y.jurusan],
        perusahaan=kerjasama.perusahaan,
        status=Kerjasama.Status.USULAN,
        jenis_dokumen=Kerjasama.Dokumen.MOU,
        tingkat=Kerjasama.Tingkat.LOKAL,
        ruang_pendidikan=True,
        ruang_pkm=True,
    )
    client.force_login(staff)

    response = client.get(reverse("rekap:kerjasama_excel"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "register-kerjasama-202611021000.xlsx" in response["Content-Disposition"]
    ws, rows = _register_rows(response)
    assert ws.title == "Daftar mitra kerja sama"
    assert "B.1.15.7" in ws["A3"].value
    headers = [c.value for c in ws[8]]
    assert len(headers) == len(set(headers))
    # The list's order: newest start first, so a proposal (no start yet) on top.
    proposal_row, signed_row, totals = rows
    assert signed_row[0] == 2 and signed_row[1] == kerjasama.perusahaan.nama
    assert signed_row[3] == jurusan.nama
    assert signed_row[6] == "Nasional"
    assert signed_row[8] == dt.datetime(2025, 1, 1)
    assert ws["I10"].is_date and ws["I10"].number_format == "dd-mm-yyyy"
    assert signed_row[10] == "Berakhir dalam 90 hari"
    assert proposal_row[4] == "MoU" and proposal_row[10] == "Diusulkan"
    assert proposal_row[7] == "Pendidikan, Pengabdian kepada masyarakat (PkM)"
    assert proposal.pk and totals[0] == "Jumlah (2 baris)"


def test_the_register_workbook_keeps_the_list_s_filters(client, staff, jurusan, prodi_y, kerjasama):
    signed(staff, [prodi_y.jurusan], nomor="MOA/MB/2026")
    client.force_login(staff)

    response = client.get(reverse("rekap:kerjasama_excel"), {"jurusan": jurusan.pk})

    ws, rows = _register_rows(response)
    assert [r[5] for r in rows[:-1]] == [kerjasama.nomor]
    assert ws["A4"].value == f"Periode: Jurusan: {jurusan.nama}"
