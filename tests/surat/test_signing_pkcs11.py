"""Letters signed with a key that never leaves a token: the institution's
HSM or smart card behind its PKCS#11 module, here Debian's SoftHSM."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from surat.letters import signing
from tests.support.letters import issue
from tests.support.signing import (
    KEY_LABEL,
    SOFTHSM_MODULE,
    TOKEN_LABEL,
    TOKEN_PIN,
    softhsm_token,
    stored_pdf,
    with_one_byte_changed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def token(tmp_path_factory):
    return softhsm_token(tmp_path_factory.mktemp("softhsm"))


@pytest.fixture
def token_signing(token, settings):
    settings.LETTER_SIGNING_PKCS11_MODULE = SOFTHSM_MODULE
    settings.LETTER_SIGNING_PKCS11_TOKEN = TOKEN_LABEL
    settings.LETTER_SIGNING_PKCS11_KEY = KEY_LABEL
    settings.LETTER_SIGNING_PKCS11_PIN = TOKEN_PIN


def test_a_letter_is_signed_by_the_key_on_the_token(token_signing, pendaftaran_a, staff):
    surat = issue([pendaftaran_a], staff)
    pdf = stored_pdf(surat)
    assert surat.tte_penandatangan == "UPT-PKPK Token Uji (Politeknik Uji)"
    assert signing.read_signature(pdf).certificate_sha256 == surat.tte_sertifikat
    assert signing.check_letter(surat, pdf).verdict == signing.Verdict.VALID
    changed = signing.check_letter(surat, with_one_byte_changed(pdf))
    assert changed.verdict == signing.Verdict.INVALID


def test_a_wrong_pin_fails_loudly(token, settings):
    settings.LETTER_SIGNING_PKCS11_MODULE = SOFTHSM_MODULE
    settings.LETTER_SIGNING_PKCS11_TOKEN = TOKEN_LABEL
    settings.LETTER_SIGNING_PKCS11_KEY = KEY_LABEL
    settings.LETTER_SIGNING_PKCS11_PIN = "000000"
    with pytest.raises(ImproperlyConfigured, match="LETTER_SIGNING_PKCS11_MODULE"):
        signing.signer()


def test_a_key_the_token_does_not_hold_fails_loudly(token_signing, settings):
    settings.LETTER_SIGNING_PKCS11_KEY = "tidak-ada"
    with pytest.raises(ImproperlyConfigured, match="tidak-ada"):
        signing.signer()
