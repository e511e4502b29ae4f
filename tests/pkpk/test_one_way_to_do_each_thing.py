"""Glue written once (issue 17): the second view that needs it calls the
helper instead of writing a copy. Each test names the one place."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("pkpk", "magang", "surat", "rekap")


def sources(*patterns, under=APPS):
    for folder in under:
        for pattern in patterns:
            yield from (p for p in (ROOT / folder).rglob(pattern) if "migrations" not in p.parts)


def templates():
    return [p for p in (ROOT / "templates").rglob("*.html") if "help" not in p.parts]


def holding(paths, pattern):
    regex = re.compile(pattern)
    return sorted(str(p.relative_to(ROOT)) for p in paths if regex.search(p.read_text()))


def test_one_staff_check_for_services():
    assert holding(sources("*.py"), r"def _?require_staff") == ["pkpk/roles.py"]


def test_one_place_hands_out_files():
    assert holding(sources("*.py"), r"FileResponse\(|content_disposition_header\(") == [
        "pkpk/lib/downloads.py"
    ]


def test_service_errors_reach_forms_and_messages_through_one_helper():
    views = [p for p in sources("*.py") if "views" in p.name or p.parent.name == "views"]
    copied = (
        r"for text in error\.messages|field if field in form\.fields"
        r"|messages\.error\(request, text"
    )
    assert holding(views, copied) == ["pkpk/lib/views.py"]


def test_one_error_summary_takes_the_focus():
    assert holding(templates(), r"data-error-summary") == ["templates/_error_summary.html"]


def test_one_pagination_partial():
    assert holding(templates(), r'class="pagination') == ["templates/_pagination.html"]


def test_no_template_compares_a_models_state_string():
    # A state is asked through a model property (pendaftaran.awaits_answer).
    compared = r"\.(status|verifikasi|hasil|jenis) ?[!=]= ?['\"]"
    assert holding(templates(), compared) == []
