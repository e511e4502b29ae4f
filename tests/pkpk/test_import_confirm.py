import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext as _

from pkpk import roles
from pkpk.models import ImporMahasiswa, Mahasiswa, User
from tests.support.pages import user_of
from tests.support.workbooks import confirm, last_message, student, students, upload_rows

pytestmark = pytest.mark.django_db

IMPORTED = "Students imported: %(new)d new, %(updated)d updated, %(same)d unchanged."


def imported_message(new, updated, same):
    return _(IMPORTED) % {"new": new, "updated": updated, "same": same}


def snapshot():
    return sorted(
        Mahasiswa.objects.values_list(
            "nim", "user__nama", "user__email", "user__password", "prodi__kode", "angkatan",
            "telepon",
        )
    )  # fmt: skip


@pytest.fixture
def previewed(client, staff, prodi_x):
    client.force_login(staff)
    impor = upload_rows(client, students(3))
    client.logout()
    return impor


def test_anonymous_is_sent_to_sign_in(client, previewed):
    response = confirm(client, previewed)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Mahasiswa.objects.exists()


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "outsider"])
def test_only_staff_may_import(client, request, previewed, who):
    client.force_login(user_of(request, who))
    before = Mahasiswa.objects.count()
    assert confirm(client, previewed).status_code == 403
    assert Mahasiswa.objects.count() == before
    previewed.refresh_from_db()
    assert previewed.status == ImporMahasiswa.Status.PRATINJAU


def test_it_needs_a_post(client, staff, previewed):
    client.force_login(staff)
    response = client.get(reverse("pkpk:import_confirm", args=[previewed.pk]))
    assert response.status_code == 405
    assert not Mahasiswa.objects.exists()


def test_an_unknown_import_is_404(client, staff):
    client.force_login(staff)
    assert client.post(reverse("pkpk:import_confirm", args=[999999])).status_code == 404


def test_it_imports_every_row_as_a_student_without_a_password(client, staff, previewed):
    client.force_login(staff)
    response = confirm(client, previewed)
    assert response.url == reverse("pkpk:import_detail", args=[previewed.pk])
    assert last_message(response) == imported_message(3, 0, 0)
    assert Mahasiswa.objects.count() == 3
    for user in User.objects.filter(mahasiswa__isnull=False):
        assert roles.MAHASISWA in user.groups.values_list("name", flat=True)
        assert not user.has_usable_password()
        assert user.username == user.mahasiswa.nim
    previewed.refresh_from_db()
    assert previewed.status == ImporMahasiswa.Status.DIIMPOR
    assert (previewed.jumlah_baru, previewed.jumlah_diubah, previewed.jumlah_sama) == (3, 0, 0)


def test_an_imported_student_sets_a_password_through_forgot_password(
    client, staff, previewed, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    confirm(client, previewed)
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "MHS1@students.example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "3312502001" in body
    link = next(line for line in body.splitlines() if "/sandi/atur/" in line).strip()
    response = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    form_url = response.redirect_chain[-1][0]
    new_password = "Sandi-Baru-Mhs-42"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    response = client.post(reverse("login"), {"username": "3312502001", "password": new_password})
    assert response.status_code == 302
    assert client.get(reverse("pkpk:student_home")).status_code == 200


def test_an_account_without_a_password_that_is_no_student_gets_no_reset_mail(
    client, staff, django_capture_on_commit_callbacks
):
    staff.set_unusable_password()
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": staff.email})
    assert mail.outbox == []


def test_confirming_twice_imports_once(client, staff, previewed):
    client.force_login(staff)
    confirm(client, previewed)
    before = snapshot()
    response = confirm(client, previewed)
    assert last_message(response) == _("This file has already been imported.")
    assert snapshot() == before
    previewed.refresh_from_db()
    assert previewed.jumlah_baru == 3


def test_a_second_import_of_the_same_file_changes_nothing(client, staff, prodi_x):
    client.force_login(staff)
    confirm(client, upload_rows(client, students(5)))
    before = snapshot()
    second = upload_rows(client, students(5))
    response = confirm(client, second)
    assert last_message(response) == imported_message(0, 0, 5)
    assert snapshot() == before
    second.refresh_from_db()
    assert (second.jumlah_baru, second.jumlah_diubah, second.jumlah_sama) == (0, 0, 5)


def test_an_edited_file_updates_the_students(client, staff, prodi_x, prodi_y):
    client.force_login(staff)
    confirm(client, upload_rows(client, students(3)))
    edited = [student(1, Nama="Nama Diperbaiki"), student(2, prodi="AK"), student(3)]
    response = confirm(client, upload_rows(client, edited), terapkan_perubahan="on")
    assert last_message(response) == imported_message(0, 2, 1)
    assert User.objects.get(username="3312502001").nama == "Nama Diperbaiki"
    assert Mahasiswa.objects.get(nim="3312502002").prodi == prodi_y
    assert Mahasiswa.objects.count() == 3


def test_a_refused_file_cannot_be_imported(client, staff, prodi_x):
    client.force_login(staff)
    impor = upload_rows(client, [student(1), student(2, prodi="XX")])
    response = confirm(client, impor)
    expected = _("This file has errors and cannot be imported. Fix it and upload it again.")
    assert last_message(response) == expected
    assert not Mahasiswa.objects.exists()


def test_a_file_that_went_wrong_since_the_check_is_refused_and_nothing_imported(
    client, staff, previewed
):
    from tests.factories import UserFactory

    UserFactory(username="dosen@example.test", email="mhs3@students.example.test")
    client.force_login(staff)
    response = confirm(client, previewed)
    assert last_message(response) == _(
        "The students changed since the file was checked and some rows are now wrong. "
        "Nothing was imported: see the list of errors."
    )
    assert not Mahasiswa.objects.exists()
    previewed.refresh_from_db()
    assert previewed.status == ImporMahasiswa.Status.DITOLAK
    assert [(e["baris"], e["kolom"]) for e in previewed.kesalahan] == [(4, "Email")]
