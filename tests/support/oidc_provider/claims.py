"""What the test provider says about an account: the claims the test gave
it in accounts.json, its `sub` a stable id of the campus's own."""

import json

from django.conf import settings
from oidc_provider.lib.claims import ScopeClaims


def accounts():
    return json.loads((settings.STATE / "accounts.json").read_text())


def sub(user):
    return f"campus-{user.username}"


def userinfo(claims, user):
    """The standard claims (email, email_verified, preferred_username...) as
    the test set them; read at each request, so a test may change them."""
    claims.update(accounts().get(user.username, {}).get("claims", {}))
    return claims


class CampusScopeClaims(ScopeClaims):
    """A campus's own scope, `kampus`, with the NIM in a claim of its own."""

    info_kampus = ("Kampus", "NIM Anda.")

    def scope_kampus(self):
        return {"nim": self.userinfo.get("nim")}
