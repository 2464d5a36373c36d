"""What changed between two projects, as sections of Markdown lines a reviewer checks.

Records are matched by id; a record whose id changed is matched by its name (a point also by its
coordinates), because a new id moves its page and breaks every QR code already printed. Each
changed field shows its old and new value; a changed order is a numbered before/after table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pydantic import BaseModel

from ..domain import geo
from ..model import Belt, LabelledEnum, Point, Project, Route, Site
from ..model.schema import model_schema
from ..render.templating import Md, md, number
from ..source.yamlsource import shown

SUSPICIOUS_M = 1000
VALUE_WIDTH = 60


@dataclass
class Section:
    title: str
    lines: list[Md] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, count: str | None, template: str, *values) -> None:
        """A line `template.format(*values)`: values are escaped as Markdown text unless they are
        Markdown already (Md: names through `md`, ids through `code`)."""
        self.lines.append(Md(template).format(*values))
        if count:
            self.counts[count] = self.counts.get(count, 0) + 1


def compare(old: Project, new: Project, invalid: dict[str, set[str]] | None = None) -> list[Section]:
    """`invalid`: ids of the new side's records that have errors: not "deleted", only unreadable."""
    invalid = invalid or {}
    point_ids = _renames(old.points, new.points, lambda a, b: a.name == b.name or (a.lat, a.lon) == (b.lat, b.lon))

    def belt(section: Section, a: Belt, b: Belt) -> None:
        _sequence(section, _ref(b.id, b.name), "示范点", [point_ids.get(p, p) for p in a.points], b.points, old, new)

    def point(section: Section, a: Point, b: Point) -> None:
        _moved(section, a, b, old.site, new.site)
        _figures(section, a, b)

    def route(section: Section, a: Route, b: Route) -> None:
        before, after = [point_ids.get(s.point, s.point) for s in a.stops], [s.point for s in b.stops]
        _sequence(section, _ref(b.id, b.name), "站点", before, after, old, new)
        if before == after:
            _stops(section, b, a.stops, b.stops, new)

    return [
        _site(old.site, new.site),
        _kind("示范带", old.belts, new.belts, invalid.get("belts", set()), ("points",), belt),
        _kind("示范点", old.points, new.points, invalid.get("points", set()), ("lat", "lon", "crs", "figures"), point,
              point_ids),
        _kind("路线", old.routes, new.routes, invalid.get("routes", set()), ("stops",), route),
    ]


def _renames(old: list, new: list, same) -> dict[str, str]:
    """old id → new id, for records that left under one id and came back under another."""
    olds, news = {r.id: r for r in old}, {r.id: r for r in new}
    fresh = [rid for rid in news if rid not in olds]
    renames: dict[str, str] = {}
    for rid in [rid for rid in olds if rid not in news]:
        match = next((n for n in fresh if n not in renames.values() and same(olds[rid], news[n])), None)
        if match:
            renames[rid] = match
    return renames


def _kind(title: str, old: list, new: list, invalid: set[str], handled: tuple[str, ...], details,
          renames: dict[str, str] | None = None) -> Section:
    """One kind of record: added, removed, renamed, then per record its own `details` and the
    other changed fields."""
    section = Section(title)
    renames = renames if renames is not None else _renames(old, new, lambda a, b: a.name == b.name)
    olds, news = {r.id: r for r in old}, {r.id: r for r in new}
    for a, b in _records(section, olds, news, renames, invalid):
        details(section, a, b)
        for text in _changed_fields(a, b, ("id", "name", *handled)):
            section.add("修改", "- {} {}", _ref(b.id, b.name), text)
    return section


def _site(old: Site, new: Site) -> Section:
    section = Section("全站设置")
    for text in _changed_fields(old, new, ()):
        section.add("修改", "- {}", text)
    return section


def _records(section: Section, olds: dict, news: dict, renames: dict[str, str], invalid: set[str]) -> list[tuple]:
    """Added, removed, re-numbered and renamed records, in file order; returns the pairs to compare."""
    kept = set(renames.values())
    for rid in [rid for rid in news if rid not in olds and rid not in kept]:
        section.add("新增", "- 新增:{}", _ref(rid, news[rid].name))
    for rid in [rid for rid in olds if rid not in news and rid not in renames]:
        if rid in invalid:
            section.add("有错误", "- ⚠ {} 在新版本中有错误,未能比较(见上方的问题)", _ref(rid, olds[rid].name))
        else:
            section.add("删除", "- 删除:{}", _ref(rid, olds[rid].name))
    for old_id, new_id in renames.items():
        section.add("改编号", "- ⚠ 改编号:{} → {} {}:网页地址随编号改变,已印制的二维码(标牌、导览资料)仍指向旧地址,需要重印",
                    code(old_id), code(new_id), md(news[new_id].name))
    pairs = [(olds[rid], news[rid]) for rid in news if rid in olds] + [(olds[o], news[n]) for o, n in renames.items()]
    for a, b in pairs:
        if a.name != b.name:
            section.add("改名", "- 改名:{} {} → {}", code(b.id), md(a.name), md(b.name))
    return pairs


