"""Editing sites.yaml in place: the editor's comments, order, quoting and layout stay.

ruamel.yaml's round trip keeps comments and styles but re-emits the whole file, and normalises a
few things on the way (`tiles: null` comes back as `tiles:`). So the edited text is not taken
as it is: every line that ruamel would have written the same without our edits is taken from
the original file instead (`Document.text`). Only lines the edits produced come from ruamel.

Comments in a ruamel document hang after the value before them: the comment introducing the
next record is kept at the end of the record before it. Removing or adding a record moves that
comment along (`remove`, `insert`), so a section's heading stays above its section.
"""

from __future__ import annotations

import copy
import difflib
import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from ..source.yamlsource import parse

Node = CommentedMap | CommentedSeq


class Document:
    """sites.yaml as a ruamel round-trip document, and the text to write after editing it."""

    def __init__(self, text: str):
        self.original = text
        _, indent, offset = load_yaml_guess_indent(text)
        self.yaml = YAML()
        self.yaml.preserve_quotes = True
        self.yaml.width = 100_000  # never fold a long line
        self.yaml.indent(mapping=2, sequence=indent or 2, offset=offset or 0)
        self.data = self.yaml.load(text)
        self.base = self._dump()

    def _dump(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()

    def text(self) -> str:
        """The file after the edits: original lines wherever ruamel's output did not change.

        Falls back to ruamel's own text if putting original lines back changed what it means."""
        edited = self._dump()
        if edited == self.base:
            return self.original
        merged = _replay(self.original.splitlines(True), self.base.splitlines(True), edited.splitlines(True))
        if parse(merged.encode(), "merged").data != parse(edited.encode(), "edited").data:
            return edited
        return merged


def _replay(original: list[str], base: list[str], edited: list[str]) -> str:
    """`edited` with the lines that equal `base` swapped back for `original`'s lines."""
    source = _origins(original, base)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, base, edited, autojunk=False).get_opcodes():
        if tag != "equal":
            out += edited[j1:j2]
            continue
        for i in range(i1, i2):
            out += source.get(i, [base[i]]) or []
    return "".join(out)


def _origins(original: list[str], base: list[str]) -> dict[int, list[str] | None]:
    """For each line of `base`, the original lines it stands for (None: part of a block given
    with its first line)."""
    found: dict[int, list[str] | None] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, base, original, autojunk=False).get_opcodes():
        if tag == "equal":
            found.update({i1 + k: [original[j1 + k]] for k in range(i2 - i1)})
        elif i1 < i2:  # ruamel's lines i1..i2 are the original's j1..j2, given once with line i1
            found[i1] = original[j1:j2]
            found.update({i: None for i in range(i1 + 1, i2)})
        elif i1 > 0 and found.get(i1 - 1):  # lines ruamel leaves out: kept with the line before
            found[i1 - 1] = found[i1 - 1] + original[j1:j2]
    return found


# --- comments that follow a value --------------------------------------------------------------


def _slot(parent: Node, key) -> tuple[Node, object, int]:
    """Where the comment after `parent[key]` is kept: the last entry of its last block collection."""
    node = parent[key]
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node) and not node.fa.flow_style():
        parent, key = node, (list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1)
        node = parent[key]
    return parent, key, (2 if isinstance(parent, CommentedMap) else 0)


def _comment(parent: Node, key):
    container, at, index = _slot(parent, key)
    entry = container.ca.items.get(at)
    return entry[index] if entry and len(entry) > index else None


def _set_comment(parent: Node, key, token) -> None:
    container, at, index = _slot(parent, key)
    entry = container.ca.items.setdefault(at, [None, None, None, None] if index == 2 else [None, None])
    entry[index] = token


def _keys(parent: Node) -> list:
    return list(parent) if isinstance(parent, CommentedMap) else list(range(len(parent)))


def remove(parent: Node, key) -> None:
    """Delete an entry; the comment after it, if it introduces what follows, moves up."""
    keys = _keys(parent)
    at = keys.index(key)
    after = _comment(parent, key)
    if at > 0 and (after is not None and "#" in after.value or _comment(parent, keys[at - 1]) is None):
        _set_comment(parent, keys[at - 1], after)
    if isinstance(parent, CommentedSeq):
        parent.ca.items.pop(at, None)
        del parent[at]
        for i in sorted(k for k in parent.ca.items if k > at):
            parent.ca.items[i - 1] = parent.ca.items.pop(i)
    else:
        parent.ca.items.pop(key, None)
        del parent[key]


def insert(parent: Node, position: int, value, key=None) -> None:
    """Insert before `position` (a list index, or the index among a mapping's keys). The comment
    after the entry before it introduced what came next, which now comes after the new entry:
    the comment moves down to it."""
    keys = _keys(parent)
    if isinstance(parent, CommentedSeq):
        parent.insert(position, value)
        key = position
    else:
        parent.insert(position, key, value)
    token = _comment(parent, keys[position - 1]) if position > 0 else None
    if token is not None:
        _set_comment(parent, key, _moved(token, _block_end(parent, keys[position - 1]), _block_end(parent, key)))
        # records in a list keep their blank line between them; a mapping's keys have none
        _set_comment(parent, keys[position - 1], _separator(token) if isinstance(parent, CommentedSeq) else None)


def _block_end(parent: Node, key) -> bool:
    """Whether an entry ends with a `|` or `>` text, whose last line break is its own."""
    container, at, _ = _slot(parent, key)
    return isinstance(container[at], (LiteralScalarString, FoldedScalarString))


def _moved(token, was_block: bool, is_block: bool):
    """A comment moved to follow another kind of value: the same blank lines."""
    if was_block == is_block:
        return token
    moved = copy.copy(token)
    moved.value = "\n" + token.value if was_block else token.value.removeprefix("\n")
    return moved


def _separator(token):
    """The blank lines that start a comment, without the comment itself."""
    text = token.value
    if "#" not in text:
        return copy.copy(token)
    head = text[: text.index("#")]
    short = copy.copy(token)
    short.value = head[: head.rfind("\n") + 1] or "\n"
    return short


def scalar(text: str):
    """Text as ruamel should write it: a block `|` when it has line breaks."""
    return LiteralScalarString(text + "\n") if "\n" in text else text
