"""Reading sites.yaml again after an edit: only the pieces whose text changed are parsed.

Under `mkdocs serve` an editor saves one change at a time, and parsing the whole file was most of
a preview's loading time (1,000 points: ~0.8 s). The file is cut at its top-level keys and,
inside a top-level list, before each item (`  - id: …`); each piece is parsed alone by the same
strict reader (yamlsource) and kept by its text, and the pieces are put together with their
positions moved to where they stand in the file.

Whatever this cannot do exactly as one parse of the whole file is left to that parse (`read`
returns None): a top level that is not a plain block mapping, a piece with any problem (the whole
parse then reports it, at its place), anchors or aliases (they may reach across pieces), a file
near the value limit. tests/test_yamlpieces.py compares both readings on every fixture.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from . import yamlsource
from .positions import Source, moved

_KEY_LINE = re.compile(r"[A-Za-z_][\w-]*:(?=[ \t\r]|$)")
_KEY_ALONE = re.compile(r"([A-Za-z_][\w-]*):[ \t]*(?:#[^\r\n]*)?\r?$")
_ITEM = re.compile(r"( *)-(?:[ \t]|\r?$)")
_TOP = r"[^ \t#\n\r-]"  # how a line that starts a top-level key begins
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


@dataclass(frozen=True)
class _Piece:
    """One piece parsed alone: its data and positions, lines counted from the piece's first."""

    data: object
    values: dict
    keys: dict
    size: int


def read(text: str, file: str, kept: dict) -> Source | None:
    """The file as `yamlsource` reads it, from pieces; None when only a whole parse can say.
    `kept` ((piece text, depth) → parsed piece) is reused, and left holding this file's pieces only.
    The data of a kept piece is shared by every reading that uses it: it is never changed."""
    if any(c in text for c in _OTHER_BREAKS) or "\r" in text.replace("\r\n", ""):
        return None  # YAML counts these as line breaks too: the pieces' lines would not add up
    cut = _cut(text)
    if cut is None:
        return None
    parsed: dict[tuple[str, int], _Piece] = {}
    for _, piece_text, _, depth in cut:
        if (piece_text, depth) not in parsed:
            piece = kept.get((piece_text, depth)) or _parse(piece_text, file, depth)
            if piece is None:
                return None
            parsed[piece_text, depth] = piece
    kept.clear()
    kept.update(parsed)
    if sum(parsed[t, d].size for _, t, _, d in cut) > yamlsource.MAX_VALUES // 2:
        return None  # near the limit: the whole parse counts exactly
    return _joined(file, [(line, parsed[t, d], key) for line, t, key, d in cut])


def _cut(text: str) -> list[tuple[int, str, str | None, int]] | None:
    """(first line, text, list key or None, depth) of each piece: a whole top-level entry, or the
    line of a top-level key whose value is a block list, then one piece per item of that list.
    The text is searched, not walked line by line: 200,000 lines in Python took a third of a second."""
    lines = _Lines(text)
    starts = list(_line_starts(_TOP, text, 0, len(text)))
    if not starts or any(not _KEY_LINE.match(lines.text(start)) for start in starts):
        return None  # `---`, `%YAML`, a flow mapping, a scalar…: not a plain top-level mapping
    pieces = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        first = 0 if k == 0 else start  # comments above the first key go with it
        items = _items(text, start, end)
        if items is None:
            pieces.append((lines.number(first), text[first:end], None, 0))
            continue
        key = _KEY_ALONE.match(lines.text(start)).group(1)
        pieces.append((lines.number(first), text[first:items[0]], None, 0))
        bounds = [*items, end]
        pieces += [(lines.number(a), text[a:b], key, 1) for a, b in zip(bounds, bounds[1:])]
    if any(line[:1] == "-" for piece in pieces if piece[2] is None for line in piece[1].splitlines()[1:]):
        return None  # a list at column 0 under a key written with more on its line
    return pieces


