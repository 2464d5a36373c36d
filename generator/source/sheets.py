"""Reading spreadsheets (.xlsx, or .csv in UTF-8 or GBK): each cell as the text an editor would
have written in sites.yaml, with the cell's address.

Real 台账 are untidy, so: a title row may sit above the header; merged cells count for every
cell they cover; empty rows are skipped; hidden columns are read like the others; a renamed
sheet is known by its header row; unknown columns are ignored with a warning. Numbers become
their shortest text, date cells ISO dates, Excel date serials in date columns dates (with a
warning); everything else (full-width digits, a stray unit) is left for the loader to judge, so
the messages are the ones `check` gives.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .problems import Problem
from .sheetlayout import NO, OPTIONS_SHEET, README_SHEET, YES, Column, Sheet, sheets

HEADER_ROWS = 10  # a header is looked for in the first rows, below any title rows
SERIALS = range(10000, 100000)  # Excel date serials 1927-05-18 … 2173-10-14
EXCEL_EPOCH = dt.date(1899, 12, 30)
LOCAL_DATE = re.compile(r"^(\d{4})\s*[/.年-]\s*(\d{1,2})\s*(?:[/.月-]\s*(\d{1,2})\s*日?)?\s*月?$")


@dataclass(frozen=True)
class Cell:
    text: str | None  # as it would be written in sites.yaml; None when empty
    file: str
    place: str  # `示范点!C7 (经度)`
    row: int
    col: int

    def problem(self, key: str, params: dict | None = None, **kw) -> Problem:
        return Problem(self.file, self.row, self.col, "", key, params or {}, place=self.place, **kw)


@dataclass
class Row:
    number: int
    cells: dict[Column, Cell]


@dataclass
class ReadSheet:
    """The rows of one sheet, by the layout's columns; columns the sheet lacks are absent."""

    layout: Sheet
    title: str
    rows: list[Row] = field(default_factory=list)
    present: set[Column] = field(default_factory=set)


@dataclass
class Book:
    sheets: dict[str, ReadSheet] = field(default_factory=dict)  # by layout name
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Grid:
    """A sheet's raw cells: (row, col) -> (value, number format), 1-based."""

    file: str
    title: str
    prefix: str  # `示范点!` in a workbook, nothing in a CSV
    cells: dict[tuple[int, int], tuple[object, str]]

    def place(self, row: int, col: int, header: str = "") -> str:
        return f"{self.prefix}{get_column_letter(col)}{row}" + (f" ({header})" if header else "")


def read(paths: list[Path]) -> Book:
    book = Book()
    for path in paths:
        try:
            grids = _csv(path) if path.suffix.lower() == ".csv" else _workbook(path)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:  # not a workbook
            book.problems.append(Problem(path.name, 1, 1, "", "not_a_book", {"reason": f"{type(exc).__name__}: {exc}"}))
            continue
        for grid in grids:
            _read_grid(grid, book)
    return book


def _workbook(path: Path) -> list[_Grid]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, data_only=True)  # formulas: the value last calculated
    grids = []
    for ws in workbook.worksheets:
        if ws.title in (OPTIONS_SHEET, README_SHEET):
            continue
        cells = {(c.row, c.column): (c.value, c.number_format) for row in ws.iter_rows() for c in row if c.value is not None}
        for merged in ws.merged_cells.ranges:  # the value stands for every cell of the range
            value = cells.get((merged.min_row, merged.min_col))
            for row in range(merged.min_row, merged.max_row + 1):
                for col in range(merged.min_col, merged.max_col + 1):
                    if value is not None:
                        cells[row, col] = value
        prefix = ws.title if re.fullmatch(r"\w+", ws.title) else "'" + ws.title.replace("'", "''") + "'"
        grids.append(_Grid(path.name, ws.title, prefix + "!", cells))
    return grids


def _csv(path: Path) -> list[_Grid]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")  # Excel's "CSV" on a Chinese Windows writes GBK
    dialect = "excel-tab" if "\t" in text.partition("\n")[0] and "," not in text.partition("\n")[0] else "excel"
    rows = csv.reader(io.StringIO(text, newline=""), dialect)
    cells = {(r, c): (value, "General") for r, row in enumerate(rows, 1) for c, value in enumerate(row, 1) if value != ""}
    return [_Grid(path.name, path.stem, "", cells)]


# --- which sheet, which columns ------------------------------------------------------------


def _norm(text: object) -> str:
    """A header as compared: NFKC (full-width brackets and digits), no spaces, no `*` marks."""
    return re.sub(r"[\s*]+", "", unicodedata.normalize("NFKC", str(text))).lower()


