"""Merging a workbook's records into sites.yaml (a ruamel document), touching only what the
workbook changed (`yamlfields` decides, field by field).

Records and lists are aligned by key (a record by its id, a stop by its point, a figure by its
name), so a changed figure rewrites that figure and a deleted stop deletes that stop. A sheet
that owns its section adds and deletes records; new ones go after the record on the row before
them. The cells each value came from are returned, so that `check`'s problems can be shown at
their cells.
"""

from __future__ import annotations

import difflib

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..model import Evidence as EvidenceModel
from ..source.problems import Problem
from ..source.sheetlayout import MODELS, Column, item_model
from ..source.sheetrecords import Evidence, Record, Section
from ..source.sheets import Cell
from .yamledit import insert, remove
from .yamlfields import like, put, same, set_field, set_nested, written

SHORTHAND = {"Stop": "point", "Evidence": "state"}  # a bare value stands for this field


def merge(data: CommentedMap, raw: dict, want: dict[str, Section]) -> tuple[dict[tuple, Cell], list[Problem]]:
    """Apply the workbook's sections to the document; the cell of each value, and problems."""
    origins: dict[tuple, Cell] = {}
    problems: list[Problem] = []
    for name, section in want.items():
        ids = _section(data, raw, name, section)
        for cell in section.mentioned:
            if cell.text not in ids:
                kind = "示范带" if name == "belts" else "示范点"
                problems.append(cell.problem("unknown_record", {"id": cell.text, "kind": kind}, hint="known_ids",
                                             hint_params={"ids": ", ".join(ids[:20]) + (" …" if len(ids) > 20 else "")}))
        for i, rid in enumerate(ids):
            if rid in section.records:
                origins.update(_origins((name, i), section.records[rid]))
    return origins, problems


def _section(data: CommentedMap, raw: dict, name: str, want: Section) -> list[str]:
    model = MODELS[name]
    rows = list(raw.get(name) or [])
    ids = [str(r.get("id", "")).strip() if isinstance(r, dict) else "" for r in rows]
    listed = {rid for rid, rec in want.records.items() if rec.listed}
    if name not in data and not listed:
        return ids
    seq = data.setdefault(name, CommentedSeq())
    for i in reversed(range(len(ids)) if want.owned else []):
        if ids[i] not in listed:
            remove(seq, i)
            del rows[i], ids[i]
    for i, rid in enumerate(ids):
        if rid in want.records:
            _record(seq[i], rows[i], want.records[rid], model, want, seq[i - 1] if i else None)
    for rid in [rid for rid in want.records if rid in listed and rid not in ids]:
        record = want.records[rid]
        at = ids.index(record.after) + 1 if record.after in ids else len(ids)
        node = CommentedMap([("id", rid)])
        _record(node, {}, record, model, want, seq[at - 1] if at else None)
        insert(seq, at, node)
        ids.insert(at, rid)
    return ids


def _record(node: CommentedMap, raw: dict, record: Record, model: type[BaseModel], want: Section, sibling) -> None:
    nested: dict[str, list] = {}
    # A record whose rows carry none of its own fields (its first row deleted along with a stop)
    # keeps them as they are.
    kept = bool(raw) and not any(cell.text for cell in record.fields.values())
    for path, col in {} if kept else want.fields.items():
        if len(path) == 1:
            set_field(node, raw, model, path[0], record.fields.get(path), col, sibling)
        else:
            nested.setdefault(path[0], []).append((path[1], col, record.fields.get(path)))
    for name, parts in nested.items():
        set_nested(node, raw, model, name, parts, sibling)
    for name, columns in want.members.items():
        items = record.members.get(name, [])
        if name == "checklists":
            _checklists(node, raw, model, items, columns)
        else:
            _list(node, raw, model, name, items, columns, sibling)


# --- lists ---------------------------------------------------------------------------------


def _list(node: CommentedMap, raw: dict, model, name: str, items: list, columns: tuple[Column, ...], sibling) -> None:
    """A list of members (a belt's points, a route's stops, a point's figures), aligned by key."""
    old = list(raw.get(name) or []) if isinstance(raw, dict) else []
    if not items:
        if name in node and old:
            remove(node, name)
        return
    if not isinstance(node.get(name), CommentedSeq):
        put(node, model, name, like(sibling, name, CommentedSeq()))
        old = []
    seq, inner = node[name], item_model(model, name)
    key = columns[0].field
    olds = [str((item.get(key[0]) if isinstance(item, dict) else item) or "").strip() for item in old]
    news = [((item if isinstance(item, Cell) else item.get(key)).text or "") for item in items]
    for tag, i1, i2, j1, j2 in reversed(difflib.SequenceMatcher(None, olds, news, autojunk=False).get_opcodes()):
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2)):
                _member(seq, i, old[i], items[j], inner, columns)
            continue
        for i in reversed(range(i1, i2)):
            remove(seq, i)
        for k, item in enumerate(items[j1:j2]):
            insert(seq, i1 + k, _new_member(seq, item, inner, columns))


