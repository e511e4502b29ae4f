"""Dependencies point one way (docs: the dependency rule): `pkpk` is the
ground floor and imports no app; `magang` knows nothing of `surat` or
`rekap`; `notifikasi` knows no other app; only `demo` may import `demo`.
Read from the source with `ast`, so an import inside a function counts, and
so does naming an app by string (`import_module("surat...")`,
`apps.get_model("surat", ...)`, a task path, a lazy foreign key
"surat.Surat"). The root URLconf's `include("surat.urls")` is allowed: it is
how the project's URLconf mounts an app."""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The project's packages that the rules speak of (those that exist are read).
PACKAGES = ("pkpk", "kampus", "magang", "surat", "rekap", "notifikasi", "siakad", "demo")
APPS = frozenset({"kampus", "magang", "surat", "rekap", "notifikasi", "siakad", "demo"})
# importer -> the packages it may never import.
FORBIDDEN = {
    "pkpk": APPS,
    # Campus sign-in builds on the core's people and roles alone.
    "kampus": frozenset({"magang", "surat", "rekap", "notifikasi", "siakad", "demo"}),
    "magang": frozenset({"surat", "rekap", "siakad", "demo"}),
    "surat": frozenset({"siakad", "demo"}),
    "rekap": frozenset({"siakad", "demo"}),
    # Notifications serve every app and know none (apps call notify).
    "notifikasi": frozenset({"magang", "surat", "rekap", "siakad", "demo"}),
    # The SIAKAD API reads every app but the demo; nothing but the URLconf uses it.
    "siakad": frozenset({"demo"}),
}
# Calls whose first argument names a module or a model by string.
BY_STRING = frozenset(
    {
        "import_module",
        "import_string",
        "__import__",
        "async_task",
        "schedule",
        "get_model",
        "get_app_config",
        "ForeignKey",
        "OneToOneField",
        "ManyToManyField",
    }
)


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    target: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.path.split('/')[0]} must not use {self.target}"


def _package_of(path: str) -> list[str]:
    """The package a file's relative imports start from, as parts (for a
    package's __init__.py, the package itself)."""
    return path.split("/")[:-1]


def _imported(node, path):
    """(line, dotted name) for each module the node imports or names by string."""
    if isinstance(node, ast.Import):
        return [(node.lineno, alias.name) for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            package = _package_of(path)
            base = package[: len(package) - node.level + 1]
            name = ".".join([*base, node.module] if node.module else base)
        else:
            name = node.module or ""
        return [(node.lineno, name)]
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        first = node.args[0]
        if called in BY_STRING and isinstance(first, ast.Constant) and isinstance(first.value, str):
            return [(node.lineno, first.value)]
    return []


def violations_in(source: str, path: str) -> list[Violation]:
    """What the file at `path` (relative to the repository, "pkpk/x.py")
    imports or names that its package may not."""
    importer = path.split("/")[0]
    forbidden = FORBIDDEN.get(importer, frozenset())
    found = []
    for node in ast.walk(ast.parse(source, filename=path)):
        for line, name in _imported(node, path):
            if name.split(".")[0] in forbidden:
                found.append(Violation(path, line, name))
    return sorted(found, key=lambda v: v.line)


def project_files():
    for package in PACKAGES:
        for file in sorted((ROOT / package).rglob("*.py")):
            path = file.relative_to(ROOT).as_posix()
            yield path, file


def test_no_package_imports_what_the_dependency_rule_forbids():
    found = [
        str(violation)
        for path, file in project_files()
        for violation in violations_in(file.read_text(encoding="utf-8"), path)
    ]
    assert not found, "Forbidden imports:\n" + "\n".join(found)


def test_the_rule_reads_the_project():
    paths = {path for path, _file in project_files()}
    assert {"pkpk/urls.py", "magang/views/student.py", "rekap/scope.py"} <= paths
    assert not any(path.startswith("pkpk/demo") for path in paths)


@pytest.mark.parametrize(
    "path,source,line,target",
    [
        ("pkpk/views.py", "import os\nfrom surat.models import Surat\n", 2, "surat.models"),
        ("pkpk/x.py", "import magang.selectors as s\n", 1, "magang.selectors"),
        ("pkpk/x.py", "def f():\n    from rekap.views import home\n", 2, "rekap.views"),
        ("pkpk/x.py", "import notifikasi\n", 1, "notifikasi"),
        ("pkpk/lib/x.py", "from demo import seed\n", 1, "demo"),
        ("pkpk/x.py", 'apps.get_model("surat", "Surat")\n', 1, "surat"),
        ("pkpk/x.py", 'apps.get_model("magang.Pendaftaran")\n', 1, "magang.Pendaftaran"),
        ("pkpk/x.py", 'importlib.import_module("rekap.recaps")\n', 1, "rekap.recaps"),
        ("pkpk/x.py", 'async_task("surat.tasks.sweep_clocks")\n', 1, "surat.tasks.sweep_clocks"),
        (
            "pkpk/models.py",
            'x = models.ForeignKey("magang.Pendaftaran")\n',
            1,
            "magang.Pendaftaran",
        ),
        ("magang/views/student.py", "from surat.models import Permintaan\n", 1, "surat.models"),
        ("magang/x.py", "from rekap import scope\n", 1, "rekap"),
        ("surat/x.py", "from demo.seed import run\n", 1, "demo.seed"),
        ("rekap/x.py", "import demo\n", 1, "demo"),
    ],
)
def test_the_checker_catches_a_forbidden_import(path, source, line, target):
    assert violations_in(source, path) == [Violation(path, line, target)]


@pytest.mark.parametrize(
    "path,source",
    [
        ("pkpk/urls.py", 'urlpatterns = [path("surat/", include("surat.urls"))]\n'),
        ("pkpk/views.py", "from . import roles\nfrom .lib import pdf\nimport django\n"),
        ("pkpk/x.py", "from pkpk.models import Mahasiswa\n# from surat import x\n"),
        ("pkpk/x.py", 'text = "magang.pendaftaran"\n'),
        ("magang/views/student.py", "from .. import selectors\nfrom pkpk import roles\n"),
        ("surat/x.py", "from magang.models import Pendaftaran\n"),
        ("rekap/x.py", "from magang.models import Pendaftaran\nfrom surat import models\n"),
        ("demo/x.py", "from magang import services\nfrom surat import services\n"),
    ],
)
def test_the_checker_lets_allowed_imports_pass(path, source):
    assert violations_in(source, path) == []


def test_a_relative_import_is_resolved_against_its_package():
    # `from .. import x` in magang/views/student.py is magang itself.
    assert _imported(ast.parse("from .. import selectors").body[0], "magang/views/student.py") == [
        (1, "magang")
    ]
    assert _imported(ast.parse("from .models import X").body[0], "pkpk/__init__.py") == [
        (1, "pkpk.models")
    ]


def test_a_violation_names_its_file_and_line():
    (violation,) = violations_in("x = 1\nfrom surat import models\n", "pkpk/views.py")
    assert str(violation) == "pkpk/views.py:2: pkpk must not use surat"