def _names(layout: Sheet) -> dict[str, Column]:
    names = {}
    for col in layout.all_columns:
        names[_norm(col.header)] = col
        names.setdefault(_norm(".".join(col.field) or layout.members or ""), col)
    return names


def _identify(grid: _Grid) -> tuple[Sheet | None, int]:
    """The layout a sheet follows (by name, else by the best-matching header row) and its header row."""
    best: tuple[int, int, Sheet | None, int] = (0, 0, None, 0)
    for row in range(1, HEADER_ROWS + 1):
        texts = {_norm(v) for (r, _), (v, _) in grid.cells.items() if r == row}
        for layout in sheets():
            score = len(texts & set(_names(layout)))
            named = _norm(layout.name) == _norm(grid.title)
            if score and (named, score) > best[:2] and (named or _norm(layout.key.header) in texts):
                best = (named, score, layout, row)
    return best[2], best[3]


def _read_grid(grid: _Grid, book: Book) -> None:
    layout, header_row = _identify(grid)
    if layout is None:
        known = "、".join(s.name for s in sheets())
        book.problems.append(Problem(grid.file, 1, 1, "", "unknown_sheet", {"name": grid.title}, hint="sheet_names",
                                     hint_params={"names": known}, warning=True, place=grid.prefix.rstrip("!")))
        return
    read = book.sheets.setdefault(layout.name, ReadSheet(layout, grid.title))
    names, columns = _names(layout), {}
    for (r, c), (value, _) in sorted(grid.cells.items()):
        if r != header_row:
            continue
        col = names.get(_norm(value))
        at = Cell(str(value), grid.file, grid.place(r, c), r, c)
        if col is None:
            book.problems.append(at.problem("unknown_column", {"name": str(value).strip()}, hint="extra_column", warning=True))
        elif col in columns.values():
            first = get_column_letter(next(k for k, v in columns.items() if v == col))
            book.problems.append(at.problem("duplicate_column", {"name": col.header, "first": first}, warning=True))
        else:
            columns[c] = col
    read.present |= set(columns.values())
    if layout.key not in read.present:  # any other column may be left out: its field stays as it is
        book.problems.append(Problem(grid.file, header_row, 1, "", "missing_column", {"name": layout.key.header},
                                     place=grid.place(header_row, 1)))
    last = max((r for r, _ in grid.cells), default=0)
    for r in range(header_row + 1, last + 1):
        cells = {col: _cell(grid, r, c, col, book) for c, col in columns.items()}
        if any(cell.text is not None for cell in cells.values()):
            read.rows.append(Row(r, cells))


# --- one cell ------------------------------------------------------------------------------


def _cell(grid: _Grid, row: int, col: int, column: Column, book: Book) -> Cell:
    value, fmt = grid.cells.get((row, col), (None, "General"))
    at = Cell(None, grid.file, grid.place(row, col, column.header), row, col)
    text = _text(value, fmt, column)
    if column.kind in ("date", "yearmonth") and text and text.isdigit() and int(text) in SERIALS:
        date = (EXCEL_EPOCH + dt.timedelta(days=int(text))).isoformat()
        book.problems.append(at.problem("date_serial", {"value": text, "date": date}, hint="date_cell", warning=True))
        text = date
    return Cell(text, at.file, at.place, row, col)


def _text(value, fmt: str, column: Column) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time() or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        date = value.date() if isinstance(value, dt.datetime) else value
        # `2018-10` typed into Excel becomes 2018-10-01 shown as a month: keep the month
        month_only = column.kind == "yearmonth" and date.day == 1 and "d" not in fmt.lower()
        return date.strftime("%Y-%m") if month_only else date.isoformat()
    if isinstance(value, (dt.datetime, dt.time)):  # `9:00` typed into a text cell
        return value.strftime("%H:%M") if isinstance(value, dt.time) else value.isoformat(sep=" ", timespec="minutes")
    text = str(value).replace("\r\n", "\n").strip()
    if column.kind == "bool":
        text = {YES: "true", NO: "false"}.get(text, text)
    elif column.kind in ("date", "yearmonth"):
        text = _iso(text)
    return text or None


def _iso(text: str) -> str:
    """`2021/5/31`, `2021.5.31`, `2021年5月31日` (how Excel shows and saves dates in China) → 2021-05-31."""
    match = LOCAL_DATE.match(text)
    if not match:
        return text
    parts = [match.group(1), *(f"{int(g):02d}" for g in match.groups()[1:] if g)]
    return "-".join(parts)
