"""One field of a record in sites.yaml: whether a cell means something new, and writing it.

A value is rewritten only when it means something else to the model than what the file says:
`商务楼宇` in a cell and `office_tower` in the file are the same, so are 9 and 9.0, and so are an
empty cell and a field left at its default. What is written takes the file's own form where it
has one (an enum's code or label) and its neighbours' style (flow `[…]` or block) where not.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..source.sheetlayout import Column, item_model
from ..source.sheets import Cell
from .yamledit import insert, remove, scalar

_MISSING = object()


@cache
def _adapter(model: type[BaseModel], name: str) -> tuple[TypeAdapter, Any]:
    info = model.model_fields[name]
    annotation = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation), info


def _meaning(model: type[BaseModel], name: str, value):
    """What a value means to the model; the text itself when it is not valid."""
    adapter, info = _adapter(model, name)
    if value is None:
        return _MISSING if info.is_required() else info.get_default(call_default_factory=True)
    value = [v.strip() for v in value] if isinstance(value, list) else value.strip() if isinstance(value, str) else value
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return value


def same(model, name: str, old, new) -> bool:
    return _meaning(model, name, old) == _meaning(model, name, new)


def written(col: Column, text: str, old):
    """The cell's text as ruamel should write it: numbers and dates as such, enums in the form
    (code or label) the file used, anything invalid as the text, for `check` to report."""
    ascii_int = re.fullmatch(r"[-+]?\d+", text, re.ASCII)
    if col.kind in ("integer", "yearmonth") and ascii_int:
        return int(text)
    if col.kind == "number" and re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", text, re.ASCII):
        return YAML().load(f"v: {text}")["v"]  # ruamel's number keeps its digits: 23.0360 stays 23.0360
    if col.kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if col.kind == "bool" and text in ("true", "false"):
        return text == "true"
    if col.enum is not None:
        try:
            member = col.enum(text)  # the code, or the label
        except ValueError:
            return text
        return member.label if isinstance(old, str) and old.strip() == member.label else member.value
    return scalar(text)


def put(node: CommentedMap, model: type[BaseModel], name: str, value) -> None:
    """Set a field, a new one in the model's order among the fields already there."""
    if isinstance(value, LiteralScalarString) and node.fa.flow_style():
        value = str(value).removesuffix("\n")  # no `|` block inside `{…}`: ruamel quotes it instead
    if name in node:
        node[name] = value
        return
    order = list(model.model_fields)
    later = [i for i, key in enumerate(node) if key in order and order.index(key) > order.index(name)]
    insert(node, later[0] if later else len(node), value, key=name)


def set_field(node: CommentedMap, raw: dict, model, name: str, cell: Cell | None, col: Column, sibling) -> None:
    old = raw.get(name) if isinstance(raw, dict) else None
    new = cell.text if cell is not None else None
    if col.kind == "list":
        new = [line.strip() for line in new.split("\n") if line.strip()] if new else None
        if not new and not old:
            return
    if same(model, name, old, new):
        return
    if new is None:
        if name in node:
            remove(node, name)
    elif col.kind == "list":
        _scalars(node, model, name, new, sibling)
    else:
        put(node, model, name, written(col, new, old))


def like(sibling, name: str, value):
    """A new collection, flow `[…]`/`{…}` when the same field of the record before is."""
    other = sibling.get(name) if isinstance(sibling, CommentedMap) else None
    if isinstance(other, (CommentedMap, CommentedSeq)) and other.fa.flow_style():
        value.fa.set_flow_style()
    return value


def set_nested(node: CommentedMap, raw: dict, model, name: str, parts: list, sibling) -> None:
    """A nested record (a point's organisation), one column a field."""
    old = raw.get(name) if isinstance(raw, dict) else None
    if all(cell is None or cell.text is None for _, _, cell in parts):
        if name in node and old is not None:
            remove(node, name)
        return
    inner = item_model(model, name)
    if not isinstance(node.get(name), CommentedMap):
        put(node, model, name, like(sibling, name, CommentedMap()))
        old = {}
    for field, col, cell in parts:
        set_field(node[name], old, inner, field, cell, col, None)


def _scalars(node: CommentedMap, model, name: str, new: list[str], sibling) -> None:
    """A list of texts, edited in place so that its style and comments stay."""
    seq = node.get(name)
    if not isinstance(seq, CommentedSeq):
        put(node, model, name, like(sibling, name, CommentedSeq(new)))
        return
    old = [str(v).strip() for v in seq]
    for tag, i1, i2, j1, j2 in reversed(difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()):
        if tag != "equal":
            for i in reversed(range(i1, i2)):
                remove(seq, i)
            for k, text in enumerate(new[j1:j2]):
                insert(seq, i1 + k, scalar(text))
