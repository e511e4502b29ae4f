"""Fixtures of the operations tests: uploads in a folder of the test's own,
and the name of the test database the processes they start connect to
(the helpers that start them: tests/support/ops.py)."""

import pytest
from django.db import connection


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def test_database():
    return connection.settings_dict["NAME"]
