"""The tests share helpers through one package, tests/support/ (plain
functions, no fixtures), and fixtures through conftests: no file under
tests/ imports from a conftest or from a test module (`test_*.py`), whose
names pytest collects and whose fixtures would come along. Read with `ast`,
like test_import_rules.py does for the apps, so an import inside a function
counts too, and so does `from tests.rekap import test_kpi`."""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    target: str

    def __str__(self):
        return f"{self.path}:{self.line}: imports {self.target} (use tests/support/)"


def _is_forbidden(dotted: str) -> bool:
    last = dotted.rsplit(".", 1)[-1]
    return last == "conftest" or last.startswith("test_")


def _forbidden_imports(node, path):
    """(line, module) for each conftest or test module the node imports,
    whether as `from module import name` or `from package import module`."""
    if isinstance(node, ast.Import):
        return [(node.lineno, a.name) for a in node.names if _is_forbidden(a.name)]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        package = path.split("/")[:-1]
        base = package[: len(package) - node.level + 1]
        module = ".".join([*base, node.module] if node.module else base)
    else:
        module = node.module or ""
    if _is_forbidden(module):
        return [(node.lineno, module)]
    return [(node.lineno, f"{module}.{a.name}") for a in node.names if _is_forbidden(a.name)]


def violations_in(source: str, path: str) -> list[Violation]:
    """The conftests and test modules that the file at `path` (relative to
    the repository, "tests/magang/test_x.py") imports from."""
    found = [
        Violation(path, line, name)
        for node in ast.walk(ast.parse(source, filename=path))
        for line, name in _forbidden_imports(node, path)
    ]
    return sorted(found, key=lambda v: v.line)


def files_under_tests():
    for file in sorted(TESTS.rglob("*.py")):
        yield file.relative_to(ROOT).as_posix(), file


def test_no_test_file_imports_a_conftest_or_another_test_module():
    found = [
        str(violation)
        for path, file in files_under_tests()
        for violation in violations_in(file.read_text(encoding="utf-8"), path)
    ]
    assert not found, "Imports from conftests or test modules:\n" + "\n".join(found)


def test_the_rule_reads_every_test_file():
    paths = {path for path, _file in files_under_tests()}
    assert {"tests/conftest.py", "tests/support/pages.py", "tests/surat/test_clocks.py"} <= paths


@pytest.mark.parametrize(
    "path,source,line,target",
    [
        ("tests/x/test_a.py", "from tests.magang.conftest import at\n", 1, "tests.magang.conftest"),
        (
            "tests/magang/test_a.py",
            "import os\nfrom .conftest import at\n",
            2,
            "tests.magang.conftest",
        ),
        (
            "tests/x/test_a.py",
            "from tests.magang import conftest as c\n",
            1,
            "tests.magang.conftest",
        ),
        ("tests/rekap/test_a.py", "from . import test_kpi as kpi\n", 1, "tests.rekap.test_kpi"),
        (
            "tests/x/test_a.py",
            "from tests.surat.test_queue import f\n",
            1,
            "tests.surat.test_queue",
        ),
        (
            "tests/x/conftest.py",
            "from ..surat.test_clocks import D\n",
            1,
            "tests.surat.test_clocks",
        ),
        ("tests/x/test_a.py", "def t():\n    from .conftest import f\n", 2, "tests.x.conftest"),
        ("tests/support/a.py", "import tests.ops.conftest\n", 1, "tests.ops.conftest"),
    ],
)
def test_the_checker_catches_an_import_from_a_test_module(path, source, line, target):
    assert violations_in(source, path) == [Violation(path, line, target)]


@pytest.mark.parametrize(
    "path,source",
    [
        ("tests/x/test_a.py", "from tests.support.pages import page_text\n"),
        ("tests/x/test_a.py", "from tests.support import kpi\nfrom tests.factories import F\n"),
        ("tests/support/cast.py", "from .letters import issue\n"),
        ("tests/x/conftest.py", "import pytest\nfrom surat import services\n"),
        ("tests/x/test_a.py", 'text = "tests.magang.conftest"\n'),
    ],
)
def test_the_checker_lets_support_imports_pass(path, source):
    assert violations_in(source, path) == []


def test_a_violation_names_its_file_and_line():
    (violation,) = violations_in("x = 1\nfrom .test_queue import f\n", "tests/surat/test_b.py")
    assert (
        str(violation)
        == "tests/surat/test_b.py:2: imports tests.surat.test_queue (use tests/support/)"
    )
