"""Notifications are an app on top of the core: pkpk never imports
notifikasi (the bell's count reaches pkpk.auth through read_with_user)."""

import ast
from pathlib import Path

import pkpk

PKPK = Path(pkpk.__file__).parent


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_the_core_does_not_import_notifications():
    offenders = [
        f"{path.relative_to(PKPK.parent)}: {module}"
        for path in sorted(PKPK.rglob("*.py"))
        for module in imported_modules(path)
        if module.split(".")[0] == "notifikasi"
    ]
    assert offenders == []
