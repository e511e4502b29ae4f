"""No template spells a state or a kind: a page that compares `status ==
'diterima'` keeps working silently after the state is renamed, and shows the
wrong badge. States are tested and coloured through the apps' tag libraries
(magang_rules, surat_rules, rekap_states) and model properties, keyed by the
enums' constants (docs/architecture.md, "One way to do each thing")."""

import re
from pathlib import Path

from magang.models import Pendaftaran
from magang.templatetags.magang_rules import application_badge
from rekap import dashboard, partners
from rekap.templatetags.rekap_states import partnership_state, placement_badge
from surat.models import Permintaan
from surat.templatetags.surat_rules import request_badge

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# A variable whose last part names a state or a kind, compared with a literal.
SPELLED = re.compile(
    r"""\b[\w.]*(status|jenis|keadaan|hasil|state)\s*(==|!=)\s*["']""", re.IGNORECASE
)


def test_no_template_compares_a_state_with_a_literal():
    found = [
        f"{path.relative_to(TEMPLATES)}:{n}: {line.strip()[:120]}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if SPELLED.search(line)
    ]
    assert not found, "States spelled in templates:\n" + "\n".join(found)


def test_every_state_has_a_badge_of_its_own_or_the_quiet_one():
    quiet = application_badge("")
    assert {application_badge(s) for s in Pendaftaran.Status} - {quiet}
    assert application_badge(Pendaftaran.Status.DITERIMA) != application_badge(
        Pendaftaran.Status.DITOLAK
    )
    assert request_badge(Permintaan.Status.DIKEMBALIKAN) != request_badge(Permintaan.Status.SELESAI)
    assert placement_badge(dashboard.PLACED) != placement_badge(dashboard.NOT_APPLIED)


def test_a_partnership_badge_says_its_state_and_the_warning_days():
    badge = partnership_state(partners.AKAN_BERAKHIR)
    assert str(partners.EXPIRY_WARNING_DAYS) in str(badge["label"])
    assert badge["icon"] != partnership_state("")["icon"]
