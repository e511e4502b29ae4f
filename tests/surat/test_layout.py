"""The layout rules of the apps (STYLE.md, issue 17): modules stay under about
400 lines, surat groups its modules by sub-domain, one enum names the letter
kinds, and every task path the worker stores still imports."""

from pathlib import Path

from django.utils.module_loading import import_string

from pkpk.schedules import SCHEDULES
from surat.company import services as company_services
from surat.models import LETTER_CHOICES, Jenis, Permintaan, Surat

ROOT = Path(__file__).resolve().parents[2]
# "About 400": a module that passes it is split along a seam of its own.
MAX_LINES = 420
# What stays at the top of surat/: what Django and django-q2 look for by
# path, and the one module two sub-domains share.
SURAT_TOP = {
    "__init__.py",
    "admin.py",
    "apps.py",
    "urls.py",
    "urls_public.py",
    "retention.py",
    "initial_data.py",
    "limits.py",
    "tasks.py",
    "company_tasks.py",
}


def modules(app):
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


def test_every_module_of_the_apps_stays_under_about_400_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for app in ("surat", "magang", "rekap")
        for path in modules(app)
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_surat_keeps_its_modules_in_sub_domain_packages():
    top = {p.name for p in (ROOT / "surat").glob("*.py")}
    assert top == SURAT_TOP
    for package in ("letters", "desk", "company", "models", "views"):
        assert (ROOT / "surat" / package / "__init__.py").exists()


def test_one_enum_names_what_a_request_asks_for_and_a_letter_is():
    assert "Jenis" not in vars(Permintaan)  # no second copy on the request
    assert Permintaan._meta.get_field("jenis").choices == Jenis.choices
    # A letter is one of the two letter kinds, never a question.
    assert Surat._meta.get_field("jenis").choices == LETTER_CHOICES
    assert Jenis.PERTANYAAN not in dict(LETTER_CHOICES)


def test_every_task_path_the_worker_stores_still_imports():
    """django-q2 keeps these strings in schedule rows and queued tasks."""
    paths = [func for func, _minutes in SCHEDULES.values()]
    paths += [company_services.SEND_TASK, "surat.tasks.issue_batch"]
    for path in paths:
        assert callable(import_string(path)), path
