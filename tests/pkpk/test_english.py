"""English is a full translation: every Indonesian message has its English
entry, and a staff member who picks English gets English pages."""

import gettext
from pathlib import Path

from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def _messages(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        return set(gettext.GNUTranslations(mo)._catalog) - {""}


def test_every_message_has_an_english_entry():
    missing = _messages("id") - _messages("en")
    assert not missing, f"run makemessages -l en and msgen (see locale/en): {sorted(missing)[:5]}"


def test_a_staff_member_switches_to_english_and_back(client, staff):
    client.force_login(staff)
    home = reverse("pkpk:staff_home")
    assert "Dasbor staf" in client.get(home).text
    client.post(reverse("set_language"), {"language": "en", "next": home})
    page = client.get(home)
    assert page["Content-Language"] == "en"
    assert "Staff dashboard" in page.text and "Dasbor staf" not in page.text
    client.post(reverse("set_language"), {"language": "id", "next": home})
    assert "Dasbor staf" in client.get(home).text