def _member(seq: CommentedSeq, i: int, old, item, inner, columns) -> None:
    if inner is None:  # a bare value: a belt's point id
        if str(old).strip() != item.text:
            seq[i] = item.text
        return
    short = SHORTHAND.get(inner.__name__)
    if not isinstance(seq[i], CommentedMap):  # written as the shorthand
        full = {short: old} if short else {}
        texts = {c.field[0]: item[c.field].text for c in columns}
        if all(same(inner, name, full.get(name), text) for name, text in texts.items() if name != short):
            if texts.get(short) is not None and str(old).strip() != texts[short]:
                seq[i] = texts[short]
            return
        seq[i] = _like_items(seq, CommentedMap({short: old}))
        old = {short: old}
    for col in columns:
        set_field(seq[i], old, inner, col.field[0], item.get(col.field), col, None)


def _like_items(seq: CommentedSeq, value: CommentedMap) -> CommentedMap:
    if any(isinstance(v, CommentedMap) and v.fa.flow_style() for v in seq) or not any(isinstance(v, CommentedMap) for v in seq):
        value.fa.set_flow_style()
    return value


def _new_member(seq: CommentedSeq, item, inner, columns):
    if inner is None:
        return item.text
    filled = {c.field[0]: (c, item[c.field].text) for c in columns if item.get(c.field) and item[c.field].text is not None}
    short = SHORTHAND.get(inner.__name__)
    if short and set(filled) == {short} and any(isinstance(v, str) for v in seq):
        return filled[short][1]
    value = _like_items(seq, CommentedMap())
    for name in inner.model_fields:
        if name in filled:
            value[name] = written(filled[name][0], filled[name][1], None)
    return value


# --- checklists ----------------------------------------------------------------------------


def _checklists(node: CommentedMap, raw: dict, model, rows: list[Evidence], columns: tuple[Column, ...]) -> None:
    fields = {c.field[0]: c for c in columns if c.field[0] in EvidenceModel.model_fields}
    wanted: dict[str, dict[str, Evidence]] = {}
    for row in rows:
        if row.checklist and row.item:
            wanted.setdefault(row.checklist, {})[row.item] = row
    old = raw.get("checklists") if isinstance(raw, dict) and isinstance(raw.get("checklists"), dict) else {}
    if not wanted:
        if "checklists" in node and old:
            remove(node, "checklists")
        return
    if not isinstance(node.get("checklists"), CommentedMap):
        put(node, model, "checklists", CommentedMap())
    lists = node["checklists"]
    for cid in [c for c in lists if c not in wanted]:
        remove(lists, cid)
    for cid, items in wanted.items():
        if not isinstance(lists.get(cid), CommentedMap):
            lists[cid] = CommentedMap()
            if not any(_text(row, "note") or _text(row, "photo") for row in items.values()):
                lists[cid].fa.set_flow_style()
        before = old.get(cid) if isinstance(old.get(cid), dict) else {}
        for iid in [i for i in lists[cid] if i not in items]:
            remove(lists[cid], iid)
        for iid, row in items.items():
            _evidence(lists[cid], iid, before.get(iid), row, fields)


def _text(row: Evidence, name: str) -> str | None:
    cell = row.cells.get((name,))
    return cell.text if cell is not None else None


def _evidence(parent: CommentedMap, iid: str, old, row: Evidence, fields: dict[str, Column]) -> None:
    """One item's result: `flag: met`, or `{state: met, note: …}` when it has a note or photo."""
    full = {"state": old} if isinstance(old, str) else (old if isinstance(old, dict) else {})
    if iid in parent and all(same(EvidenceModel, name, full.get(name), _text(row, name)) for name in fields):
        return
    short = not isinstance(parent.get(iid), CommentedMap) and not _text(row, "note") and not _text(row, "photo")
    if short and _text(row, "state") and "state" in fields:
        parent[iid] = written(fields["state"], _text(row, "state"), full.get("state"))
        return
    if not isinstance(parent.get(iid), CommentedMap):
        parent[iid] = CommentedMap()
        parent[iid].fa.set_flow_style()
        full = {}
    for name, col in fields.items():
        set_field(parent[iid], full, EvidenceModel, name, row.cells.get((name,)), col, None)


def _origins(at: tuple, record: Record) -> dict[tuple, Cell]:
    found = {at: record.cell, **{at + path: cell for path, cell in record.fields.items()}}
    for name, items in record.members.items():
        for j, item in enumerate(items):
            if isinstance(item, Cell):
                found[at + (name, j)] = item
            elif isinstance(item, Evidence):
                base = at + (name, item.checklist)
                found[base] = item.cells.get(("checklist",))
                found[base + (item.item,)] = item.cells.get(("item",))
                found.update({base + (item.item, *path): cell for path, cell in item.cells.items()})
            else:
                found[at + (name, j)] = next(iter(item.values()))
                found.update({at + (name, j, *path): cell for path, cell in item.items()})
    return {path: cell for path, cell in found.items() if cell is not None}
