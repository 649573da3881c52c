"""requirements.txt, the lock every install comes from, agrees with pyproject.toml."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
# One pinned package of the lock: its name, version, markers and hashes.
PINNED = re.compile(
    r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;\\]+)(?: *; *(?P<markers>[^\\\n]*))?"
    r"(?P<hashes>(?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})*)",
    re.MULTILINE,
)


def direct_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [Requirement(spec) for spec in specs]


def locked():
    """{name: [(version, markers, hashes)]} of requirements.txt."""
    pins = {}
    for pin in PINNED.finditer((ROOT / "requirements.txt").read_text()):
        pins.setdefault(canonicalize_name(pin["name"]), []).append(
            (pin["version"], (pin["markers"] or "").strip(), pin["hashes"])
        )
    return pins


def test_lock_pins_each_package_with_its_hashes():
    pins = locked()

    unhashed = [
        name for name, rows in pins.items() for *_, hashes in rows if not hashes
    ]

    assert len(pins) > len(direct_requirements())  # transitive ones too
    assert unhashed == []


@pytest.mark.parametrize("requirement", direct_requirements(), ids=str)
def test_lock_pins_each_direct_dependency_within_its_range(requirement):
    versions = [
        version for version, *_ in locked()[canonicalize_name(requirement.name)]
    ]

    outside = [v for v in versions if not requirement.specifier.contains(v)]

    assert versions
    assert outside == []


@pytest.mark.parametrize("requirement", direct_requirements(), ids=str)
def test_each_direct_dependency_stops_before_an_untested_major(requirement):
    upper_bounds = [spec for spec in requirement.specifier if spec.operator == "<"]

    assert len(upper_bounds) == 1
