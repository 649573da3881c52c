"""Migrations stand alone: they run the code frozen inside the migrations
packages, never today's modules, so a fresh `migrate` keeps working whatever
those become.

The one exception is what makemigrations itself writes into the model state:
MODEL_STATE lists each such reference, and it may only stand among a
migration's operations, never in the code a data migration runs.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("academy", "people", "events", "public")

# Callables and classes that makemigrations writes into a migration to
# reconstruct a field or a model's options. Changing them in a migration would
# make makemigrations write a new one; Django asks that they stay importable.
MODEL_STATE = {
    "academy.i18n.Shown": "the ordering expression of translated names",
    "academy.identifiers.IdentifierField": "the field class of identifiers",
    "events.dates.validate_in_archive": "a validator of event dates",
    "events.models.material_path": "the upload_to of an event's materials",
    "people.models.photo_path": "the upload_to of a person's photo",
    "people.models.thumbnail_path": "the upload_to of a person's thumbnail",
}


def migration_modules():
    return sorted(
        path for package in PROJECT for path in (ROOT / package).glob("migrations/*.py")
    )


def within_migrations(module):
    """Whether the dotted `module` is a migrations package or inside one."""
    return module.split(".")[1:2] == ["migrations"]


def dotted(node):
    """`a.b.c` for an attribute chain on a name, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return inner and f"{inner}.{node.attr}"
    return None


def operations_nodes(tree):
    """The nodes of the `operations` list of the module's Migration class."""
    return {
        id(node)
        for klass in tree.body
        if isinstance(klass, ast.ClassDef) and klass.name == "Migration"
        for statement in klass.body
        if isinstance(statement, ast.Assign)
        and [dotted(target) for target in statement.targets] == ["operations"]
        for node in ast.walk(statement.value)
    }


def outside_references(source, package):
    """What `source`, a module of the migrations package `package`, takes
    from project code outside the migrations packages, as "line: what" texts,
    but for MODEL_STATE's references among its operations."""
    tree = ast.parse(source)
    state_modules = {name.rpartition(".")[0] for name in MODEL_STATE}
    found = []
    bound = set()  # the project packages that `import x.y` binds as names
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] not in PROJECT:
                    continue
                if alias.asname is None and (
                    within_migrations(alias.name) or alias.name in state_modules
                ):
                    bound.add(alias.name.split(".")[0])
                elif not within_migrations(alias.name):
                    found.append(f"{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*parts, *filter(None, [node.module])])
            else:
                module = node.module
            if module.split(".")[0] in PROJECT and not within_migrations(module):
                names = ", ".join(alias.name for alias in node.names)
                found.append(f"{node.lineno}: from {module} import {names}")
    operations = operations_nodes(tree)
    parents = {
        id(child): parent
        for parent in ast.walk(tree)
        for child in ast.iter_child_nodes(parent)
    }
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Name) and node.id in bound):
            continue
        outermost = node
        while isinstance(parents.get(id(outermost)), ast.Attribute):
            outermost = parents[id(outermost)]
        name = dotted(outermost)
        if within_migrations(name):
            continue
        if name not in MODEL_STATE:
            found.append(f"{node.lineno}: {name}")
        elif id(outermost) not in operations:
            found.append(f"{node.lineno}: {name} outside the operations")
    return sorted(found, key=lambda text: int(text.partition(":")[0]))


def test_migrations_use_no_project_code_but_the_model_state():
    offenders = {
        str(path.relative_to(ROOT)): references
        for path in migration_modules()
        for references in [
            outside_references(path.read_text(), f"{path.parts[-3]}.migrations")
        ]
        if references
    }

    assert offenders == {}


def test_reference_check_sees_every_kind_of_reference():
    source = (
        "import academy.i18n\n"
        "import events.tallies\n"
        "import people.migrations._frozen_search\n"
        "from academy.search import document\n"
        "from .. import models\n"
        "from ._frozen_tallies import recount\n"
        "def fill(apps, schema_editor):\n"
        "    from public import pages\n"
        "    academy.i18n.Shown('name')\n"
        "    people.migrations._frozen_search.document\n"
        "class Migration:\n"
        "    ordering = academy.i18n.Shown('title')\n"
        "    operations = [events.tallies.recount, academy.i18n.Shown('name')]\n"
    )

    assert outside_references(source, "events.migrations") == [
        "2: import events.tallies",
        "4: from academy.search import document",
        "5: from events import models",
        "8: from public import pages",
        "9: academy.i18n.Shown outside the operations",
        "12: academy.i18n.Shown outside the operations",
    ]


def test_every_migration_module_is_read():
    names = {path.parent.parent.name for path in migration_modules()}

    assert (names, len(migration_modules()) > 20) == ({"events", "people"}, True)
