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
WORDS = {
    "zh": {
        "export_usage": "export 只接受 [sites.yaml] BOOK.xlsx", "import_usage": "import 需要工作簿(或 CSV)和至多一个 sites.yaml",
        "broken": "{sites} 有错误,先用 check 修正再{verb}", "export": "导出", "import": "导入",
        "written": "{target}: 已写入 {n} 张表(来自 {sites})", "failed": "{errors} 个错误,{warnings} 个警告;{sites} 未改动",
        "same": "{sites}: 没有变化", "dry": "(--dry-run:{sites} 未改动)", "updated": "{sites}: 已更新",
    },
    "en": {
        "export_usage": "export takes [sites.yaml] BOOK.xlsx", "import_usage": "import takes BOOK [BOOK …] [sites.yaml]",
        "broken": "{sites} has errors: fix them (see check) before the {verb}", "export": "export", "import": "import",
        "written": "{target}: {n} sheets written (from {sites})", "failed": "{errors} error(s), {warnings} warning(s); {sites} unchanged",
        "same": "{sites}: no changes", "dry": "(--dry-run: {sites} unchanged)", "updated": "{sites}: updated",
    },
}


def export(files: list[str], lang: str = "zh") -> int:
    words = WORDS[lang]
    if len(files) > 2:
        return _usage(words["export_usage"])
    sites, target = (files if len(files) == 2 else ["sites.yaml", files[0]])
    loaded = loader.load(sites)
    if loaded.project is None:
        return _refuse(loaded.errors, words["broken"].format(sites=sites, verb=words["export"]), lang)
    _write_atomic(Path(target), workbook(loaded.project))
    print(words["written"].format(target=target, n=len(sheets()), sites=sites), file=sys.stderr)
    return 0


def import_(files: list[str], dry_run: bool = False, lang: str = "zh") -> int:
    words = WORDS[lang]
    targets = [f for f in files if f.lower().endswith(YAML_SUFFIXES)]
    books = [f for f in files if f not in targets]
    if len(targets) > 1 or not books:
        return _usage(words["import_usage"])
    sites = Path(targets[0] if targets else "sites.yaml")
    before = loader.load(sites)
    if before.project is None:
        return _refuse(before.errors, words["broken"].format(sites=sites, verb=words["import"]), lang)
    raw = sites.read_bytes()
    text, newline = _text(raw)
    merged, after, found = _merge(books, sites, raw, text, before)
    for problem in found:
        print(problem.format(lang), file=sys.stderr)
    errors = [p for p in found if not p.warning]
    if errors:
        print(words["failed"].format(errors=len(errors), warnings=len(found) - len(errors), sites=sites), file=sys.stderr)
        return 1
    if merged == text:
        print(words["same"].format(sites=sites), file=sys.stderr)
        return 0
    print(diff.markdown(", ".join(books), str(sites), diff.compare(before.project, after.project)), end="")
    if not dry_run:
        _write_atomic(sites, _bytes(merged, newline, raw))
    print(words["dry" if dry_run else "updated"].format(sites=sites), file=sys.stderr)
    return 0


def _merge(books: list[str], sites: Path, raw: bytes, text: str, before: loader.Loaded):
    """The merged text, the loader's reading of it, and every problem: the workbook's, and the
    merged file's (new warnings only), each at the cell its value came from."""
    book = read([Path(b) for b in books])
    want, problems = records(book, before.project.site)
    document = Document(text)
    origins, unknown = merge(document.data, parse(raw, str(sites)).data, want)
    merged = document.text()
    after = loader.load_bytes(merged.encode("utf-8"), str(sites), before.root)
    cells = {dotted(path): cell for path, cell in origins.items()}
    seen = {_words(p) for p in before.warnings}
    checked = [_at_cell(p, cells) for p in after.problems if not p.warning or _words(p) not in seen]
    names = [s.name for s in sheets()]
    ranks = {read.title: names.index(name) for name, read in book.sheets.items()}
    found = sorted(dict.fromkeys([*book.problems, *problems, *unknown, *checked]), key=lambda p: _order(p, ranks))
    return merged, after, found


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
    print(f"{'错误' if lang == 'zh' else 'error'}: {summary}", file=sys.stderr)
    return 1


def _usage(text: str) -> int:
    print(f"错误 / error: {text}", file=sys.stderr)
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
