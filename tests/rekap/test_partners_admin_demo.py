"""The register in the Django admin, and the demo partnerships."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from demo import partners as demo
from pkpk.models import Jurusan
from rekap import partners
from rekap.models import Kerjasama, RekapArsip
from tests.factories import PerusahaanFactory, UserFactory
from tests.support.partners import signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_the_admin_lists_and_edits_partnerships(client, superuser, staff, jurusan):
    k = signed(staff, [jurusan])
    client.force_login(superuser)
    assert client.get(reverse("admin:rekap_kerjasama_changelist")).status_code == 200
    assert client.get(reverse("admin:rekap_kerjasama_change", args=[k.pk])).status_code == 200
    assert client.get(reverse("admin:rekap_kerjasama_delete", args=[k.pk])).status_code == 403


def test_issued_recaps_are_read_only_in_the_admin(client, superuser):
    arsip = RekapArsip.objects.create(
        jenis="kpi", berkas="rekap/x.xlsx", nama_berkas="x.xlsx", sha256="0" * 64
    )
    client.force_login(superuser)
    assert client.get(reverse("admin:rekap_rekaparsip_changelist")).status_code == 200
    assert client.get(reverse("admin:rekap_rekaparsip_add")).status_code == 403
    response = client.post(
        reverse("admin:rekap_rekaparsip_change", args=[arsip.pk]), {"nama_berkas": "y"}
    )
    arsip.refresh_from_db()
    assert arsip.nama_berkas == "x.xlsx"
    assert client.get(reverse("admin:rekap_rekaparsip_delete", args=[arsip.pk])).status_code == 403
    assert response.status_code in (200, 403)


@pytest.fixture
def demo_world(db):
    staff = UserFactory(username="staf1@pkpk.polibatam.example")
    for kode in ("TI", "TE", "TM", "MB"):
        Jurusan.objects.get_or_create(kode=kode, defaults={"nama": kode})
    for nama in {d.company for d in demo.PARTNERSHIPS}:
        PerusahaanFactory(nama=nama)
    return staff


def test_the_demo_has_every_state_and_loads_once(demo_world):
    assert demo.load() == 4
    assert demo.load() == 0
    today = timezone.localdate()
    states = set(
        partners.with_state(Kerjasama.objects.all(), today).values_list("keadaan", flat=True)
    )
    assert states == {partners.BERLAKU, partners.AKAN_BERAKHIR, partners.BERAKHIR}
    assert Kerjasama.objects.filter(lanjutan_dari__isnull=False).count() == 1
    assert partners.expiring(today).count() == 1
    assert Kerjasama.objects.filter(selesai__lt=today - dt.timedelta(days=1)).count() == 1


def test_the_demo_writes_nothing_without_its_staff_account(db):
    assert demo.load() == 0
