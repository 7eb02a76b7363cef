"""The packages of server/ form layers that only point down (README, "Layout").

LAYERS lists every package and top-level module of server/, bottom first: each imports only
what comes before it, inside functions too. An import inside a function says why, in a comment
on its line or the line above. `python3 scripts/import_graph.py` prints the graph checked here.
"""
import ast

import pytest

from scripts.import_graph import SERVER, server_imports, walk

LAYERS = (
    # shared: the extensions, time and periods, errors, personal data, fields, secrets, roles,
    # the request's origin, the shared counters, the replica, the operators' figures
    "extensions", "counters", "replica", "config", "timeutil", "errors", "periods", "personal_data", "fields",
    "csvio", "bulk", "security", "backup", "secretbox", "roles", "origin", "telemetry",
    "access",  # the @access rule; the domains register their scopes with it
    "audit",  # the log that user management, closures and the event listener write
    "closures",  # closed months, which sync and reports ask about
    "areas",
    "auth",
    "outreach",
    "support",  # support points and QR boards, which events point at through outreach's links
    "metrics",
    "plans",  # plans, tasks and campaigns: read gaps, coverage and targets from metrics
    "reports", "health", "pwa",
    "demo", "commands",
    "__init__",  # the factory wires them all
)


def units(root):
    """Every package and top-level module of a server tree, the factory as `__init__`."""
    return {p.stem if p.is_file() else p.name for p in root.iterdir()
            if (p.suffix == ".py" or (p / "__init__.py").exists()) and p.name != "__pycache__"}


def upward_imports(root, layers=LAYERS):
    """'path:line unit -> target' for every import of a unit listed at or above the importer."""
    rank = {unit: i for i, unit in enumerate(layers)}
    return [f"{imp.path.relative_to(root.parent)}:{imp.line} {imp.unit} -> {imp.target}"
            for imp in server_imports(root)
            if imp.target != imp.unit and rank[imp.target] >= rank[imp.unit]]


def unexplained_local_imports(root):
    """'path:line' of every import inside a function with no comment on its line or above it."""
    found = []
    for path in sorted(root.rglob("*.py")):
        lines = path.read_text().splitlines()
        for node, local in walk(ast.parse("\n".join(lines), str(path))):
            said = "#" in lines[node.lineno - 1] or lines[node.lineno - 2].strip().startswith("#")
            if local and not said:
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    return found


def test_every_package_has_a_layer():
    assert units(SERVER) == set(LAYERS), "place the new package or module in LAYERS"


def test_packages_import_only_the_layers_below():
    upward = upward_imports(SERVER)
    assert not upward, "these imports point up (see LAYERS):\n  " + "\n  ".join(upward)


def test_imports_inside_functions_say_why():
    silent = unexplained_local_imports(SERVER)
    assert not silent, "import at the top, or say why not:\n  " + "\n  ".join(silent)


@pytest.fixture
def tree(tmp_path):
    """A small server tree: areas below outreach."""
    root = tmp_path / "server"
    for package in ("areas", "outreach"):
        (root / package).mkdir(parents=True)
        (root / package / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    return root


def test_the_checks_catch_an_upward_and_an_unexplained_import(tree):
    (tree / "areas" / "service.py").write_text(
        "def load():\n    from ..outreach import models\n    return models\n")
    (tree / "outreach" / "models.py").write_text("from server.areas import service\n")
    assert upward_imports(tree, ("areas", "outreach")) == [
        "server/areas/service.py:2 areas -> outreach"]
    assert unexplained_local_imports(tree) == ["server/areas/service.py:2"]


def test_a_comment_explains_an_import_inside_a_function(tree):
    (tree / "areas" / "service.py").write_text(
        "def load():\n    # Here: a heavy module, loaded on first use.\n    import json\n")
    assert unexplained_local_imports(tree) == []
