"""Letters for the shared cast: student_a's submitted application to
PT Batam Presisi Elektronik, and a helper that issues a letter as staff."""

import io

import pytest
from pypdf import PdfReader

from magang import answers as magang_answers
from surat.letters import services
from surat.models import Jenis
from tests.magang.conftest import (  # noqa: F401 - shared fixtures
    lowongan,
    lowongan_y,
    pendaftaran_a,
    pendaftaran_b,
    perusahaan,
    submit,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def issue(pendaftaran_list, by, *, jenis=Jenis.PERMOHONAN, **extra):
    fields = {"penerima_jabatan": "Manajer HRD", "penerima_nama": "Ibu Ratna"}
    fields.update(extra)
    return services.issue_letter(jenis=jenis, pendaftaran_list=pendaftaran_list, by=by, **fields)


def accept(pendaftaran, staff):
    return magang_answers.record_answer(pendaftaran=pendaftaran, hasil="diterima", by=staff)


def pdf_text(surat):
    with surat.berkas.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages), reader


@pytest.fixture
def letter_a(request, staff):
    """A surat permohonan naming student_a."""
    return issue([request.getfixturevalue("pendaftaran_a")], staff)
