"""The lock files bin/setup installs from: every package pinned with its
hashes, the direct requirements at their pins, and never older than the
human-edited lists they were made from (bin/lock)."""

import hashlib
import re

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = settings.BASE_DIR
# lock file -> the input files bin/lock hashes into its header
LOCKS = {
    "requirements.lock": ["requirements.txt"],
    "requirements-dev.lock": ["requirements.txt", "requirements-dev.txt"],
}
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def entries(lock):
    """{package: (pin line, [hashes])} of a lock file: a requirement line and
    the continuation lines after it."""
    found, current = {}, None
    for line in (ROOT / lock).read_text().splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if line.startswith(" "):
            assert current, f"{lock}: a continuation line before any requirement"
            found[current][1].extend(HASH.findall(text))
            continue
        requirement = Requirement(text.rstrip(" \\"))
        current = canonicalize_name(requirement.name)
        found[current] = (requirement, [])
    return found


def direct(path):
    """The requirements a human wrote in `path`, following `-r` includes."""
    requirements = []
    for line in (ROOT / path).read_text().splitlines():
        text = line.split("#", 1)[0].strip()
        if text.startswith("-r "):
            requirements += direct(text[3:].strip())
        elif text:
            requirements.append(Requirement(text))
    return requirements


def pin(requirement):
    (specifier,) = requirement.specifier
    assert specifier.operator == "==", f"{requirement} is not pinned"
    return specifier.version


@pytest.mark.parametrize("lock", LOCKS)
def test_every_package_of_the_lock_is_pinned_with_its_hashes(lock):
    packages = entries(lock)

    assert len(packages) > 30  # transitive ones too, not only the direct list
    for name, (requirement, hashes) in packages.items():
        assert pin(requirement), name
        assert hashes, f"{lock}: {name} has no hash"
    # WeasyPrint's PDF output rests on these; they are locked, not left to chance.
    for name in ("pydyf", "tinycss2", "cssselect2", "fonttools", "pillow", "tinyhtml5"):
        assert name in packages, f"{lock} lacks {name}"


@pytest.mark.parametrize(("lock", "inputs"), LOCKS.items())
def test_every_direct_requirement_is_locked_at_its_pin(lock, inputs):
    packages = entries(lock)

    for requirement in direct(inputs[-1]):
        name = canonicalize_name(requirement.name)
        assert name in packages, f"{requirement} is missing from {lock}: run bin/lock"
        locked = packages[name][0]
        assert pin(locked) == pin(requirement), f"{lock} has {locked}, not {requirement}"
        assert locked.extras == requirement.extras


def test_the_dev_lock_keeps_every_production_version():
    production, dev = entries("requirements.lock"), entries("requirements-dev.lock")

    for name, (requirement, hashes) in production.items():
        assert pin(dev[name][0]) == pin(requirement), name
        assert set(dev[name][1]) == set(hashes), name


@pytest.mark.parametrize(("lock", "inputs"), LOCKS.items())
def test_the_lock_is_not_older_than_its_input(lock, inputs):
    first_line = (ROOT / lock).read_text().splitlines()[0]
    digest = hashlib.sha256(b"".join((ROOT / path).read_bytes() for path in inputs)).hexdigest()

    assert first_line == f"# input-sha256: {digest}", (
        f"{lock} was made from other requirements: run bin/lock and commit the result"
    )


def test_production_installs_no_test_tool_and_names_what_it_uses():
    production = {canonicalize_name(r.name) for r in direct("requirements.txt")}
    locked = entries("requirements.lock")

    # Only the tests read PDFs back; the app only writes them.
    for tool in ("pypdf", "pytest", "factory-boy", "playwright", "ruff"):
        assert tool not in locked
    # Used by our own code, so named and pinned rather than arriving by chance:
    # the logo ImageField (Pillow), safe workbook parsing, error reports.
    assert {"pillow", "defusedxml", "sentry-sdk"} <= production


def test_the_set_up_installs_from_the_locks_with_hashes():
    setup = (ROOT / "bin" / "setup").read_text()

    assert "--require-hashes --no-deps" in setup
    assert "lock=requirements.lock" in setup
    assert "lock=requirements-dev.lock" in setup
