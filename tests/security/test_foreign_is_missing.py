"""Outsiders learn nothing from an object's address: for every URL that names
a person's object (by id, token or `?pendaftaran=`), a reader who may not see
it gets exactly what they get for an id that does not exist: the same status,
the same redirect, the same templates and the same page.

The URLs come from the authorization matrix (its KWARGS and QUERY build them
from the world); a URL with a path argument must be listed here either as an
object URL or as one that names no one's object, so a new URL without a row
fails `test_every_url_with_an_argument_is_classed`."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.support.cast import ROLES
from tests.support.matrix import ADMIN_NAMESPACE, KWARGS, MATRIX, QUERY

pytestmark = pytest.mark.django_db

MISSING_ID = 2_000_000_000
MISSING_TOKEN = "tidak-ada-0000"

# Path arguments that name no person's object: public pages, the reset link
# (its token is the credential, checked by Django), and fixed choices.
NOT_OBJECTS = {
    "help_role": "a role's help page",
    "password_reset_confirm": "Django's reset link: the token is the credential",
    "rekap:recap_download": "a kind of recap",
    "rekap:kpi_clocks": "a kind of service clock",
    "verify": "public: anyone holding the letter's code may verify it",
    "verify_short": "public: anyone holding the letter's code may verify it",
    "company_short": "public: the short link stands for the company's signed link",
    "company_answer": "public: the signed link is the company's credential",
    "company_feedback": "public: the signed link is the company's credential",
}
OBJECT_URLS = sorted((set(KWARGS) | set(QUERY)) - set(NOT_OBJECTS))


def names_with_arguments():
    names = set()

    def walk(resolver, namespaces):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace != ADMIN_NAMESPACE:
                    walk(entry, namespaces + ([entry.namespace] if entry.namespace else []))
            elif isinstance(entry, URLPattern) and entry.pattern.converters:
                names.add(":".join([*namespaces, entry.name]))

    walk(get_resolver(), [])
    return names


def test_every_url_with_an_argument_is_classed():
    unclassed = names_with_arguments() - set(OBJECT_URLS) - set(NOT_OBJECTS)
    assert not unclassed, f"class these in {__name__}: {', '.join(sorted(unclassed))}"


def missing_kwargs(kwargs):
    """The same arguments, with every id and token pointing at nothing."""
    replaced = {"pk": MISSING_ID, "token": MISSING_TOKEN}
    return {key: replaced.get(key, value) for key, value in kwargs.items()}


def urls_of(name, world):
    kwargs = KWARGS.get(name, lambda w: {})(world)
    query = QUERY.get(name, lambda w: "")(world)
    missing_query = re.sub(r"=\d+", f"={MISSING_ID}", query)
    return (
        reverse(name, kwargs=kwargs) + query,
        reverse(name, kwargs=missing_kwargs(kwargs)) + missing_query,
    )


def _cases():
    for name in OBJECT_URLS:
        get, post = MATRIX[name]
        for method, expected in (("GET", get), ("POST", post)):
            if expected is None:
                continue
            for role, outcome in zip(ROLES, expected.split(), strict=True):
                if outcome != "ok":  # the readers who may not see the object
                    yield pytest.param(name, method, role, id=f"{name}-{method}-{role}")


def answer(client, method, url, real_url):
    cache.clear()  # the navigation is a cached fragment: render it both times
    response = client.get(url) if method == "GET" else client.post(url, {})
    location = urlsplit(response.get("Location", "")).path
    page = response.content.decode(errors="replace")
    # The address itself may be echoed (a sign-in `next`); nothing else may differ.
    page = page.replace(real_url, "URL").replace(url, "URL")
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    templates = [t.name for t in response.templates or []]
    return response.status_code, location, templates, page


@pytest.mark.parametrize(("name", "method", "role"), list(_cases()))
def test_a_foreign_object_answers_as_a_missing_one(world, name, method, role):
    client = Client(raise_request_exception=False)
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    real, missing = urls_of(name, world)
    foreign = answer(client, method, real, real)
    absent = answer(client, method, missing, real)
    assert foreign[:3] == absent[:3], f"{method} {real} as {role}"
    assert foreign[3] == absent[3], f"{method} {real} as {role}: the pages differ"
    assert foreign[0] in (302, 403, 404, 405), f"{method} {real} as {role}: {foreign[0]}"
