"""The demo app imports every other app; no app may import it back, so the
product runs the same without demo/ (tests and benchmarks may seed it)."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def our_apps():
    """{app name: folder} of the apps that live in this repository."""
    base = Path(settings.BASE_DIR)
    return {
        app.name: Path(app.path) for app in apps.get_app_configs() if base in Path(app.path).parents
    }


def test_no_app_imports_the_demo():
    ours = our_apps()
    assert {"pkpk", "magang", "surat", "rekap", "demo"} <= set(ours)
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {module}"
        for name, folder in ours.items()
        if name != "demo"
        for path in sorted(folder.rglob("*.py"))
        for module in imported_modules(path)
        if module == "demo" or module.startswith("demo.")
    ]
    assert not found


def test_the_demo_is_the_last_app():
    assert settings.INSTALLED_APPS[-1] == "demo"
