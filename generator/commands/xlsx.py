"""`xlsx export [sites.yaml] BOOK.xlsx` and `xlsx import BOOK [BOOK …] [sites.yaml]`.

Export writes the workbook of a valid sites.yaml. Import reads workbooks or CSV files (a CSV is
one sheet, known by its file name or its header row), merges their rows into sites.yaml and
prints what changed, as `diff` does. Every problem is reported in one run, at its cell
(`BOOK.xlsx:示范点!C7 (经度): 错误: …`), with `check`'s messages and hints: the merged file is
checked by the loader itself. With any error, or with `--dry-run`, nothing is written;
otherwise sites.yaml is replaced in one step.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
import tempfile
from pathlib import Path

from ..render.workbook import workbook
from ..source import loader
from ..source.problems import Problem
from ..source.sheetlayout import sheets
from ..source.sheetrecords import records
from ..source.sheets import Cell, read
from ..source.yamlsource import dotted, parse
from . import diff
from .yamledit import Document
from .yamlmerge import merge

YAML_SUFFIXES = (".yaml", ".yml")


def export(files: list[str], lang: str = "zh") -> int:
    if len(files) > 2:
        return _usage("export 只接受 [sites.yaml] BOOK.xlsx / export takes [sites.yaml] BOOK.xlsx")
    sites, target = (files if len(files) == 2 else ["sites.yaml", files[0]])
    loaded = loader.load(sites)
    if loaded.project is None:
        return _refuse(loaded.errors, f"{sites} 有错误,先用 check 修正再导出", lang)
    _write_atomic(Path(target), workbook(loaded.project))
    print(f"{target}: 已写入 {len(sheets())} 张表(来自 {sites})", file=sys.stderr)
    return 0


def import_(files: list[str], dry_run: bool = False, lang: str = "zh") -> int:
    targets = [f for f in files if f.lower().endswith(YAML_SUFFIXES)]
    books = [f for f in files if f not in targets]
    if len(targets) > 1 or not books:
        return _usage("import 需要 BOOK.xlsx(或 CSV)和至多一个 sites.yaml / import takes BOOK [BOOK …] [sites.yaml]")
    sites = Path(targets[0] if targets else "sites.yaml")
    before = loader.load(sites)
    if before.project is None:
        return _refuse(before.errors, f"{sites} 有错误,先用 check 修正再导入", lang)
    raw = sites.read_bytes()
    text, newline = _text(raw)
    book = read([Path(b) for b in books])
    want, problems = records(book, before.project.site)
    document = Document(text)
    origins, unknown = merge(document.data, parse(raw, str(sites)).data, want)
    merged = document.text()
    after = loader.load_bytes(merged.encode("utf-8"), str(sites), before.root)
    cells = {dotted(path): cell for path, cell in origins.items()}
    seen = {_words(p) for p in before.warnings}
    found = [*book.problems, *problems, *unknown, *(_at_cell(p, cells) for p in after.problems if not p.warning or _words(p) not in seen)]
    names = [s.name for s in sheets()]
    ranks = {read.title: names.index(name) for name, read in book.sheets.items()}
    found = sorted(dict.fromkeys(found), key=lambda p: _order(p, ranks))
    for problem in found:
        print(problem.format(lang), file=sys.stderr)
    errors = [p for p in found if not p.warning]
    if errors:
        print(f"{len(errors)} 个错误,{len(found) - len(errors)} 个警告;{sites} 未改动", file=sys.stderr)
        return 1
    if merged == text:
        print(f"{sites}: 没有变化", file=sys.stderr)
        return 0
    print(diff.markdown(", ".join(books), str(sites), diff.compare(before.project, after.project)), end="")
    if dry_run:
        print(f"(--dry-run:{sites} 未改动)", file=sys.stderr)
        return 0
    _write_atomic(sites, _bytes(merged, newline, raw))
    print(f"{sites}: 已更新", file=sys.stderr)
    return 0


def _text(raw: bytes) -> tuple[str, str]:
    """The file as text with `\\n` line ends, and the line end it had (kept when writing)."""
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n"), newline


def _bytes(text: str, newline: str, raw: bytes) -> bytes:
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    return (bom + text.replace("\n", newline)).encode("utf-8")


def _words(problem: Problem) -> tuple[str, str]:
    return problem.message(), problem.hint_text()


def _at_cell(problem: Problem, cells: dict[str, Cell]) -> Problem:
    """A problem of the merged file, shown at the cell its value came from."""
    path, tries = problem.path, []
    if problem.key == "missing":
        tries.append(f"{path}.{problem.params['field']}" if path else str(problem.params["field"]))
    while path:
        tries.append(path)
        path = re.sub(r"(^|\.)[^.\[\]]+$|\[\d+\]$", "", path)  # the parent: drop `.key` or `[i]`
    for i, candidate in enumerate(tries):
        if candidate in cells:
            cell = cells[candidate]
            exact = i == 0
            return dataclasses.replace(problem, file=cell.file, line=cell.row, col=cell.col, place=cell.place,
                                       path="" if exact else problem.path)
    return problem


def _order(problem: Problem, ranks: dict[str, int]) -> tuple:
    """Files, then sheets in the layout's order (renamed ones too), then rows and columns."""
    sheet = problem.place.rpartition("!")[0].strip("'").replace("''", "'")
    return (problem.file, ranks.get(sheet, len(ranks)), problem.line, problem.col)


def _refuse(errors: list[Problem], summary: str, lang: str) -> int:
    for problem in errors:
        print(problem.format(lang), file=sys.stderr)
    print(f"错误: {summary}", file=sys.stderr)
    return 1


def _usage(text: str) -> int:
    print(f"错误: {text}", file=sys.stderr)
    return 2


def _write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename over it: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
