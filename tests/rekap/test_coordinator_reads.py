"""A coordinator reads the KPI figures and the partner register of their
own departments (the jurusan of their prodi), read-only: the scope is
rekap.scope; another department's id is a form error or a 404."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from rekap import partners
from tests.support.partners import pdf, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def mb(prodi_y):
    return prodi_y.jurusan


@pytest.fixture
def register(staff, jurusan, mb, media):  # noqa: F811
    """A TI partnership (with a file) and an MB one."""
    ti_k = signed(staff, [jurusan], perusahaan=None, selesai=dt.date(2027, 12, 31))
    mb_k = signed(staff, [mb], selesai=dt.date(2027, 12, 31))
    files = {
        k: partners.attach_file(kerjasama=k, berkas=pdf(), aspek="dokumen", by=staff)
        for k in (ti_k, mb_k)
    }
    return {"ti": ti_k, "mb": mb_k, "files": files}


def test_the_kpi_dashboard_shows_their_department(client, coordinator_x, jurusan):
    client.force_login(coordinator_x.user)
    response = client.get(reverse("rekap:kpi_dashboard"))
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["jurusan"] == jurusan
    assert response.context["board"].jurusan == jurusan


def test_another_department_is_a_form_error(client, coordinator_x, mb):
    client.force_login(coordinator_x.user)
    for name in ["rekap:kpi_dashboard", "rekap:kpi_excel", "rekap:kpi_pdf"]:
        response = client.get(reverse(name), {"jurusan": mb.pk})
        assert response.status_code == 400, name


def test_staff_still_read_every_department(client, staff):
    client.force_login(staff)
    response = client.get(reverse("rekap:kpi_dashboard"))
    assert response.context["form"].cleaned_data["jurusan"] is None


def test_the_register_lists_only_their_departments(client, coordinator_x, register):
    client.force_login(coordinator_x.user)
    response = client.get(reverse("rekap:kerjasama_list"))
    assert list(response.context["page"]) == [register["ti"]]
    # Even when they ask for the other department by id.
    asked = client.get(reverse("rekap:kerjasama_list"), {"jurusan": register["mb"].pk})
    assert register["mb"] not in list(asked.context["page"])


def test_the_register_has_no_edit_buttons_for_them(client, coordinator_x, register):
    client.force_login(coordinator_x.user)
    content = client.get(reverse("rekap:kerjasama_list")).content.decode()
    assert reverse("rekap:kerjasama_create") not in content
    detail = client.get(reverse("rekap:kerjasama_detail", args=[register["ti"].pk]))
    content = detail.content.decode()
    assert detail.status_code == 200
    for name in ["rekap:kerjasama_edit", "rekap:kerjasama_continue", "rekap:kerjasama_upload"]:
        assert reverse(name, args=[register["ti"].pk]) not in content, name
    assert reverse("rekap:kerjasama_file", args=[register["files"][register["ti"]].pk]) in content


def test_staff_see_the_edit_buttons(client, staff, register):
    client.force_login(staff)
    content = client.get(reverse("rekap:kerjasama_detail", args=[register["ti"].pk])).content
    assert reverse("rekap:kerjasama_edit", args=[register["ti"].pk]) in content.decode()


def test_another_department_s_partnership_is_a_404(client, coordinator_x, register):
    client.force_login(coordinator_x.user)
    mb_k = register["mb"]
    assert client.get(reverse("rekap:kerjasama_detail", args=[mb_k.pk])).status_code == 404
    file_url = reverse("rekap:kerjasama_file", args=[register["files"][mb_k].pk])
    assert client.get(file_url).status_code == 404


def test_the_edit_urls_stay_staff_only(client, coordinator_x, register):
    client.force_login(coordinator_x.user)
    pk = register["ti"].pk
    assert client.get(reverse("rekap:kerjasama_edit", args=[pk])).status_code == 403
    assert client.get(reverse("rekap:kerjasama_continue", args=[pk])).status_code == 403
    assert client.post(reverse("rekap:kerjasama_upload", args=[pk])).status_code == 403
    assert client.get(reverse("rekap:kerjasama_create")).status_code == 403


def test_the_register_workbook_holds_their_departments_only(client, coordinator_x, register):
    client.force_login(coordinator_x.user)

    response = client.get(reverse("rekap:kerjasama_excel"))

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    names = {cell for row in workbook.active.iter_rows(values_only=True) for cell in row}
    assert register["ti"].perusahaan.nama in names
    assert register["mb"].perusahaan.nama not in names
