"""A parsed YAML file as the rest of the package sees it: its data, and where each value and key
was written, so that every problem can name its line and column."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import pasted
from .problems import Problem

KeyPath = tuple
"""Where a value sits in the data: str keys and int indexes, e.g. ("points", 3, "lat")."""

_COLUMNS = 1 << 32  # more than a line of the largest file read can hold


def packed(line: int, col: int) -> int:
    """A position as one int: a 10,000-point file has over a million of them, and a tuple of two
    ints takes three times the memory of one int."""
    return line * _COLUMNS + col


def unpacked(at: int) -> tuple[int, int]:
    return divmod(at, _COLUMNS)


def moved(at: int, lines: int) -> int:
    """The position `lines` further down."""
    return at + lines * _COLUMNS


@dataclass
class Source:
    """A parsed YAML file: its data, and where each value and key stands (1-based, `packed`)."""

    file: str
    data: object = None
    values: dict[KeyPath, int] = field(default_factory=dict)
    keys: dict[KeyPath, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: KeyPath, key: bool = False) -> tuple[int, int]:
        """The position of a path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            table = self.keys if key else self.values
            if path in table:
                return unpacked(table[path])
            if path in self.values:
                return unpacked(self.values[path])
            path = path[:-1]
            key = False
        return unpacked(self.values.get((), packed(1, 1)))

    def problem(self, path: KeyPath, key: str, *, at_key: bool = False, **kw) -> Problem:
        line, col = self.where(path, key=at_key)
        return Problem(self.file, line, col, dotted(path), key, **kw)


def dotted(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{shown(part)}" if text else shown(part))
    return text


def shown(text: str, limit: int = 40) -> str:
    """Text from the file as it appears in a one-line message: line breaks visible, long text cut."""
    text = pasted.visible(text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t"))
    return text if len(text) <= limit else text[:limit] + "…"
