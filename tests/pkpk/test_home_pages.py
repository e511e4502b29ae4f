import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["pkpk:student_home", "pkpk:staff_home", "pkpk:coordinator_home"]
ALLOWED = {
    "pkpk:student_home": "student_a",
    "pkpk:staff_home": "staff",
    "pkpk:coordinator_home": "coordinator_x",
}


def user_of(request, name):
    obj = request.getfixturevalue(name)
    return getattr(obj, "user", obj)


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_sign_in(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["student_a", "staff", "coordinator_x", "outsider"])
def test_each_role_opens_only_its_own_home(client, request, page, who):
    client.force_login(user_of(request, who))
    expected = 200 if ALLOWED[page] == who else 403
    assert client.get(reverse(page)).status_code == expected


def test_the_student_sees_their_own_data(client, student_a, student_b):
    client.force_login(student_a.user)
    content = client.get(reverse("pkpk:student_home")).content.decode()
    assert "3312501001" in content
    assert "Ani Lestari" in content
    assert "4312501002" not in content


def test_the_coordinator_sees_only_their_programme(client, coordinator_x, student_a, student_b):
    client.force_login(coordinator_x.user)
    content = client.get(reverse("pkpk:coordinator_home")).content.decode()
    assert "3312501001" in content
    assert "4312501002" not in content
    assert "Akuntansi" not in content


def test_the_coordinator_searches_by_name(client, coordinator_x, student_a, prodi_x):
    from tests.factories import MahasiswaFactory

    MahasiswaFactory(prodi=prodi_x, user__nama="Citra Dewi")
    client.force_login(coordinator_x.user)
    content = client.get(reverse("pkpk:coordinator_home"), {"q": "citra"}).content.decode()
    assert "Citra Dewi" in content
    assert "Ani Lestari" not in content


def test_staff_see_students_per_programme(client, staff, student_a, student_b):
    client.force_login(staff)
    content = client.get(reverse("pkpk:staff_home")).content.decode()
    assert "Teknik Informatika" in content
    assert "Akuntansi" in content


def test_the_coordinator_page_queries_do_not_grow_with_students(
    client, coordinator_x, prodi_x, django_assert_max_num_queries
):
    from tests.factories import MahasiswaFactory

    client.force_login(coordinator_x.user)
    MahasiswaFactory.create_batch(3, prodi=prodi_x)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("pkpk:coordinator_home"))
    MahasiswaFactory.create_batch(30, prodi=prodi_x)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("pkpk:coordinator_home"))


def test_an_account_without_a_role_is_told_so(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("home")).status_code == 403


def test_an_unknown_page_gets_the_indonesian_404(client, student_a):
    client.force_login(student_a.user)
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert '<html lang="id">' in response.content.decode()
