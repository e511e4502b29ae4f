"""The campus's OpenID provider for the tests, for real: the project in
tests/support/oidc_provider/ (django-oidc-provider), migrated into a SQLite
file of its own and served by gunicorn on a free loopback port. A test gives
it accounts and their claims; `sign_in` goes through its login form (and its
consent page) as a browser would and hands back where the provider sent us:
our callback, with the code and the state."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

# Our URLs as the tests' settings have them (no oidc/), imported before any
# test switches the provider on: tests/kampus/oidc_urls.py adds oidc/ to them.
import pkpk.urls  # noqa: F401
from kampus.oidc import DISCOVERED
from tests.support.ops import ROOT, free_port, spawn, stop, wait_for

CLIENT_ID = "pkpk-magang"
CLIENT_SECRET = "rahasia-klien-uji-0123456789"  # noqa: S105
TEST_CALLBACK = "http://testserver/oidc/callback/"
PASSWORD = "sandi-sso-kampus"  # noqa: S105


class Provider:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.issuer = f"{self.url}/openid"
        self.redirect_uris = [TEST_CALLBACK]
        self.consent = False
        self.accounts = {}
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.support.oidc_provider.settings",
            "OIDC_PROVIDER_STATE": str(self.folder),
            "OIDC_PROVIDER_URL": self.url,
            "PYTHONPATH": str(ROOT),
        }
        self.process = None

    # -- the process ---------------------------------------------------------

    def start(self):
        self._write_accounts()
        self._manage("migrate", "--verbosity", "0")
        self._setup()
        command = [
            *[sys.executable, "-m", "gunicorn", "tests.support.oidc_provider.wsgi"],
            *["--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", "4"],
            *["--no-control-socket", "--error-logfile", "-"],
        ]
        self.process = spawn(command, self.env, str(self.folder / "gunicorn.log"))
        wait_for(self._answers, "the test OpenID provider", self.process, self.folder)
        return self

    def stop(self):
        if self.process is not None:
            stop(self.process)
            self.process = None

    def _answers(self):
        try:
            return requests.get(self.discovery_url, timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def _manage(self, *args):
        done = subprocess.run(
            [sys.executable, "-m", "django", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]

    def _setup(self):
        uris = [arg for uri in self.redirect_uris for arg in ("--redirect-uri", uri)]
        consent = ["--consent"] if self.consent else []
        self._manage(
            "oidc_setup",
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            CLIENT_SECRET,
            *uris,
            *consent,
        )

    def _write_accounts(self):
        (self.folder / "accounts.json").write_text(json.dumps(self.accounts))

    # -- what a test changes ---------------------------------------------------

    def account(self, username, **claims):
        """An account of the campus with these claims (read by the provider
        at each request). Returns the username, whose password is PASSWORD."""
        self.accounts[username] = {"password": PASSWORD, "claims": claims}
        self._write_accounts()
        self._setup()
        return username

    def allow(self, redirect_uri, *, consent=False):
        """Register another redirect URI (the live server's callback) and
        whether the provider asks for consent."""
        if redirect_uri not in self.redirect_uris:
            self.redirect_uris.append(redirect_uri)
        self.consent = consent
        self._setup()

    # -- what our settings name ------------------------------------------------

    @property
    def discovery_url(self):
        return f"{self.issuer}/.well-known/openid-configuration"

    def settings(self, **overrides):
        """Our settings for this provider, as pkpk/settings.py maps the
        CAMPUS_OIDC_* variables (discovery from the issuer), with our URLs
        under oidc/ as pkpk/urls.py then has them."""
        from django.conf import settings

        return {
            "ROOT_URLCONF": "tests.kampus.oidc_urls",
            "AUTHENTICATION_BACKENDS": [
                *settings.AUTHENTICATION_BACKENDS,
                "kampus.oidc.CampusOIDCBackend",
            ],
            "CAMPUS_OIDC_ENABLED": True,
            "CAMPUS_OIDC_CLIENT_ID": CLIENT_ID,
            "CAMPUS_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "CAMPUS_OIDC_ISSUER": self.issuer,
            "CAMPUS_OIDC_ENDPOINTS": dict.fromkeys(DISCOVERED, ""),
            "CAMPUS_OIDC_NIM_CLAIM": "preferred_username",
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_RP_SCOPES": "openid email profile",
            "OIDC_CREATE_USER": False,
            "OIDC_USE_PKCE": True,
            "OIDC_TIMEOUT": 10,
            **overrides,
        }

    # -- a person at the provider ---------------------------------------------

    def sign_in(self, authorize_url, username, password=PASSWORD):
        """Follow our redirect to the provider, sign in on its form (and
        allow on its consent page), and return the URL it sends the browser
        back to: our callback with ?code=...&state=..."""
        browser = requests.Session()
        response = browser.get(authorize_url, timeout=10)
        response.raise_for_status()
        # The login form (the provider sends anyone not signed in there).
        response = browser.post(
            response.url,
            data={
                "csrfmiddlewaretoken": browser.cookies["campus_csrftoken"],
                "username": username,
                "password": password,
                "next": _next(response.url),
            },
            headers={"Referer": response.url},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text[:500]
        response = browser.get(
            urljoin(self.url, response.headers["Location"]), timeout=10, allow_redirects=False
        )
        if response.status_code == 200:  # its consent page
            response = self._allow(browser, response)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]

    def _allow(self, browser, page):
        fields = dict(re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', page.text))
        fields["allow"] = "Authorize"
        return browser.post(
            f"{self.issuer}/authorize",
            data=fields,
            headers={"Referer": page.url},
            allow_redirects=False,
            timeout=10,
        )


def _next(url):
    return parse_qs(urlsplit(url).query).get("next", [""])[0]
