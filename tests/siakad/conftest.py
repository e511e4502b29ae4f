import pytest

from siakad import tokens
from siakad.models import KlienApi
from tests.support.siakad_client import Api


@pytest.fixture
def write_token(staff):
    return tokens.create_client(nama="SIAKAD", cakupan=KlienApi.Cakupan.TULIS, by=staff)[1]


@pytest.fixture
def read_token(staff):
    return tokens.create_client(nama="SIAKAD baca", cakupan=KlienApi.Cakupan.BACA, by=staff)[1]


@pytest.fixture
def api(write_token):
    return Api(write_token)


@pytest.fixture
def reader(read_token):
    return Api(read_token)


@pytest.fixture
def anonymous(db):
    return Api()
