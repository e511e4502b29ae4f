"""The client's address (pkpk.lib.net.client_ip), as the lockout, the rate
limits and the audit trail read it."""

import pytest

from pkpk.lib.net import client_ip


def request(rf, remote="", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


def test_without_a_proxy_it_is_the_connection_and_the_header_is_ignored(rf, settings):
    settings.PROXY_COUNT = 0
    assert client_ip(request(rf, "10.0.0.1", "6.6.6.6")) == "10.0.0.1"


def test_without_a_proxy_an_empty_connection_address_is_unknown(rf, settings):
    settings.PROXY_COUNT = 0
    assert client_ip(request(rf, "", "6.6.6.6")) is None


def test_behind_one_proxy_it_is_the_entry_the_proxy_appended(rf, settings):
    settings.PROXY_COUNT = 1
    # gunicorn on a Unix socket: no REMOTE_ADDR at all.
    assert client_ip(request(rf, "", "203.0.113.9")) == "203.0.113.9"


def test_behind_one_proxy_forged_entries_on_the_left_are_ignored(rf, settings):
    settings.PROXY_COUNT = 1
    forged = "6.6.6.6, 7.7.7.7, 203.0.113.9"
    assert client_ip(request(rf, "", forged)) == "203.0.113.9"


def test_behind_two_proxies_it_is_the_second_entry_from_the_right(rf, settings):
    settings.PROXY_COUNT = 2
    forwarded = "6.6.6.6, 203.0.113.9, 10.0.0.2"
    assert client_ip(request(rf, "10.0.0.3", forwarded)) == "203.0.113.9"


def test_a_request_that_skipped_the_proxy_is_its_connection(rf, settings):
    settings.PROXY_COUNT = 1
    assert client_ip(request(rf, "127.0.0.1")) == "127.0.0.1"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.9:5555", "203.0.113.9"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:DB8:0::1", "2001:db8::1"),
        ("x", "127.0.0.1"),
        ("6.6.6.6, not-an-address", "127.0.0.1"),
    ],
)
def test_forwarded_addresses_are_checked_and_cleaned(rf, settings, forwarded, expected):
    settings.PROXY_COUNT = 1
    assert client_ip(request(rf, "127.0.0.1", forwarded)) == expected


def test_nothing_usable_is_unknown(rf, settings):
    settings.PROXY_COUNT = 1
    assert client_ip(request(rf, "", "not-an-address")) is None
