import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tests.factories import MahasiswaFactory, UserFactory
from tests.support.pages import user_of
from tests.support.workbooks import confirm, student, students, upload_rows

pytestmark = pytest.mark.django_db


def page(client, impor, **params):
    return client.get(reverse("pkpk:import_detail", args=[impor.pk]), params)


@pytest.fixture
def previewed(client, staff, prodi_x):
    client.force_login(staff)
    impor = upload_rows(client, students(3))
    client.logout()
    return impor


def test_anonymous_is_sent_to_sign_in(client, previewed):
    response = page(client, previewed)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_only_staff_may_see_an_import(client, request, previewed, who):
    client.force_login(user_of(request, who))
    assert page(client, previewed).status_code == 403


def test_an_unknown_import_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("pkpk:import_detail", args=[999999])).status_code == 404


def test_a_refused_file_shows_every_error_and_that_nothing_was_imported(client, staff, prodi_x):
    client.force_login(staff)
    impor = upload_rows(client, [student(1), student(2, prodi="XX"), student(3, NIM="12")])
    content = html.unescape(page(client, impor).content.decode())
    assert _("Nothing was imported. Fix the file and upload it again.") in content
    assert _("There is no study programme with the code “%(code)s”.") % {"code": "XX"} in content
    assert _("The NIM must be 7 to 12 digits, with no letters or spaces.") in content
    assert "<td>3</td><td>Kode Prodi</td>" in content
    assert "<td>4</td><td>NIM</td>" in content
    assert reverse("pkpk:import_confirm", args=[impor.pk]) not in content


def test_a_clean_file_shows_a_preview_counts_and_the_import_button(
    client, staff, prodi_x, student_a
):
    client.force_login(staff)
    own = {"NIM": student_a.nim, "Email": student_a.user.email, "Nama": "Ani Lestari"}
    impor = upload_rows(client, [student(1), student(2, **own, Angkatan=2024, Telepon=None)])
    content = page(client, impor).content.decode()
    assert _("The file is correct. Nothing is imported until you confirm.") in content
    counts = _("New students: %(new)s · Will change: %(changed)s · Unchanged: %(same)s")
    assert counts % {"new": 1, "changed": 0, "same": 1} in content
    assert reverse("pkpk:import_confirm", args=[impor.pk]) in content
    button = ngettext("Import %(n)s student", "Import %(n)s students", 2) % {"n": 2}
    assert button in content
    assert "Mahasiswa Uji 1" in content
    assert "Ani Lestari" in content


def test_the_preview_marks_new_changed_and_unchanged_rows(client, staff, prodi_x):
    client.force_login(staff)
    confirm(client, upload_rows(client, students(2)))
    impor = upload_rows(client, [student(1), student(2, Nama="Nama Baru"), student(3)])
    response = page(client, impor)
    statuses = {p.row.nim: (p.status, p.changed_columns) for p in response.context["page"]}
    assert statuses == {
        "3312502001": ("sama", []),
        "3312502002": ("diubah", ["Nama"]),
        "3312502003": ("baru", []),
    }
    content = response.content.decode()
    assert _("Unchanged") in content
    assert _("Will change") in content
    assert _("New") in content


def test_a_long_preview_is_shown_50_rows_at_a_time(client, staff, prodi_x):
    client.force_login(staff)
    impor = upload_rows(client, students(120))
    first = page(client, impor)
    assert len(first.context["page"]) == 50
    assert first.context["page"].paginator.count == 120
    last = page(client, impor, page=3)
    assert [p.row.nim for p in last.context["page"]][-1] == "3312502120"


def test_a_file_that_went_wrong_since_the_check_shows_the_new_errors(client, staff, prodi_x):
    client.force_login(staff)
    impor = upload_rows(client, students(2))
    UserFactory(username="dosen@example.test", email="mhs2@students.example.test")
    content = html.unescape(page(client, impor).content.decode())
    assert _("The students changed since this file was checked, and some rows are now wrong.") in (
        content
    )
    message = _("The e-mail %(email)s already belongs to another account.")
    assert message % {"email": "mhs2@students.example.test"} in content
    assert reverse("pkpk:import_confirm", args=[impor.pk]) not in content


def test_an_imported_file_shows_the_counts(client, staff, prodi_x):
    client.force_login(staff)
    impor = upload_rows(client, students(4))
    confirm(client, impor)
    response = page(client, impor)
    assert response.context["impor"].jumlah_baru == 4
    content = response.content.decode()
    counts = _("New students: %(new)s · Updated: %(changed)s · Unchanged: %(same)s")
    assert counts % {"new": 4, "changed": 0, "same": 0} in content
    assert reverse("pkpk:import_confirm", args=[impor.pk]) not in content


def test_the_preview_page_queries_do_not_grow_with_rows(client, staff, prodi_x):
    client.force_login(staff)
    small = upload_rows(client, students(10))
    large = upload_rows(client, students(200))
    MahasiswaFactory.create_batch(3, prodi=prodi_x)

    def queries(impor):
        with CaptureQueriesContext(connection) as ctx:
            assert page(client, impor).status_code == 200
        return len(ctx.captured_queries)

    assert queries(large) == queries(small)
