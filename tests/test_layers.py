"""The packages depend one way: academy <- people <- events <- public.

academy (settings, shared infrastructure) imports no app; people imports
nothing from events; the domain (people, events) imports nothing from the
public site. The root URLconf names the apps' URL modules as strings.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("academy", "people", "events", "public")


def imported_packages(source, package):
    """The top-level packages of ours that `source`, a module of `package`,
    imports."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # A relative import stays inside the module's own package.
            names = [package] if node.level else [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names)
    return found & set(LAYERS)


def imports_of(package):
    return {
        str(path.relative_to(ROOT)): imported_packages(path.read_text(), package)
        for path in sorted((ROOT / package).rglob("*.py"))
    }


@pytest.mark.parametrize("package", LAYERS)
def test_package_imports_only_layers_below_it(package):
    below = set(LAYERS[: LAYERS.index(package) + 1])

    upward = {
        module: sorted(packages - below)
        for module, packages in imports_of(package).items()
        if packages - below
    }

    assert upward == {}


def test_import_check_sees_every_kind_of_import():
    source = (
        "import events.models\n"
        "from academy.caching import remember\n"
        "from . import models\n"
        "def later():\n"
        "    from events import selectors\n"
    )

    assert imported_packages(source, "people") == {"academy", "events", "people"}


def test_every_package_is_read():
    assert {len(imports_of(package)) > 5 for package in LAYERS} == {True}
