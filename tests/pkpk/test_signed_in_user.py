"""The signed-in person is read back on each request in one query, with what
every page needs: roles, the student record, the unread count of the bell."""

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from notifikasi.models import JenisNotifikasi, Notifikasi
from pkpk import roles, selectors
from pkpk.auth import NimOrEmailBackend
from pkpk.models import User

pytestmark = pytest.mark.django_db


def notification(user, **extra):
    return Notifikasi.objects.create(
        penerima=user, jenis=JenisNotifikasi.PENDAFTARAN, judul="t", isi="i", **extra
    )


def test_a_student_is_read_with_roles_record_and_unread_count_in_one_query(
    student_a, student_b, django_assert_num_queries
):
    user = student_a.user
    notification(user)
    notification(user)
    notification(user, dibaca_pada=timezone.now())  # read
    notification(user, di_aplikasi=False)  # e-mail only
    notification(student_b.user)  # someone else's

    with django_assert_num_queries(1):
        read = NimOrEmailBackend().get_user(user.pk)
        assert read == user
        assert roles.group_names(read) == {roles.MAHASISWA}
        assert read.unread_count == 2
        mahasiswa = selectors.student_of(read)
        assert mahasiswa == student_a
        assert mahasiswa.user is read
        assert mahasiswa.prodi == student_a.prodi
        assert mahasiswa.prodi.jurusan == student_a.prodi.jurusan


def test_staff_have_no_student_record_and_need_no_query_to_know(staff, django_assert_num_queries):
    read = NimOrEmailBackend().get_user(staff.pk)
    with django_assert_num_queries(0):
        assert roles.is_staf(read)
        assert read.unread_count == 0
        with pytest.raises(Http404):
            selectors.student_of(read)


def test_unknown_or_deactivated_accounts_are_nobody(student_a):
    backend = NimOrEmailBackend()
    assert backend.get_user(10**9) is None
    student_a.user.is_active = False
    student_a.user.save()
    assert backend.get_user(student_a.user.pk) is None


def test_a_deactivated_student_is_signed_out_on_the_next_request(client, student_a):
    client.force_login(student_a.user)
    assert client.get(reverse("pkpk:student_home")).status_code == 200
    student_a.user.is_active = False
    student_a.user.save()
    response = client.get(reverse("pkpk:student_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_bell_counts_what_is_unread_now(client, student_a):
    client.force_login(student_a.user)
    first = notification(student_a.user)
    notification(student_a.user)
    page = client.get(reverse("pkpk:student_home")).content.decode()
    assert "bi-bell-fill" in page
    first.dibaca_pada = timezone.now()
    first.save()
    client.post(reverse("notifications:read_all"))
    page = client.get(reverse("pkpk:student_home")).content.decode()
    assert "bi-bell-fill" not in page


def test_the_navigation_follows_the_role_and_language_of_each_request(
    client, student_a, staff, settings
):
    client.force_login(student_a.user)
    page = client.get(reverse("pkpk:student_home")).content.decode()
    assert reverse("magang:vacancy_list") in page
    assert reverse("surat:queue") not in page

    client.force_login(staff)
    page = client.get(reverse("pkpk:staff_home")).content.decode()
    assert reverse("surat:queue") in page
    assert reverse("magang:vacancy_list") not in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert ">Letters<" in client.get(reverse("pkpk:staff_home")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    assert ">Letters<" not in client.get(reverse("pkpk:staff_home")).content.decode()


@pytest.mark.parametrize(
    "nama, short",
    [
        ("Ani Lestari", "Ani"),
        ("Dr. Rina Wulandari, M.Kom.", "Rina"),
        ("Prof. Dr. Ir. Hendra Gunawan", "Hendra"),
        ("Budi Santoso, S.T., M.T.", "Budi"),
        ("Dr.", "Dr."),
        ("", "3312501001"),
    ],
)
def test_the_short_name_skips_titles_and_degrees(nama, short):
    assert User(username="3312501001", nama=nama).get_short_name() == short
