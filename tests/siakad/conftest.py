import pytest
from django.test import Client

from siakad import tokens
from siakad.models import KlienApi


@pytest.fixture
def write_token(staff):
    return tokens.create_client(nama="SIAKAD", cakupan=KlienApi.Cakupan.TULIS, by=staff)[1]


@pytest.fixture
def read_token(staff):
    return tokens.create_client(nama="SIAKAD baca", cakupan=KlienApi.Cakupan.BACA, by=staff)[1]


class Api:
    """Django's test client with a bearer token, JSON in and out."""

    def __init__(self, token=None):
        self.client = Client(raise_request_exception=False)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, **params):
        return self.client.get("/api/v1" + path, params, headers=self.headers)

    def post(self, path, rows):
        return self.client.post(
            "/api/v1" + path, rows, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api(write_token):
    return Api(write_token)


@pytest.fixture
def reader(read_token):
    return Api(read_token)


@pytest.fixture
def anonymous(db):
    return Api()
