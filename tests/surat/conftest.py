"""Fixtures of the letter tests: uploads in a folder of the test's own,
student_a's application letter, signing with a throw-away certificate, and
the Monday morning some modules run on."""

import pytest
import time_machine

from tests.support.clock import wib
from tests.support.letters import issue
from tests.support.signing import PASSPHRASE, make_certificate


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def letter_a(request, staff):
    """A surat permohonan naming student_a."""
    return issue([request.getfixturevalue("pendaftaran_a")], staff)


@pytest.fixture
def monday_morning():
    """Monday 7 December 2026, 09:00 WIB: a working day inside the default
    service hours (Monday to Friday, 08:00-16:00)."""
    with time_machine.travel(wib(2026, 12, 7, 9, 0), tick=False):
        yield


@pytest.fixture
def signing_on(settings, tmp_path):
    """Letters are signed with a certificate made for this test; the PEM of
    its certificate, for the validators to trust."""
    p12, pem = make_certificate(tmp_path)
    settings.LETTER_SIGNING_P12 = str(p12)
    settings.LETTER_SIGNING_PASSPHRASE = PASSPHRASE
    return pem
