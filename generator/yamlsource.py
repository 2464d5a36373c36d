"""Reading YAML strictly, remembering where every value was written.

PyYAML composes the node tree (which carries line and column); we turn nodes into Python values
ourselves so that: duplicate keys are errors, not silently dropped; YAML 1.1's surprises cannot
happen (every plain scalar stays the text the editor wrote, and the model's types decide what it
means: `9:00`, `no` and `010` stay text in a text field); aliases cannot expand into a bomb.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .problems import Problem

MAX_BYTES = 20 * 1024 * 1024
MAX_VALUES = 2_000_000
NULLS = {"", "~", "null", "Null", "NULL"}

Path = tuple  # of str keys and int indexes


@dataclass
class Source:
    """A parsed YAML file: its data, and where each value and key stands (1-based)."""

    file: str
    data: object = None
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: Path, key: bool = False) -> tuple[int, int]:
        """The position of a path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            table = self.keys if key else self.values
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
            key = False
        return self.values.get((), (1, 1))

    def problem(self, path: Path, key: str, *, at_key: bool = False, **kw) -> Problem:
        line, col = self.where(path, key=at_key)
        return Problem(self.file, line, col, dotted(path), key, **kw)


def dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class _Budget(Exception):
    pass


def parse(raw: bytes, file: str) -> Source:
    src = Source(file)
    if len(raw) > MAX_BYTES:
        src.problems.append(Problem(file, 1, 1, "", "too_big", {"size": len(raw), "limit": MAX_BYTES}))
        return src
    text = _decode(raw, src)
    if text is None:
        return src
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        src.problems.append(Problem(file, 1, 1, "", "empty", hint="empty"))
        return src
    if _find_tabs(text, src):
        return src
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        src.problems.append(_syntax_problem(exc, file))
        return src
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML always marks its errors
        src.problems.append(Problem(file, 1, 1, "", "yaml_syntax", {"detail": str(exc)}))
        return src
    if node is None:
        src.problems.append(Problem(file, 1, 1, "", "empty", hint="empty"))
        return src
    budget = [MAX_VALUES]
    try:
        src.data = _convert(node, (), src, budget)
    except _Budget:
        src.data = None
        src.problems.append(Problem(file, 1, 1, "", "alias_bomb", {"limit": MAX_VALUES}, hint="alias"))
    return src


def _decode(raw: bytes, src: Source) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        src.problems.append(Problem(src.file, line, col, "", "not_utf8", {"byte": exc.start + 1}, hint="utf8"))
        return None


def _find_tabs(text: str, src: Source) -> bool:
    found = False
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip().startswith("#"):
            src.problems.append(Problem(src.file, number, indent.index("\t") + 1, "", "tab", hint="tab"))
            found = True
    return found


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    detail = exc.problem or "?"
    if exc.context:
        detail = f"{exc.context}, {detail}"
    return Problem(file, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "", "yaml_syntax", {"detail": detail}, hint="indent")


def _convert(node: yaml.Node, path: Path, src: Source, budget: list[int]):
    budget[0] -= 1
    if budget[0] < 0:
        raise _Budget
    src.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in NULLS and node.tag != "tag:yaml.org,2002:str":
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), src, budget) for i, item in enumerate(node.value)]
    return _convert_mapping(node, path, src, budget)


def _convert_mapping(node: yaml.MappingNode, path: Path, src: Source, budget: list[int]) -> dict:
    result: dict = {}
    for key_node, value_node in node.value:
        at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if not isinstance(key_node, yaml.ScalarNode):
            src.problems.append(Problem(src.file, *at, dotted(path), "complex_key"))
            continue
        key = key_node.value
        if key == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
            src.problems.append(Problem(src.file, *at, dotted(path), "merge_key", hint="alias"))
            continue
        if key in result:
            first = src.keys[path + (key,)][0]
            src.problems.append(
                Problem(src.file, *at, dotted(path + (key,)), "duplicate_key", {"key": key, "first": first})
            )
            continue
        src.keys[path + (key,)] = at
        result[key] = _convert(value_node, path + (key,), src, budget)
    return result
