"""Registration in the admin: read-mostly, state only through the services,
and no record of the procedure deleted."""

import pytest
from django.urls import reverse

from magang.models import Pendaftaran, Peristiwa
from tests.factories import UserFactory
from tests.support.applications import uploaded_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["lowongan", "pendaftaran", "suratbalasan", "peristiwa"])
def test_each_list_opens(superuser_client, model, pendaftaran_a):
    uploaded_reply(pendaftaran_a)
    response = superuser_client.get(reverse(f"admin:magang_{model}_changelist"))
    assert response.status_code == 200


def test_an_application_page_shows_its_events(superuser_client, pendaftaran_a):
    url = reverse("admin:magang_pendaftaran_change", args=[pendaftaran_a.pk])
    response = superuser_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="status"' not in content  # read-only
    assert 'name="kontak_nama"' in content  # a contact typo may be corrected
    assert str(Peristiwa.Jenis.DIAJUKAN.label) in content


def test_the_state_cannot_be_changed_in_the_admin(superuser_client, pendaftaran_a):
    url = reverse("admin:magang_pendaftaran_change", args=[pendaftaran_a.pk])
    data = {
        "posisi": pendaftaran_a.posisi,
        "mulai": pendaftaran_a.mulai,
        "selesai": pendaftaran_a.selesai,
        "kontak_nama": "Bapak HRD",
        "kontak_jabatan": "",
        "kontak_email": "hrd@mitra.example.test",
        "kontak_telepon": "",
        "status": "diterima",
        "batas_jawaban": "2020-01-01 00:00",
        "balasan-TOTAL_FORMS": "0",
        "balasan-INITIAL_FORMS": "0",
        "peristiwa-TOTAL_FORMS": "1",
        "peristiwa-INITIAL_FORMS": "1",
    }
    before = pendaftaran_a.batas_jawaban
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    pendaftaran_a.refresh_from_db()
    assert pendaftaran_a.kontak_nama == "Bapak HRD"
    assert pendaftaran_a.status == Pendaftaran.Status.DIAJUKAN
    assert pendaftaran_a.batas_jawaban == before


@pytest.mark.parametrize("model", ["pendaftaran", "suratbalasan", "peristiwa"])
def test_records_cannot_be_added_or_deleted(superuser_client, model, pendaftaran_a):
    balasan = uploaded_reply(pendaftaran_a)
    pk = {
        "pendaftaran": pendaftaran_a.pk,
        "suratbalasan": balasan.pk,
        "peristiwa": pendaftaran_a.peristiwa.first().pk,
    }[model]
    assert superuser_client.get(reverse(f"admin:magang_{model}_add")).status_code == 403
    delete = reverse(f"admin:magang_{model}_delete", args=[pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert Pendaftaran.objects.filter(pk=pendaftaran_a.pk).exists()


def test_events_cannot_be_changed(superuser_client, pendaftaran_a):
    event = pendaftaran_a.peristiwa.first()
    url = reverse("admin:magang_peristiwa_change", args=[event.pk])
    response = superuser_client.get(url)
    assert response.status_code == 200  # viewable
    assert 'name="_save"' not in response.content.decode()
    superuser_client.post(url, {"jenis": "dibatalkan", "catatan": "diubah"})
    event.refresh_from_db()
    assert event.jenis == Peristiwa.Jenis.DIAJUKAN


def test_a_vacancy_made_in_the_admin_records_its_author(superuser_client, prodi_x):
    from tests.factories import PerusahaanFactory

    company = PerusahaanFactory()
    response = superuser_client.post(
        reverse("admin:magang_lowongan_add"),
        {
            "perusahaan": company.pk,
            "posisi": "Teknisi",
            "deskripsi": "Perawatan mesin.",
            "persyaratan": "",
            "prodi": [prodi_x.pk],
            "kuota": 2,
            "mulai": "2027-02-01",
            "selesai": "2027-05-31",
            "batas_daftar": "2027-01-15",
            "aktif": "on",
        },
    )
    assert response.status_code == 302
    from magang.models import Lowongan

    assert Lowongan.objects.get().dibuat_oleh.is_superuser
