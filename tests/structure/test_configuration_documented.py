"""Every environment variable pkpk/settings.py reads is in
docs/configuration.md, so a newcomer configuring production finds each one
(and a bridge added later cannot forget its rows)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def read_variables() -> set[str]:
    tree = ast.parse((ROOT / "pkpk" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        # env("X"), env.str("X", ...), env.bool("X"), ... on the module's `env`.
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        called = func.value if isinstance(func, ast.Attribute) else func
        first = node.args[0]
        if (
            isinstance(called, ast.Name)
            and called.id == "env"
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
        ):
            names.add(first.value)
    return names


def test_every_variable_settings_read_is_documented():
    variables = read_variables()
    assert len(variables) > 30  # the walk found them
    documented = (ROOT / "docs" / "configuration.md").read_text()
    assert sorted(v for v in variables if f"`{v}`" not in documented) == []
