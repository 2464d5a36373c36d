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


def test_the_readme_names_every_module_where_it_lives():
    """The README's "what is where" table is how a newcomer finds a module: each one is named
    (as `name`) on its folder's row."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip().strip("`"): line for line in readme.splitlines() if line.startswith("| `generator/")}
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in ("__init__.py", "__main__.py"):
            continue
        folder = "generator/" + "".join(part + "/" for part in path.relative_to(PACKAGE).parts[:-1])
        row = rows.get(folder) if folder != "generator/" else rows.get(f"generator/{path.name}")
        if row is None or (f"`{path.stem}`" not in row and folder != "generator/"):
            missing.append(str(path.relative_to(PACKAGE)))
    assert missing == []
