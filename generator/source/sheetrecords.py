"""A workbook's rows as records: what it says each belt, point and route is, cell by cell.

Only what the workbook carries is here: a column it lacks, or a sheet it lacks, leaves that
field of sites.yaml as it is. A record's id is on each of its rows (a row without one belongs to
the record above: merged or blanked id cells); its own fields are on its first row, and a later
row that says otherwise is a conflict. Checklist and item names are turned into their ids.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..model import Site
from .problems import Problem
from .sheetlayout import Column, Sheet
from .sheets import Book, Cell, ReadSheet, Row


@dataclass
class Record:
    id: str
    cell: Cell  # its id, on its first row
    after: str | None  # the record on the row before it in its sheet: where a new one goes
    listed: bool = False  # on a sheet that owns its section
    fields: dict[tuple[str, ...], Cell] = field(default_factory=dict)
    members: dict[str, list] = field(default_factory=dict)  # field -> [Cell | {path: Cell} | Evidence]


@dataclass
class Section:
    """What the workbook says about one section of sites.yaml."""

    records: dict[str, Record] = field(default_factory=dict)
    owned: bool = False  # a sheet lists all its records: those missing are deleted
    fields: dict[tuple[str, ...], Column] = field(default_factory=dict)  # record fields carried
    members: dict[str, tuple[Column, ...]] = field(default_factory=dict)  # list fields carried
    mentioned: list[Cell] = field(default_factory=list)  # ids used by sheets that do not own them


def records(book: Book, site: Site) -> tuple[dict[str, Section], list[Problem]]:
    sections: dict[str, Section] = {}
    problems: list[Problem] = []
    # Owning sheets first: they decide which records exist and in which order.
    for read in sorted(book.sheets.values(), key=lambda r: not r.layout.owns):
        section = sections.setdefault(read.layout.section, Section())
        _read_sheet(read, section, site, problems)
    return sections, problems


def _read_sheet(read: ReadSheet, section: Section, site: Site, problems: list[Problem]) -> None:
    layout = read.layout
    if layout.key not in read.present:
        return  # reported as a missing column
    section.owned |= layout.owns
    if layout.owns:
        section.fields.update({c.field: c for c in layout.columns if c in read.present})
    # members are matched by their first column (a stop by its point; a result by checklist and
    # item): without it, none are read
    keys = layout.member_columns[: 2 if layout.members == "checklists" else 1]
    members = [c for c in layout.member_columns if c in read.present and set(keys) <= read.present]
    if layout.members and members:
        section.members[layout.members] = tuple(members)
    firsts: dict[str, Row] = {}
    current: Record | None = None
    for row in read.rows:
        key = row.cells[layout.key]
        if key.text is None and (current is None or not layout.members):
            problems.append(key.problem("no_id", hint="no_id"))
            continue
        if key.text is not None:
            current = _record(key, row, read, section, firsts, problems, current)
            if current is None:
                continue
        if layout.owns:
            _fields(layout, row, current, problems)
        if layout.members and members:
            member = _member(layout, row, members, site)
            if isinstance(member, Evidence) and not (member.checklist and member.item):
                empty = next(row.cells[c] for c in keys if row.cells[c].text is None)
                problems.append(empty.problem("empty_value"))
            elif member is not None:
                current.members.setdefault(layout.members, []).append(member)


def _record(key: Cell, row: Row, read: ReadSheet, section: Section, firsts: dict, problems: list, current):
    rid = key.text
    if not read.layout.owns:
        section.mentioned.append(key)
        record = section.records.setdefault(rid, Record(rid, key, None))
        firsts.setdefault(rid, row)
        return record
    if rid in firsts and not read.layout.members:
        problems.append(key.problem("duplicate_id", {"id": rid, "first": firsts[rid].number}, hint="duplicate_id"))
        return None
    if rid not in section.records:
        # a record's rows may be apart (a sorted sheet): they still make one record
        section.records[rid] = Record(rid, key, current.id if current is not None else None, listed=True)
        firsts[rid] = row
    return section.records[rid]


def _fields(layout: Sheet, row: Row, record: Record, problems: list[Problem]) -> None:
    for col in layout.columns:
        cell = row.cells.get(col)
        if cell is None:
            continue
        known = record.fields.get(col.field)
        if known is None or known.text is None:
            record.fields[col.field] = cell
        elif cell.text is not None and cell.text != known.text:
            problems.append(cell.problem("conflict", {"first": known.row, "value": cell.text}, hint="conflict"))


def _member(layout: Sheet, row: Row, columns: list[Column], site: Site):
    cells = {c.field: row.cells[c] for c in columns}
    if all(cell.text is None for cell in cells.values()):
        return None
    if layout.scalar_members:
        return cells[()]
    if layout.members == "checklists":
        return _evidence(cells, site, layout.section)
    return cells


@dataclass
class Evidence:
    """A checklist row: the ids its names stand for, and its cells by field."""

    checklist: str | None
    item: str | None
    cells: dict[tuple[str, ...], Cell]


def _evidence(cells: dict, site: Site, section: str) -> Evidence:
    target = "belt" if section == "belts" else "point"
    lists = {cid: c for cid, c in site.checklists.items() if c.applies_to == target} or site.checklists
    cid = _lookup(cells.get(("checklist",)), {cid: c.name for cid, c in lists.items()})
    items = {i.id: i.name for i in lists[cid].items} if cid in lists else {}
    return Evidence(cid, _lookup(cells.get(("item",)), items), cells)


def _lookup(cell: Cell | None, names: dict[str, str]) -> str | None:
    """The id a cell names, by id or by name; the text itself when it names none (the loader
    then says which ids there are)."""
    if cell is None or cell.text is None:
        return None
    wanted = _norm(cell.text)
    return next((cid for cid, name in names.items() if wanted in (_norm(cid), _norm(name))), cell.text)


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()
