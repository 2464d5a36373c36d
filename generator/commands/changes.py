"""What changed between two projects, as sections of Markdown lines a reviewer checks.

Records are matched by id; a record whose id changed is matched by its name (a point also by its
coordinates), because a new id moves its page and breaks every QR code already printed. Each
changed field shows its old and new value; a changed order is a numbered before/after table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain import geo
from ..model import Belt, Point, Project, Route, Site
from ..model.schema import model_schema
from ..render.templating import Md, md
from .changewords import changed, code, dated_figure, distance_text, name_at, named, named_list, ref

SUSPICIOUS_M = 1000


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
        _sequence(section, ref(b.id, b.name), "示范点", [point_ids.get(p, p) for p in a.points], b.points, old, new)

    def point(section: Section, a: Point, b: Point) -> None:
        _moved(section, a, b, old.site, new.site)
        _figures(section, a, b)

    def route(section: Section, a: Route, b: Route) -> None:
        before, after = [point_ids.get(s.point, s.point) for s in a.stops], [s.point for s in b.stops]
        _sequence(section, ref(b.id, b.name), "站点", before, after, old, new)
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
            section.add("修改", "- {} {}", ref(b.id, b.name), text)
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
        section.add("新增", "- 新增:{}", ref(rid, news[rid].name))
    for rid in [rid for rid in olds if rid not in news and rid not in renames]:
        if rid in invalid:
            section.add("有错误", "- ⚠ {} 在新版本中有错误,未能比较(见上方的问题)", ref(rid, olds[rid].name))
        else:
            section.add("删除", "- 删除:{}", ref(rid, olds[rid].name))
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
    section.add("移动", text, ref(b.id, b.name), distance_text(metres), values)


def _figures(section: Section, a: Point, b: Point) -> None:
    olds, news = {f.name: f for f in a.figures}, {f.name: f for f in b.figures}
    for name, figure in news.items():
        if name not in olds:
            section.add("数据", "- {} 新增数据:{} {}", ref(b.id, b.name), md(name), dated_figure(figure))
        elif olds[name] != figure:
            section.add("数据", "- {} 数据更新:{} {} → {}", ref(b.id, b.name), md(name), dated_figure(olds[name]), dated_figure(figure))
    for name, figure in olds.items():
        if name not in news:
            section.add("数据", "- {} 删除数据:{} {}", ref(b.id, b.name), md(name), dated_figure(figure))


def _sequence(section: Section, who: Md, word: str, before: list[str], after: list[str], old: Project, new: Project) -> None:
    """Members added and removed, and a changed order of the members kept (`before` already
    speaks of re-numbered points by their new ids)."""
    added = [pid for pid in after if pid not in before]
    removed = [pid for pid in before if pid not in after]
    if added:
        section.add("增减", "- {} 新增{}:{}", who, word, named_list(added, new))
    if removed:
        section.add("增减", "- {} 移除{}:{}", who, word, named_list(removed, old, new))
    kept_before = [pid for pid in before if pid in after]
    kept_after = [pid for pid in after if pid in before]
    if kept_before != kept_after:
        rows = [Md("  | {} | {} | {} |").format(i + 1, name_at(i, before, old, new), name_at(i, after, new))
                for i in range(max(len(before), len(after)))]
        table = Md("\n").join(["", Md("  | 序号 | 原{}顺序 | 现{}顺序 |").format(word, word), Md("  |---:|---|---|"), *rows, ""])
        section.add("顺序", "- {} {}顺序改变:\n{}", who, word, table)


def _stops(section: Section, route: Route, before: list, after: list, new: Project) -> None:
    """Dwell times and notes of the stops of an unchanged itinerary."""
    props = model_schema()["definitions"]["Stop"]["properties"]
    for n, (a, b) in enumerate(zip(before, after), 1):
        for name in ("dwell", "note"):
            if getattr(a, name) != getattr(b, name):
                section.add("修改", "- {} 第 {} 站 {} {}({}):{}", ref(route.id, route.name), n, named(b.point, new),
                            md(props[name]["title"]), code(name), changed(getattr(a, name), getattr(b, name)))


def _changed_fields(a, b, skip: tuple[str, ...]) -> list[Md]:
    """Each changed field, named by its Chinese label, with its old and new value:
    `开放时间(open_hours):9:00-17:30 → 9:00-18:00`."""
    props = model_schema()["definitions"][type(a).__name__]["properties"]
    names = [name for name in type(a).model_fields if name not in skip and getattr(a, name) != getattr(b, name)]
    return [Md("{}({}):{}").format(md(props[name]["title"]), code(name), changed(getattr(a, name), getattr(b, name)))
            for name in names]
