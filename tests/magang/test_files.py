"""Application and reply files: served only inside the application's scope,
typed by content, always as a download."""

import pytest
from django.urls import reverse

from magang import answers
from tests.support.files import PDF_BYTES, PNG_BYTES, png
from tests.support.pages import user_of

pytestmark = pytest.mark.django_db


def cv_url(pendaftaran, kind="cv"):
    return reverse("magang:application_file", args=[pendaftaran.pk, kind])


@pytest.fixture
def balasan(pendaftaran_a):
    return answers.upload_reply(
        pendaftaran=pendaftaran_a, by=pendaftaran_a.mahasiswa.user, hasil="diterima", berkas=png()
    )


def reply_url(balasan):
    return reverse("magang:reply_file", args=[balasan.pk])


def body(response):
    return b"".join(response.streaming_content)


def test_anonymous_is_sent_to_sign_in(client, pendaftaran_a, balasan):
    for address in (cv_url(pendaftaran_a), reply_url(balasan)):
        response = client.get(address)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_an_outsider_is_refused(client, outsider, pendaftaran_a, balasan):
    client.force_login(outsider)
    assert client.get(cv_url(pendaftaran_a)).status_code == 403
    assert client.get(reply_url(balasan)).status_code == 403


@pytest.mark.parametrize("who", ["student_b", "coordinator_y"])
def test_nobody_outside_the_scope_gets_the_files(client, request, pendaftaran_a, balasan, who):
    client.force_login(user_of(request, who))
    assert client.get(cv_url(pendaftaran_a)).status_code == 404
    assert client.get(cv_url(pendaftaran_a, "transkrip")).status_code == 404
    assert client.get(reply_url(balasan)).status_code == 404


@pytest.mark.parametrize("who", ["student_a", "coordinator_x", "staff"])
def test_the_owner_the_coordinator_and_staff_download_the_cv(client, request, pendaftaran_a, who):
    client.force_login(user_of(request, who))
    response = client.get(cv_url(pendaftaran_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="cv-3312501001-{pendaftaran_a.pk}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == PDF_BYTES


def test_the_transcript_downloads_too(client, pendaftaran_a):
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(cv_url(pendaftaran_a, "transkrip"))
    assert response.status_code == 200
    assert "transkrip-3312501001" in response["Content-Disposition"]


def test_an_unknown_kind_is_not_found(client, pendaftaran_a):
    client.force_login(pendaftaran_a.mahasiswa.user)
    assert client.get(cv_url(pendaftaran_a, "foto")).status_code == 404


def test_a_missing_attachment_is_not_found(client, pendaftaran_a):
    pendaftaran_a.cv = ""
    pendaftaran_a.save(update_fields=["cv"])
    client.force_login(pendaftaran_a.mahasiswa.user)
    assert client.get(cv_url(pendaftaran_a)).status_code == 404


def test_the_reply_is_served_as_what_it_contains(client, balasan):
    client.force_login(balasan.pendaftaran.mahasiswa.user)
    response = client.get(reply_url(balasan))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.png"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == PNG_BYTES


def test_a_stored_file_of_another_type_is_octet_stream(client, pendaftaran_a):
    # Written past the checks (an old import, say): served as bytes, never as HTML.
    with pendaftaran_a.cv.open("wb") as handle:
        handle.write(b"<html><script>alert(1)</script></html>")
    client.force_login(pendaftaran_a.mahasiswa.user)
    response = client.get(cv_url(pendaftaran_a))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].endswith('.bin"')
    assert response["X-Content-Type-Options"] == "nosniff"