def _moved(section: Section, a: Point, b: Point, old_site: Site, new_site: Site) -> None:
    before = geo.convert(a.lat, a.lon, a.crs or old_site.crs, "wgs84")
    after = geo.convert(b.lat, b.lon, b.crs or new_site.crs, "wgs84")
    if before == after:
        return
    metres = geo.distance_m(before, after)
    values = Md("(纬度 {}, 经度 {} → 纬度 {}, 经度 {}").format(a.lat, a.lon, b.lat, b.lon)
    crs_before, crs_after = a.crs or old_site.crs, b.crs or new_site.crs
    values += Md(";坐标系 {} → {})").format(md(crs_before.label), md(crs_after.label)) if crs_before != crs_after else Md(")")
    text = "- {} 位置移动{}{}"
    if metres > SUSPICIOUS_M:
        text = "- ⚠ {} 位置移动{}{},超过 1 公里:请核对坐标是否抄错、纬度和经度是否写反、坐标系 crs 是否正确"
    section.add("移动", text, _ref(b.id, b.name), _distance(metres), values)


def _figures(section: Section, a: Point, b: Point) -> None:
    olds, news = {f.name: f for f in a.figures}, {f.name: f for f in b.figures}
    for name, figure in news.items():
        if name not in olds:
            section.add("数据", "- {} 新增数据:{} {}", _ref(b.id, b.name), md(name), _figure(figure))
        elif olds[name] != figure:
            section.add("数据", "- {} 数据更新:{} {} → {}", _ref(b.id, b.name), md(name), _figure(olds[name]), _figure(figure))
    for name, figure in olds.items():
        if name not in news:
            section.add("数据", "- {} 删除数据:{} {}", _ref(b.id, b.name), md(name), _figure(figure))


def _sequence(section: Section, who: Md, word: str, before: list[str], after: list[str], old: Project, new: Project) -> None:
    """Members added and removed, and a changed order of the members kept (`before` already
    speaks of re-numbered points by their new ids)."""
    added = [pid for pid in after if pid not in before]
    removed = [pid for pid in before if pid not in after]
    if added:
        section.add("增减", "- {} 新增{}:{}", who, word, _names(added, new))
    if removed:
        section.add("增减", "- {} 移除{}:{}", who, word, _names(removed, old, new))
    kept_before = [pid for pid in before if pid in after]
    kept_after = [pid for pid in after if pid in before]
    if kept_before != kept_after:
        rows = [Md("  | {} | {} | {} |").format(i + 1, _name(i, before, old, new), _name(i, after, new))
                for i in range(max(len(before), len(after)))]
        table = Md("\n").join(["", Md("  | 序号 | 原{}顺序 | 现{}顺序 |").format(word, word), Md("  |---:|---|---|"), *rows, ""])
        section.add("顺序", "- {} {}顺序改变:\n{}", who, word, table)


def _stops(section: Section, route: Route, before: list, after: list, new: Project) -> None:
    """Dwell times and notes of the stops of an unchanged itinerary."""
    props = model_schema()["definitions"]["Stop"]["properties"]
    for n, (a, b) in enumerate(zip(before, after), 1):
        for name in ("dwell", "note"):
            if getattr(a, name) != getattr(b, name):
                section.add("修改", "- {} 第 {} 站 {} {}({}):{}", _ref(route.id, route.name), n, _named(b.point, new),
                            md(props[name]["title"]), code(name), _change(getattr(a, name), getattr(b, name)))


def _changed_fields(a, b, skip: tuple[str, ...]) -> list[Md]:
    """Each changed field, named by its Chinese label, with its old and new value:
    `开放时间(open_hours):9:00-17:30 → 9:00-18:00`."""
    props = model_schema()["definitions"][type(a).__name__]["properties"]
    names = [name for name in type(a).model_fields if name not in skip and getattr(a, name) != getattr(b, name)]
    return [Md("{}({}):{}").format(md(props[name]["title"]), code(name), _change(getattr(a, name), getattr(b, name)))
            for name in names]


# --- words ---------------------------------------------------------------------------------


def _change(old, new) -> Md:
    before, after = _plain(old), _plain(new)
    change = Md("{} → {}").format(_value(before), _value(after))
    if shown(before, VALUE_WIDTH) == shown(after, VALUE_WIDTH):  # both cut at the same place
        at = next((i for i, (x, y) in enumerate(zip(before, after)) if x != y), min(len(before), len(after)))
        change += Md("(第 {} 个字起不同)").format(at + 1)
    return change


def _value(text: str) -> Md:
    return md(shown(text, VALUE_WIDTH)) if text else Md("(空)")


def _plain(value) -> str:
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return _plain({k: v for k, v in value if v != type(value).model_fields[k].default})
    if isinstance(value, dict):
        return ";".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "、".join(_plain(v) for v in value)
    return "" if value is None else str(value)


def _ref(record_id: str, name: str) -> Md:
    return Md("{} {}").format(code(record_id), md(name))


def code(text: str) -> Md:
    """An id, field name, file or revision as a code span; a backtick or line break in it cannot
    end the span."""
    return Md("`" + " ".join(str(text).replace("`", "'").split()) + "`")


def _name(i: int, ids: list[str], *projects: Project) -> Md:
    return _named(ids[i], *projects) if i < len(ids) else Md("")


def _named(pid: str, *projects: Project) -> Md:
    """A point's name from the first project that has it, else its id."""
    for project in projects:
        point = next((p for p in project.points if p.id == pid), None)
        if point:
            return md(point.name)
    return code(pid)


def _names(ids: list[str], *projects: Project) -> Md:
    return Md("、").join(_named(pid, *projects) for pid in ids)


def _distance(metres: float) -> str:
    if metres < 1:
        return "不到 1 米"
    if metres < 1000:
        return f"约 {round(metres)} 米"
    return f"约 {metres / 1000:.1f} 公里"


def _figure(figure) -> Md:
    return Md("{}{}{}(截至 {})").format(number(figure.value), "余" if figure.approx else "", md(figure.unit),
                                       figure.as_of.isoformat())
