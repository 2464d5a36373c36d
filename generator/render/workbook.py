"""A workbook of a project, for editors who keep their 台账 in Excel (`xlsx export`).

One sheet per layout sheet (`source.sheetlayout`): Chinese headers from the model's titles, the
field's description as the header's comment, a dropdown for every enum and id reference, the
header row and id column frozen, readable widths, text columns formatted as text (so that Excel
does not turn `2018-10` or `0591-87000001` into something else). A value is written only where
sites.yaml gives one: a field left at its default stays an empty cell, so importing the
workbook unchanged changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import unicodedata
import zipfile
from enum import Enum

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter
from pydantic import BaseModel

from ..model import Project
from ..model.schema import with_values
from ..source.sheetlayout import (
    NO,
    OPTIONS_SHEET,
    README_SHEET,
    YES,
    Column,
    Sheet,
    sheets,
)

SPARE_ROWS = 1000  # dropdowns and formats reach this far below the last row, for new rows
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
README = [
    "本工作簿由 python -m generator xlsx export 从 sites.yaml 生成;改好后用 python -m generator xlsx import 导回。",
    "每张表的第一行是列名(不要改),鼠标停在列名上可看说明;橙色列为必填。",
    "“示范带”和“路线与站点”:一条记录占多行,每行一个示范点或一站,编号每行都写,其余字段只写在第一行。",
    "多项内容(特色亮点、服务与功能室、荣誉、标签)在同一单元格内分行填写(Alt+Enter)。",
    "删除一行即删除该记录;未出现在工作簿中的字段(如详细介绍 story、路线的 path)导入时保持不变。",
]


def workbook(project: Project) -> bytes:
    book = Workbook()
    book.remove(book.active)
    options = _Options(book)
    for layout in sheets():
        _sheet(book.create_sheet(layout.name), layout, project, options)
    notes = book.create_sheet(README_SHEET)
    for line in README:
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    options.sheet.sheet_state = "hidden"
    book.move_sheet(options.sheet, len(book.sheetnames))
    stamp = _stamp()
    book.properties.created = book.properties.modified = stamp
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not book.save(), which dates the file with the clock
    return _restamped(out.getvalue(), stamp)


def _stamp() -> dt.datetime:
    """The workbook's date: SOURCE_DATE_EPOCH when a reproducible build sets it, else a fixed one,
    so the same sites.yaml always gives the same bytes (a reviewer's diff shows no change)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else 946684800  # 2000-01-01
    return dt.datetime.fromtimestamp(max(seconds, 315532800), dt.timezone.utc).replace(tzinfo=None)  # zip starts 1980


def _restamped(data: bytes, stamp: dt.datetime) -> bytes:
    """The same zip with every entry dated `stamp` (zipfile dates them with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, stamp.timetuple()[:6])
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            target.writestr(entry, source.read(info))
    return out.getvalue()


class _Options:
    """The hidden sheet holding the dropdowns' lists (a list typed into a validation is limited
    to 255 characters and cannot hold commas)."""

    def __init__(self, book: Workbook):
        self.sheet = book.create_sheet(OPTIONS_SHEET)
        self.ranges: dict[tuple, str] = {}

    def range(self, values: list[str]) -> str:
        key = tuple(values)
        if key not in self.ranges:
            col = get_column_letter(len(self.ranges) + 1)
            for row, value in enumerate(values, 1):
                self.sheet[f"{col}{row}"] = value
            self.ranges[key] = f"{quote_sheetname(OPTIONS_SHEET)}!${col}$1:${col}${max(len(values), 1)}"
        return self.ranges[key]


def _rows(layout: Sheet, project: Project) -> list[list]:
    rows = []
    for record in getattr(project, layout.section):
        head = [_value(record, col) for col in (layout.key, *layout.columns)]
        members = _members(layout, record, project)
        for i, member in enumerate(members or [None]):
            row = head if i == 0 else [head[0]] + [None] * len(layout.columns)
            rows.append(row + (member or [None] * len(layout.member_columns)))
    return [row for row in rows if layout.owns or any(v is not None for v in row[1:])]


def _members(layout: Sheet, record: BaseModel, project: Project) -> list[list]:
    if layout.members == "checklists":
        found = []
        for cid, items in record.checklists.items():
            checklist = project.site.checklists.get(cid)
            names = {i.id: i.name for i in checklist.items} if checklist else {}
            for iid, evidence in items.items():
                name = checklist.name if checklist else cid
                found.append([name, names.get(iid, iid), *(_value(evidence, c) for c in layout.member_columns[2:])])
        return found
    if layout.members is None:
        return []
    items = getattr(record, layout.members)
    if layout.scalar_members:
        return [[item] for item in items]
    return [[_value(item, col) for col in layout.member_columns] for item in items]


def _value(obj: BaseModel, col: Column):
    """The cell for a field: empty when sites.yaml leaves the field out."""
    for name in col.field[:-1]:
        obj = getattr(obj, name) if name in obj.model_fields_set else None
        if obj is None:
            return None
    name = col.field[-1]
    if name not in obj.model_fields_set:
        return None
    value = getattr(obj, name)
    if isinstance(value, Enum):
        return getattr(value, "label", value.value)
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return "\n".join(value) or None
    return value if value != "" else None


def _sheet(ws, layout: Sheet, project: Project, options: _Options) -> None:
    columns = layout.all_columns
    ws.append([col.header for col in columns])
    rows = _rows(layout, project)
    for row in rows:
        ws.append(row)
    last = ws.max_row + SPARE_ROWS
    for i, col in enumerate(columns, 1):
        letter = get_column_letter(i)
        head = ws.cell(1, i)
        head.font = Font(bold=True)
        head.fill = REQUIRED_FILL if col.required else HEADER_FILL
        head.comment = _comment(col)
        _format(ws, i, col)
        choices = _choices(col, layout, project)
        if choices is not None:
            check = DataValidation(type="list", formula1=choices(options), allow_blank=True, errorStyle="warning",
                                   error="请从下拉列表中选择(也可以填写英文代码)", errorTitle="不在列表中")
            check.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(check)
        ws.column_dimensions[letter].width = _width(col, [r[i - 1] for r in rows])
    ws.freeze_panes = "B2"


def _comment(col: Column) -> Comment:
    text = col.description
    if col.enum is not None:
        text = with_values(text, {m.value: m.label for m in col.enum})
    if col.ref:
        text += "从下拉列表选择已有的编号。"
    comment = Comment(text, "sites.yaml")
    comment.width, comment.height = 320, 40 + 20 * (len(text) // 18)
    return comment


def _format(ws, index: int, col: Column) -> None:
    fmt = {"date": "yyyy-mm-dd", "number": "General", "integer": "0"}.get(col.kind, "@")
    wrap = col.kind == "list" or col.field[-1:] in (("summary",), ("note",))
    ws.column_dimensions[get_column_letter(index)].number_format = fmt  # for rows typed in later
    for row in range(2, ws.max_row + 1):
        cell = ws.cell(row, index)
        cell.number_format = fmt
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _choices(col: Column, layout: Sheet, project: Project):
    """A function giving the dropdown's formula, or None."""
    if col.enum is not None:
        return lambda options: options.range([m.label for m in col.enum])
    if col.kind == "bool":
        return lambda options: f'"{YES},{NO}"'
    if col.ref:
        return lambda options: options.range([r.id for r in getattr(project, col.ref)])
    target = "belt" if layout.section == "belts" else "point"
    lists = [c for c in project.site.checklists.values() if c.applies_to == target]
    if col.kind == "checklist":
        return lambda options: options.range([c.name for c in lists])
    if col.kind == "item":
        return lambda options: options.range(list(dict.fromkeys(i.name for c in lists for i in c.items)))
    return None


def _width(col: Column, values: list) -> float:
    def shown(value) -> int:
        if isinstance(value, (dt.date, float, int)):
            return 11
        lines = str(value or "").split("\n")
        return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines)

    widest = max([shown(col.header) + 2, *(shown(v) for v in values)])
    return float(min(max(widest + 2, 8), 50))