def _items(text: str, start: int, end: int) -> list[int] | None:
    """Where each item of the block list under the key at `start` begins (offsets); None when its
    value is anything else, or when a line of it stands where no item may."""
    lines = _Lines(text)
    if not _KEY_ALONE.match(lines.text(start)):
        return None
    at = lines.after(start)
    while at < end and not _content(lines.text(at)):
        at = lines.after(at)
    first = _ITEM.match(lines.text(at)) if at < end else None
    if first is None:
        return None
    indent = len(first.group(1))
    # Only a line indented no deeper than the items, or with a tab where its indent ends, can
    # start an item or stand where none may: the rest are read by the pieces' own parse.
    items = []
    for offset in _line_starts(r"(?: {0,%d}(?! )| *\t)" % indent, text, at, end):
        line = lines.text(offset)
        if not _content(line):
            continue
        shift = len(line) - len(line.lstrip(" "))
        if shift < indent or line[shift:shift + 1] == "\t":
            return None
        if not _ITEM.match(line):
            return None
        items.append(offset)
    return items


def _line_starts(begins: str, text: str, at: int, end: int):
    """The offsets of the lines from `at` (a line's start) up to `end` that begin with the pattern
    `begins`. Searched for after a line break: with `^`, Python's `re` tries every character."""
    if at < end and re.compile(begins).match(text, at, end):
        yield at
    for m in re.compile("\n" + begins).finditer(text, at, end):
        if m.start() + 1 < end:
            yield m.start() + 1


def _content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


class _Lines:
    """Lines of a text by offset: each line's text, the next line's offset, a line's number."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._counted = (0, 0)  # (offset, its line number): offsets are asked for in order

    def text(self, at: int) -> str:
        end = self._text.find("\n", at)
        return self._text[at:] if end < 0 else self._text[at:end + 1]

    def after(self, at: int) -> int:
        end = self._text.find("\n", at)
        return len(self._text) if end < 0 else end + 1

    def number(self, at: int) -> int:
        offset, number = self._counted if at >= self._counted[0] else (0, 0)
        number += self._text.count("\n", offset, at)
        self._counted = (at, number)
        return number


def _parse(text: str, file: str, depth: int) -> _Piece | None:
    """One piece, read by every parser the whole file would try; None if it has any problem or
    an anchor, or is not what its place says (a mapping for an entry, a one-item list for an item)."""
    src, builder = yamlsource.read(text, file, depth=depth)
    if src.problems or builder.anchors or builder.documents != 1:
        return None
    expected = list if depth else dict
    if not isinstance(src.data, expected) or (depth and len(src.data) != 1):
        return None
    return _Piece(src.data, src.values, src.keys, builder.size)


def _joined(file: str, pieces: list[tuple[int, _Piece, str | None]]) -> Source | None:
    """The pieces as one file's reading; None for a top-level key written twice (the whole
    parse says where)."""
    data: dict = {}
    values, keys = _Positions(), _Positions()
    for line, piece, key in pieces:
        if key is None:
            for name, value in piece.data.items():
                if name in data:
                    return None
                data[name] = value
            values.add_entry(piece.values, line)
            keys.add_entry(piece.keys, line)
            continue
        if not isinstance(data.get(key), list):
            data[key] = []
            values.start_list(key, _at(piece.values[()], line))  # where its first item starts
            keys.start_list(key, None)
        data[key].append(piece.data[0])
        values.add_item(key, piece.values, line)
        keys.add_item(key, piece.keys, line)
    return Source(file, data, values, keys)


class _Positions(Mapping):
    """Where each value (or key) of a file read in pieces stands, looked up in the piece that
    holds it: moving 100,000 positions into one table took longer than parsing the changed piece."""

    def __init__(self) -> None:
        self._entries: dict = {}
        self._lists: dict[str, list[tuple[int, dict]]] = {}

    def add_entry(self, positions: dict, line: int) -> None:
        for path, at in positions.items():
            self._entries.setdefault(path, _at(at, line))

    def start_list(self, key: str, at: int | None) -> None:
        if at is not None:
            self._entries[(key,)] = at
        self._lists[key] = []

    def add_item(self, key: str, positions: dict, line: int) -> None:
        self._lists[key].append((line, positions))

    def __getitem__(self, path: tuple) -> int:
        items = self._lists.get(path[0]) if len(path) >= 2 and type(path[1]) is int else None
        if items is not None and 0 <= path[1] < len(items):
            line, positions = items[path[1]]
            return _at(positions[(0, *path[2:])], line)
        return self._entries[path]

    def __iter__(self):
        yield from self._entries
        for key, items in self._lists.items():
            for index, (_, positions) in enumerate(items):
                yield from ((key, index, *path[1:]) for path in positions if path)

    def __len__(self) -> int:
        return len(self._entries) + sum(len(p) - (() in p) for items in self._lists.values() for _, p in items)


def _at(at: int, line: int) -> int:
    return moved(at, line)
