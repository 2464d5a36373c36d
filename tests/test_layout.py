"""The package's shape: folders import only from the folders below them, and nothing imports in a
circle. Read from the source with `ast`, so a lazy import inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
# Lowest first: a module may import from its own layer and the layers before it.
LAYERS = ["model", "paths", "source.yamlsource", "source.problems", "domain", "source", "render", "adapter", "commands", "__main__"]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Modules of the package that a file imports, as dotted names below `generator`."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = base + (node.module.split(".") if node.module else [])
            for alias in node.names:
                candidate = ".".join(target + [alias.name])
                found.add(candidate if (PACKAGE / (candidate.replace(".", "/") + ".py")).exists()
                          or (PACKAGE / candidate.replace(".", "/")).is_dir() else ".".join(target))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.add(node.module.removeprefix("generator."))
    return {name for name in found if name}


def layer(name: str) -> int:
    return max(i for i, prefix in enumerate(LAYERS) if name == prefix or name.startswith(prefix + "."))


GRAPH = {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def test_no_module_imports_from_a_later_layer():
    upward = sorted(f"{a} -> {b}" for a, targets in GRAPH.items() for b in targets if layer(b) > layer(a))
    assert upward == []


def test_no_import_cycle():
    def visit(name, trail):
        if name in trail:
            return trail[trail.index(name):] + [name]
        for target in sorted(GRAPH.get(name, ())):
            cycle = visit(target, trail + [name])
            if cycle:
                return cycle
        return None

    cycles = [visit(name, []) for name in sorted(GRAPH)]
    assert [c for c in cycles if c] == []
