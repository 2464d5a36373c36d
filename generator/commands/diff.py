"""`diff OLD NEW`: what changed between two versions of sites.yaml, in words a reviewer checks.

OLD and NEW are files or git revisions (`main`, `HEAD~1`); a revision's sites.yaml is read with
`git show`. The output is Markdown for a pull-request comment or a CI job summary: the problems
`check` finds in NEW, then the changes (`changes`): records added, removed, re-numbered and
renamed; points moved, by how much (a move over 1 km is flagged: it is usually a typo, swapped
lat/lon or the wrong `crs`); stop and belt order; figures; other fields, old → new.
A NEW with errors still gets its summary of what can be compared (exit status 1), so reviewers
see both what changed and what is wrong on exactly the failing pull requests.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from ..render.templating import Md, md
from ..source import loader
from ..source.problems import Problem
from .changes import Section, compare
from .changewords import code


class SourceError(Exception):
    """A side that cannot be read at all (no such file or revision)."""


# --- reading each side ---------------------------------------------------------------------


def load_side(spec: str, file: str) -> loader.Loaded:
    """Load a file, or `file` as it is in git revision `spec`."""
    if Path(spec).is_file():
        return loader.load(spec)
    where = Path(file).parent
    shown = f"{spec}:{file}"
    raw = _git(["show", f"{spec}:./{Path(file).name}"], where, shown)
    # Photos are checked against the revision's own docs/: empty stand-ins of its files will do.
    with tempfile.TemporaryDirectory() as tmp:
        for name in _git(["ls-tree", "-r", "--name-only", spec, "--", "docs"], where, shown).decode().splitlines():
            stand_in = Path(tmp, name)
            stand_in.parent.mkdir(parents=True, exist_ok=True)
            stand_in.touch()
        return loader.load_bytes(raw, shown, Path(tmp))


def _git(args: list[str], where: Path, shown: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=where, capture_output=True, check=False)
    except OSError:
        raise SourceError(f"找不到文件 {shown.split(':', 1)[0]},也无法运行 git") from None
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        raise SourceError(f"既不是文件,也读不到 git 版本 {shown}({detail[-1] if detail else 'git 出错'})")
    return done.stdout


def markdown(old_label: str, new_label: str, sections: list[Section], problems: list[Problem] = ()) -> str:
    lines = [Md("## sites.yaml 的变化"), "", Md("对比:{} → {}").format(code(old_label), code(new_label)), ""]
    lines += _notices(sections)
    if problems:
        lines += [Md("### ⚠ {} 中的问题({})").format(code(new_label), len(problems)), "", *map(_problem, problems), ""]
    if not any(s.lines for s in sections):
        return str(Md("\n").join(lines + ["没有内容变化。", ""]))
    for section in sections:
        if not section.lines:
            continue
        counts = Md("、").join(Md("{} {}").format(word, n) for word, n in section.counts.items())
        lines += [Md("### {}({})").format(section.title, counts), "", *section.lines, ""]
    return str(Md("\n").join(lines))


def _notices(sections: list[Section]) -> list[str]:
    moves = sum(line.startswith("- ⚠") and "位置移动" in line for s in sections for line in s.lines)
    renumbered = sum(s.counts.get("改编号", 0) for s in sections)
    notices = [Md("> ⚠ 有 {} 处位置移动超过 1 公里,请重点核对。").format(moves)] if moves else []
    if renumbered:
        notices.append(Md("> ⚠ 有 {} 条记录改了编号:网页地址随之改变,已印制的二维码需要重印。").format(renumbered))
    return [*notices, ""] if notices else []


def _problem(problem: Problem) -> str:
    """One problem as a list item: place, field, message and hint, all escaped."""
    place = f"{problem.file}:{problem.line}:{problem.col}"
    kind = "警告" if problem.warning else "错误"
    return Md("- {} {} {}").format(kind, code(place), md(problem.summary()))


def main(old_spec: str, new_spec: str, file: str = "sites.yaml", output: str | None = None) -> int:
    sides = []
    for spec in (old_spec, new_spec):
        try:
            loaded = load_side(spec, file)
        except SourceError as exc:
            print(f"错误:{spec}:{exc}", file=sys.stderr)
            return 1
        for problem in loaded.errors:
            print(problem.format(), file=sys.stderr)
        if loaded.partial is None:  # not even the site settings: nothing to compare
            print(f"错误:{spec} 有 {len(loaded.errors)} 个错误,无法比较", file=sys.stderr)
            return 1
        sides.append(loaded)
    old, new = sides
    text = markdown(old_spec, new_spec, compare(old.partial, new.partial, new.invalid), new.errors)
    if output:
        Path(output).write_text(text, encoding="utf-8", newline="\n")
    else:
        print(text, end="")
    return 1 if old.errors or new.errors else 0
