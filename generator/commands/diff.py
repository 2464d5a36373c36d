"""`diff OLD NEW`: what changed between two versions of sites.yaml, in words a reviewer checks.

OLD and NEW are files or git revisions (`main`, `HEAD~1`); a revision's sites.yaml is read with
`git show`. The output is Markdown for a pull-request comment: records added, removed and
renamed; points moved, by how much (a move over 1 km is flagged: it is usually a typo, swapped
lat/lon or the wrong `crs`); stop and belt order; figures; other fields by name.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..domain import geo
from ..model import Belt, Point, Project, Route, Site
from ..model.schema import model_schema
from ..render.templating import md, number
from ..source import loader

SUSPICIOUS_M = 1000


class SourceError(Exception):
    """A side that cannot be read at all (no such file or revision)."""


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, count: str | None, line: str) -> None:
        self.lines.append(line)
        if count:
            self.counts[count] = self.counts.get(count, 0) + 1


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


# --- comparing -----------------------------------------------------------------------------


def compare(old: Project, new: Project) -> list[Section]:
    def belt(section: Section, a: Belt, b: Belt) -> None:
        _sequence(section, _ref(b.id, b.name), "示范点", a.points, b.points, old, new)

    def point(section: Section, a: Point, b: Point) -> None:
        _moved(section, a, b, old.site, new.site)
        _figures(section, a, b)

    def route(section: Section, a: Route, b: Route) -> None:
        before, after = [s.point for s in a.stops], [s.point for s in b.stops]
        _sequence(section, _ref(b.id, b.name), "站点", before, after, old, new)
        if before == after and a.stops != b.stops:
            section.add("修改", f"- {_ref(b.id, b.name)} 修改了各站的停留时间或提示")

    return [
        _site(old.site, new.site),
        _kind("示范带", old.belts, new.belts, ("points",), belt),
        _kind("示范点", old.points, new.points, ("lat", "lon", "crs", "figures"), point),
        _kind("路线", old.routes, new.routes, ("stops",), route),
    ]


def _kind(title: str, old: list, new: list, handled: tuple[str, ...], details) -> Section:
    """One kind of record: added, removed, renamed, then per record its own `details` and
    the other changed fields."""
    section = Section(title)
    olds, news = {r.id: r for r in old}, {r.id: r for r in new}
    for rid in _records(section, olds, news):
        a, b = olds[rid], news[rid]
        details(section, a, b)
        changed = _changed_fields(a, b, ("id", "name", *handled))
        if changed:
            section.add("修改", f"- {_ref(rid, b.name)} 修改了:{changed}")
    return section


def _site(old: Site, new: Site) -> Section:
    section = Section("全站设置")
    changed = _changed_fields(old, new, ())
    if changed:
        section.add("修改", f"- 修改了:{changed}")
    return section


def _records(section: Section, old: dict, new: dict) -> list[str]:
    """Added, removed and renamed records, in file order; returns the ids on both sides."""
    for rid in [rid for rid in new if rid not in old]:
        section.add("新增", f"- 新增:{_ref(rid, new[rid].name)}")
    for rid in [rid for rid in old if rid not in new]:
        section.add("删除", f"- 删除:{_ref(rid, old[rid].name)}")
    both = [rid for rid in new if rid in old]
    for rid in both:
        if old[rid].name != new[rid].name:
            section.add("改名", f"- 改名:`{rid}` {md(old[rid].name)} → {md(new[rid].name)}")
    return both


def _moved(section: Section, a: Point, b: Point, old_site: Site, new_site: Site) -> None:
    before = geo.convert(a.lat, a.lon, a.crs or old_site.crs, "wgs84")
    after = geo.convert(b.lat, b.lon, b.crs or new_site.crs, "wgs84")
    if before == after:
        return
    metres = geo.distance_m(before, after)
    text = f"- {_ref(b.id, b.name)} 位置移动{_distance(metres)}"
    if metres > SUSPICIOUS_M:
        text = f"- ⚠ {_ref(b.id, b.name)} 位置移动{_distance(metres)},超过 1 公里:请核对坐标是否抄错、纬度和经度是否写反、坐标系 crs 是否正确"
    section.add("移动", text)


def _figures(section: Section, a: Point, b: Point) -> None:
    olds, news = {f.name: f for f in a.figures}, {f.name: f for f in b.figures}
    for name, figure in news.items():
        if name not in olds:
            section.add("数据", f"- {_ref(b.id, b.name)} 新增数据:{md(name)} {_figure(figure)}")
        elif olds[name] != figure:
            section.add("数据", f"- {_ref(b.id, b.name)} 数据更新:{md(name)} {_figure(olds[name])} → {_figure(figure)}")
    for name, figure in olds.items():
        if name not in news:
            section.add("数据", f"- {_ref(b.id, b.name)} 删除数据:{md(name)} {_figure(figure)}")


def _sequence(section: Section, who: str, word: str, before: list[str], after: list[str], old: Project, new: Project) -> None:
    """Members added and removed, and a changed order of the members kept."""
    added = [pid for pid in after if pid not in before]
    removed = [pid for pid in before if pid not in after]
    if added:
        section.add("增减", f"- {who} 新增{word}:{_names(added, new)}")
    if removed:
        section.add("增减", f"- {who} 移除{word}:{_names(removed, old)}")
    kept_before = [pid for pid in before if pid in after]
    kept_after = [pid for pid in after if pid in before]
    if kept_before != kept_after:
        section.add("顺序", f"- {who} {word}顺序改变:原为 {_order(before, old)};现为 {_order(after, new)}")


def _changed_fields(a, b, skip: tuple[str, ...]) -> str:
    """The changed fields, named by their Chinese labels: `详细地址(address)、开放时间(open_hours)`."""
    props = model_schema()["definitions"][type(a).__name__]["properties"]
    names = [name for name in type(a).model_fields if name not in skip and getattr(a, name) != getattr(b, name)]
    return "、".join(f"{md(props[name]['title'])}(`{name}`)" for name in names)


# --- words ---------------------------------------------------------------------------------


def _ref(record_id: str, name: str) -> str:
    return f"`{record_id}` {md(name)}"


def _point_name(project: Project, pid: str) -> str:
    point = next((p for p in project.points if p.id == pid), None)
    return md(point.name) if point else f"`{pid}`"


def _names(ids: list[str], project: Project) -> str:
    return "、".join(_point_name(project, pid) for pid in ids)


def _order(ids: list[str], project: Project) -> str:
    return " → ".join(_point_name(project, pid) for pid in ids)


def _distance(metres: float) -> str:
    if metres < 1:
        return "不到 1 米"
    if metres < 1000:
        return f"约 {round(metres)} 米"
    return f"约 {metres / 1000:.1f} 公里"


def _figure(figure) -> str:
    approx = "余" if figure.approx else ""
    return f"{number(figure.value)}{approx}{md(figure.unit)}(截至 {figure.as_of.isoformat()})"


def markdown(old_label: str, new_label: str, sections: list[Section]) -> str:
    lines = ["## sites.yaml 的变化", "", f"对比:`{old_label}` → `{new_label}`", ""]
    warnings = sum(line.startswith("- ⚠") for s in sections for line in s.lines)
    if warnings:
        lines += [f"> ⚠ 有 {warnings} 处位置移动超过 1 公里,请重点核对。", ""]
    if not any(s.lines for s in sections):
        return "\n".join(lines + ["没有内容变化。", ""])
    for section in sections:
        if not section.lines:
            continue
        counts = "、".join(f"{word} {n}" for word, n in section.counts.items())
        lines += [f"### {section.title}({counts})", "", *section.lines, ""]
    return "\n".join(lines)


def main(old_spec: str, new_spec: str, file: str = "sites.yaml", output: str | None = None) -> int:
    sides = []
    for spec in (old_spec, new_spec):
        try:
            loaded = load_side(spec, file)
        except SourceError as exc:
            print(f"错误:{spec}:{exc}", file=sys.stderr)
            return 1
        if loaded.project is None:
            for problem in loaded.errors:
                print(problem.format(), file=sys.stderr)
            print(f"错误:{spec} 有 {len(loaded.errors)} 个错误,无法比较", file=sys.stderr)
            return 1
        sides.append(loaded.project)
    text = markdown(old_spec, new_spec, compare(*sides))
    if output:
        Path(output).write_text(text, encoding="utf-8", newline="\n")
    else:
        print(text, end="")
    return 0
