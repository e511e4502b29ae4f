"""Tokens, scopes, the rate limit, the call log and the docs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from siakad import tokens
from siakad.models import KlienApi, PanggilanApi
from tests.support.siakad_client import Api

pytestmark = pytest.mark.django_db


def test_no_token_is_401(anonymous):
    response = anonymous.get("/changes")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["errors"][0]["code"] == "unauthorized"


def test_a_wrong_token_is_401(write_token):
    wrong = write_token[:-4] + "AAAA"
    assert Api(wrong).get("/changes").status_code == 401
    assert Api("pkpk_nothing").get("/changes").status_code == 401


def test_a_revoked_token_is_401(api, write_token):
    assert api.get("/changes").status_code == 200
    tokens.revoke(KlienApi.objects.all())
    assert Api(write_token).get("/changes").status_code == 401


def test_the_token_is_stored_hashed(write_token):
    klien = KlienApi.objects.get()
    assert write_token not in (klien.token_hash, klien.awalan)
    assert len(klien.token_hash) == 64 and klien.awalan in write_token


def test_a_read_token_reads_and_may_not_write(reader):
    assert reader.get("/changes").status_code == 200
    response = reader.post("/jurusan", [{"kode": "TE", "nama": "Teknik Elektro"}])
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "read_only"


def test_the_write_scope_also_reads(api):
    assert api.get("/applications").status_code == 200


def test_a_session_is_no_token(client, staff):
    client.force_login(staff)
    assert client.get("/api/v1/changes").status_code == 401


def test_the_rate_limit_is_per_client(settings, api, reader):
    settings.API_RATE_LIMIT = "3/min"
    answers = [api.get("/changes").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = api.get("/changes")
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert reader.get("/changes").status_code == 200  # another client, its own budget


def test_every_call_is_logged(api, anonymous):
    api.get("/changes")
    anonymous.get("/changes")
    calls = list(PanggilanApi.objects.order_by("pk").values_list("klien__nama", "status", "path"))
    assert calls == [("SIAKAD", 200, "/api/v1/changes"), (None, 401, "/api/v1/changes")]
    assert KlienApi.objects.get(nama="SIAKAD").terakhir_dipakai is not None


def test_old_calls_are_pruned(settings, api):
    from siakad.calls import prune

    api.get("/changes")
    settings.API_LOG_DAYS = 30
    assert prune(now=timezone.now() + timezone.timedelta(days=31)) == 1
    assert not PanggilanApi.objects.exists()


def test_the_docs_are_for_staff_only(client, staff, student_a):
    url = reverse("siakad:openapi-view")
    assert client.get(url).status_code == 302
    client.force_login(student_a.user)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    page = client.get(url)
    assert page.status_code == 200 and b"cdn" not in page.content.lower()
    schema = client.get(reverse("siakad:openapi-json")).json()
    assert "/api/v1/mahasiswa" in schema["paths"] and "/api/v1/changes" in schema["paths"]


def test_staff_create_a_client_in_the_admin_and_see_its_token_once(client, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    response = client.post(
        reverse("admin:siakad_klienapi_add"), {"nama": "SIAKAD", "cakupan": "write"}, follow=True
    )
    klien = KlienApi.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    token = next(word for text in shown for word in text.split() if word.startswith("pkpk_"))
    assert klien.dibuat_oleh == staff and tokens.client_for(token) == klien
    page = client.get(reverse("admin:siakad_klienapi_change", args=[klien.pk])).content.decode()
    assert token not in page
    client.post(
        reverse("admin:siakad_klienapi_changelist"),
        {"action": "revoke", "_selected_action": [klien.pk]},
    )
    assert tokens.client_for(token) is None
