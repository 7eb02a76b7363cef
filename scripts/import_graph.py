"""Print which packages of server/ import which: `python3 scripts/import_graph.py [server dir]`.

A unit is a package (`server/outreach/`) or a top-level module (`server/periods.py`); the factory,
`server/__init__.py`, is `__init__`. Imports inside a function count too, marked `(in a function)`.
tests/test_layers.py checks the same graph against the layer order.
"""
import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

SERVER = Path(__file__).resolve().parent.parent / "server"


@dataclass(frozen=True)
class Import:
    """One `from ... import ...` of a server module, resolved to the unit it reaches."""

    path: Path
    line: int
    unit: str  # the importing package or module
    target: str  # the unit imported
    local: bool  # inside a function


def unit_of(module):
    """('server', 'outreach', 'service') → 'outreach'; ('server',) → '__init__'."""
    return module[1] if len(module) > 1 else "__init__"


def module_of(path, root):
    parts = ["server", *path.relative_to(root).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def _targets(node, module, is_package):
    """The server modules one ImportFrom names (a package's `from . import x` names x)."""
    if node.level:
        base = module[:len(module) - node.level + (1 if is_package else 0)]
    elif (node.module or "").split(".")[0] == "server":
        base = []
    else:
        return []
    target = base + (node.module.split(".") if node.module else [])
    if len(target) > 1:
        return [target]
    return [target + [alias.name] for alias in node.names]


def walk(tree):
    """(node, inside a function) for every import of a module."""
    stack = [(tree, False)]
    while stack:
        node, local = stack.pop()
        for child in ast.iter_child_nodes(node):
            inner = local or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child, local
            stack.append((child, inner))


def server_imports(root=SERVER):
    """Every import of one server unit by another (or by itself), module by module."""
    found = []
    for path in sorted(root.rglob("*.py")):
        module = module_of(path, root)
        for node, local in walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name.split(".") for alias in node.names
                           if alias.name.split(".")[0] == "server"]
            else:
                targets = _targets(node, module, path.name == "__init__.py")
            found += [Import(path, node.lineno, unit_of(module), unit_of(t), local)
                      for t in targets]
    return found


def graph(imports):
    """{unit: {unit it imports: whether only inside functions}}, without a unit's own imports."""
    edges = defaultdict(dict)
    for imp in imports:
        if imp.target != imp.unit:
            edges[imp.unit][imp.target] = edges[imp.unit].get(imp.target, True) and imp.local
    return edges


def main(root):
    imports = server_imports(root)
    for unit, targets in sorted(graph(imports).items()):
        names = [f"{t} (in a function)" if local else t for t, local in sorted(targets.items())]
        print(f"{unit:10} -> {', '.join(names)}")
    local = sorted((i.path, i.line, i.target) for i in imports if i.local)
    print(f"\n{len(local)} import(s) of server code inside a function:")
    for path, line, target in local:
        print(f"  {path.relative_to(root.parent)}:{line} -> {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else SERVER)
