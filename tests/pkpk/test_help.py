"""Help pages per role, in Indonesian and in English, reachable without an
account (companies have none), and linked from the page that raises the
question."""

import pytest
from django.urls import reverse

from pkpk.views import HELP_PAGES
from tests.support.applications import submit


@pytest.mark.parametrize("peran", list(HELP_PAGES))
def test_every_role_has_help_in_both_languages(client, db, peran):
    url = reverse("help_role", args=[peran])
    indonesian = client.get(url)
    assert indonesian.status_code == 200
    assert "Bantuan untuk" in indonesian.text
    client.cookies["django_language"] = "en"
    english = client.get(url)
    assert "Help for" in english.text and "Bantuan untuk" not in english.text


def test_the_help_index_opens_the_readers_own_role(client, student_a, staff):
    assert "Bantuan sistem magang" in client.get(reverse("help")).text
    client.force_login(student_a.user)
    assert "Bantuan untuk mahasiswa" in client.get(reverse("help")).text
    client.force_login(staff)
    assert "Bantuan untuk staf" in client.get(reverse("help")).text


def test_an_unknown_role_is_not_found(client, db):
    assert client.get(reverse("help_role", args=["rektor"])).status_code == 404


def test_the_ten_day_rule_is_explained_where_it_blocks(client, student_a):
    submit(student_a)
    client.force_login(student_a.user)
    page = client.get(reverse("pkpk:student_home")).text
    assert reverse("help_role", args=["mahasiswa"]) + "#aturan-10-hari" in page
    help_page = client.get(reverse("help_role", args=["mahasiswa"])).text
    assert 'id="aturan-10-hari"' in help_page and "10 hari kerja" in help_page
