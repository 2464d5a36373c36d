"""One map's contents as showcase.js reads them (a compact JSON "drawing"), and the lookups every
map of a render shares (`Atlas`).

Points go in once, as [lat, lon, id, name] rows; layers refer to them by index, so a 10,000-point
overview stays small. Text from sites.yaml stays data: showcase.js shows it as text, never HTML.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .. import paths
from ..domain import geo
from ..model import Belt, Project
from ..paths import Urls
from .mappage import View

TEXTS = {
    "zh": {
        "overview": "示范带总览", "map": "地图", "other": "其他示范点", "start": "起点", "end": "终点",
        "current": "本站", "next": "下一站", "back": "返回", "north": "北", "points": "个示范点", "belts": "条示范带",
        "button": "显示我的位置", "searching": "正在定位…", "here": "我的位置",
        "insecure": "浏览器只在 https 网址或本机上提供定位,此网址无法显示您的位置。",
        "unsupported": "此浏览器不支持定位。", "denied": "未获得定位权限。",
        "unavailable": "暂时无法获取位置。", "timeout": "定位超时,请稍后再试。",
    },
    "en": {
        "overview": "Belts overview", "map": "map", "other": "Other points", "start": "start", "end": "end",
        "current": "This stop", "next": "Next stop", "back": "Back", "north": "N", "points": "points", "belts": "belts",
        "button": "Show my position", "searching": "Locating…", "here": "You are here",
        "insecure": "Browsers give your position only to https addresses or this computer; not here.",
        "unsupported": "This browser cannot tell your position.", "denied": "Permission to use your position was refused.",
        "unavailable": "Your position is not available right now.", "timeout": "Locating took too long; try again.",
    },
}
LOCATE_TEXTS = ("button", "searching", "here", "insecure", "unsupported", "denied", "unavailable", "timeout")
WORDS = ("current", "next", "back", "north", "points", "belts")
FIT_PADDING = 36  # a marker's radius and then some: none is cut by the map's edge
LABEL_ROOM = 160  # pixels kept free right of the data when names are shown beside markers
FIT_MAX_ZOOM = 16  # a lone point should not open at street-sign zoom


@dataclass
class Atlas:
    """One render's shared lookups: every point ready to draw, and which belts hold it."""

    project: Project
    urls: Urls
    view: View
    rows: dict[str, list]
    """point id → [lat, lon, id, name], the coordinates in the map CRS."""
    belts_of: dict[str, list[Belt]]
    colors: dict[str, str]
    """belt id → colour."""
    texts: dict[str, str]

    @classmethod
    def of(cls, ctx, view: View) -> Atlas:
        project = ctx.project
        rows, belts_of = {}, {}
        for p in project.points:
            rows[p.id] = [*display(p.lat, p.lon, (p.crs or project.site.crs).value, view.crs), p.id, p.name]
        for belt in project.belts:
            for pid in belt.points:
                belts_of.setdefault(pid, []).append(belt)
        colors = {b.id: b.color for b in project.belts}
        return cls(project, ctx.urls, view, rows, belts_of, colors, TEXTS[view.language])

    def regions(self) -> list[list]:
        """[name, south, west, north, east] of each region, in the map CRS."""
        site = self.project.site
        out = []
        for r in site.regions:
            south, west = display(r.south, r.west, site.crs.value, self.view.crs)
            north, east = display(r.north, r.east, site.crs.value, self.view.crs)
            out.append([r.name, south, west, north, east])
        return out


class Drawing:
    """One map's contents: points once, layers referring to them."""

    def __init__(self, atlas: Atlas, file: str, title: str, page: str):
        """`page`: the Markdown page the map belongs to (its "back" link)."""
        self.atlas = atlas
        self.title = title
        self.points: list[list] = []
        self._index: dict[str, int] = {}
        self.layers: list[dict] = []
        self.focus: list[tuple[float, float]] = []
        view = atlas.view
        self.data = {
            "title": title, "back": atlas.urls.href(file, page),
            "points": self.points, "layers": self.layers,
            "href": _point_href(atlas.urls, file.count("/")),
            "tiles": view.tiles,
            "labels": not view.tiles,  # without a base map, names are what orients a visitor
            "outline": view.outline_js is not None,
            "orientation": view.orientation_js is not None,
            "words": {k: atlas.texts[k] for k in WORDS},
            "locate": {"crs": view.crs, "texts": {k: atlas.texts[k] for k in LOCATE_TEXTS}},
        }

    def point(self, point_id: str) -> int:
        """The index of a point in the drawing (added on first use)."""
        if point_id not in self._index:
            self._index[point_id] = len(self.points)
            self.points.append(self.atlas.rows[point_id])
        return self._index[point_id]

    def layer(self, name: str, color: str, markers: list[list], line: list, dashed: bool = False, **more) -> None:
        """markers: [point index, label, style, note] (trailing items optional); line: point
        indices or [lat, lon] pairs. `more`: `leg` (a part of the line to emphasise)."""
        self.layers.append({"name": name, "color": color, "markers": markers, "line": line, "dashed": dashed, **more})

    def fit(self, coordinates) -> None:
        self.focus.extend(tuple(c) for c in coordinates)

    def finish(self) -> dict:
        site, crs = self.atlas.project.site, self.atlas.view.crs
        if not self.focus:  # nothing to show: the site's regions
            for r in site.regions:
                self.focus += [display(r.south, r.west, site.crs.value, crs), display(r.north, r.east, site.crs.value, crs)]
        lats, lons = [c[0] for c in self.focus], [c[1] for c in self.focus]
        self.data["bounds"] = [[min(lats), min(lons)], [max(lats), max(lons)]]
        right = LABEL_ROOM if self.data["labels"] else FIT_PADDING
        self.data["fit"] = {"paddingTopLeft": [FIT_PADDING, FIT_PADDING], "paddingBottomRight": [right, FIT_PADDING],
                            "maxZoom": FIT_MAX_ZOOM}
        return self.data


@functools.lru_cache(maxsize=64)
def _point_href(urls: Urls, depth: int) -> str:
    """Links from a map to point pages, with `{id}` for showcase.js to fill in: the same for
    every map at one folder depth, so computed once."""
    return urls.href("x/" * depth + paths.HOME_MAP, paths.page("point", "{id}"))


@functools.lru_cache(maxsize=100_000)
def display(lat: float, lon: float, source: str, target: str) -> tuple[float, float]:
    """A coordinate in the map's CRS, rounded to ~0.1 m (smaller files, stable output)."""
    lat, lon = geo.convert(lat, lon, source, target)
    return round(lat, 6), round(lon, 6)
