"""The site's maps: the home overview, and one per belt, point and route, plus their assets.

Each map is a standalone HTML file beside its page (the page shows it in an iframe). folium
builds the page (mappage.py); what the map shows goes in as one JSON "drawing" that our
showcase.js draws: a compact point array plus layers that refer to it by index, so a
10,000-point overview stays small, and text from sites.yaml never becomes HTML.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .. import paths
from ..domain import geo
from ..model import Belt, Point, Project, Route
from ..paths import Urls
from ..source.docsfiles import confined
from . import mapassets
from .context import BuildCache
from .mappage import View, content_hash, page

TEXTS = {
    "zh": {
        "overview": "示范带总览", "map": "地图", "other": "其他示范点", "start": "起点", "end": "终点",
        "button": "显示我的位置", "searching": "正在定位…", "here": "我的位置",
        "insecure": "浏览器只在 https 网址或本机上提供定位,此网址无法显示您的位置。",
        "unsupported": "此浏览器不支持定位。", "denied": "未获得定位权限。",
        "unavailable": "暂时无法获取位置。", "timeout": "定位超时,请稍后再试。",
    },
    "en": {
        "overview": "Belts overview", "map": "map", "other": "Other points", "start": "start", "end": "end",
        "button": "Show my position", "searching": "Locating…", "here": "You are here",
        "insecure": "Browsers give your position only to https addresses or this computer; not here.",
        "unsupported": "This browser cannot tell your position.", "denied": "Permission to use your position was refused.",
        "unavailable": "Your position is not available right now.", "timeout": "Locating took too long; try again.",
    },
}
LOCATE_TEXTS = ("button", "searching", "here", "insecure", "unsupported", "denied", "unavailable", "timeout")
OTHER_COLOR = "#666666"
FIT_PADDING = 24
LABEL_ROOM = 160  # pixels kept free right of the data when names are shown beside markers
FIT_MAX_ZOOM = 16  # a lone point should not open at street-sign zoom
MAX_LAYER_LIST = 200

def render(ctx) -> dict[str, str | bytes]:
    """Every map file of the site and the offline assets they load.

    Under `mkdocs serve` every edit rebuilds the site; when sites.yaml and the outline are
    unchanged (a Markdown page was edited), the last result is reused."""
    view = make_view(ctx)
    key = content_hash([ctx.project.model_dump_json(), repr(ctx.urls), view.key])
    return dict(ctx.cache.latest("maps", key, lambda: _render(Atlas.of(ctx, view), ctx.cache)))


def _render(atlas: Atlas, cache: BuildCache) -> dict[str, str | bytes]:
    view, project = atlas.view, atlas.project
    files: dict[str, str | bytes] = dict(mapassets.files())
    if view.outline_js:
        files[mapassets.OUTLINE_JS] = view.outline_js
    texts = atlas.texts
    maps = {paths.HOME_MAP: (f"{project.site.title} · {texts['overview']}", overview(atlas))}
    for belt in project.belts:
        maps[paths.map_file("belt", belt.id)] = (belt.name, belt_map(atlas, belt))
    for point in project.points:
        maps[paths.map_file("point", point.id)] = (point.name, point_map(atlas, point))
    for route in project.routes:
        maps[paths.map_file("route", route.id)] = (route.name, route_map(atlas, route))
    for file, (title, drawing) in maps.items():
        files[file] = page(view, file, f"{title} · {texts['map']}", drawing, cache)
    return files


def make_view(ctx) -> View:
    site = ctx.project.site
    crs = site.tiles.crs.value if site.tiles else "wgs84"
    outline = None
    if site.outline:
        target = confined(ctx.root, site.outline)
        if target is None or not target.is_file():
            raise FileNotFoundError(f"site.outline: {site.outline} is not a file under docs/")
        outline = mapassets.outline_js(target.read_bytes(), crs, site.outline)
    center = (sum(r.south + r.north for r in site.regions) / 2 / len(site.regions),
              sum(r.west + r.east for r in site.regions) / 2 / len(site.regions))
    return View(crs=crs, tiles=site.tiles, language=site.language, outline_js=outline,
                center=display(*center, site.crs.value, crs))


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


# --- what each map shows --------------------------------------------------------------------


class Drawing:
    """One map's contents as showcase.js reads them: points once, layers referring to them."""

    def __init__(self, atlas: Atlas, file: str):
        self.atlas = atlas
        self.points: list[list] = []
        self._index: dict[str, int] = {}
        self.layers: list[dict] = []
        self.focus: list[tuple[float, float]] = []
        view = atlas.view
        self.data = {
            "points": self.points, "layers": self.layers,
            "href": _point_href(atlas.urls, file.count("/")),
            "tiles": view.tiles is not None,
            "labels": view.tiles is None,  # without a base map, names are what orients a visitor
            "outline": view.outline_js is not None,
            "locate": {"crs": view.crs, "texts": {k: atlas.texts[k] for k in LOCATE_TEXTS}},
        }

    def point(self, point_id: str) -> int:
        """The index of a point in the drawing (added on first use)."""
        if point_id not in self._index:
            self._index[point_id] = len(self.points)
            self.points.append(self.atlas.rows[point_id])
        return self._index[point_id]

    def layer(self, name: str, color: str, markers: list[list], line: list, dashed: bool = False) -> None:
        """markers: [point index, label, style, note] (trailing items optional); line: point
        indices or [lat, lon] pairs."""
        self.layers.append({"name": name, "color": color, "markers": markers, "line": line, "dashed": dashed})

    def fit(self, coordinates) -> None:
        self.focus.extend(tuple(c) for c in coordinates)

    def finish(self) -> dict:
        site = self.atlas.project.site
        if not self.focus:  # nothing to show: the site's regions
            for r in site.regions:
                self.focus += [display(r.south, r.west, site.crs.value, self.atlas.view.crs),
                               display(r.north, r.east, site.crs.value, self.atlas.view.crs)]
        lats, lons = [c[0] for c in self.focus], [c[1] for c in self.focus]
        self.data["bounds"] = [[min(lats), min(lons)], [max(lats), max(lons)]]
        right = LABEL_ROOM if self.data["labels"] else FIT_PADDING
        self.data["fit"] = {"paddingTopLeft": [FIT_PADDING, FIT_PADDING], "paddingBottomRight": [right, FIT_PADDING],
                            "maxZoom": FIT_MAX_ZOOM}
        return self.data


def overview(atlas: Atlas) -> dict:
    """All belts, a layer and a colour each; points clustered."""
    d = Drawing(atlas, paths.HOME_MAP)
    d.data["cluster"] = True
    for belt in atlas.project.belts:
        line = [d.point(pid) for pid in belt.points]
        d.layer(belt.name, belt.color, [[i] for i in line], line)
    loose = [[d.point(pid)] for pid in atlas.rows if pid not in atlas.belts_of]
    if loose:
        d.layer(atlas.texts["other"], OTHER_COLOR, loose, [])
    # Leaflet's layer control does work cubic in its length; beyond a few hundred belts a
    # list of checkboxes would not help anyone either.
    d.data["control"] = len(d.layers) <= MAX_LAYER_LIST
    d.fit(p[:2] for p in d.points)
    return d.finish()


def belt_map(atlas: Atlas, belt: Belt) -> dict:
    """A belt's points numbered in belt order, joined by the belt line."""
    d = Drawing(atlas, paths.map_file("belt", belt.id))
    line = [d.point(pid) for pid in belt.points]
    d.layer(belt.name, belt.color, [[i, str(n)] for n, i in enumerate(line, 1)], line)
    d.fit(p[:2] for p in d.points)
    return d.finish()


def point_map(atlas: Atlas, point: Point) -> dict:
    """The point highlighted; the rest of its belts faded; zoomed to it and its neighbours."""
    d = Drawing(atlas, paths.map_file("point", point.id))
    belts = atlas.belts_of.get(point.id, [])
    current = d.point(point.id)
    shown, near = {point.id}, [point.id]
    for belt in belts:
        at = belt.points.index(point.id)
        near += belt.points[max(at - 1, 0):at + 2]
        line = [d.point(pid) for pid in belt.points]
        faded = [[i, str(n), "faded"] for n, (pid, i) in enumerate(zip(belt.points, line), 1) if pid not in shown]
        shown.update(belt.points)
        d.layer(belt.name, belt.color, faded, line)
    number = str(belts[0].points.index(point.id) + 1) if belts else ""
    d.layer(point.name, belts[0].color if belts else OTHER_COLOR, [[current, number, "current"]], [])
    d.fit(atlas.rows[pid][:2] for pid in near)
    return d.finish()


def route_map(atlas: Atlas, route: Route) -> dict:
    """Numbered stops from start to end along the route's path (straight, dashed, if none)."""
    d = Drawing(atlas, paths.map_file("route", route.id))
    stops = [d.point(s.point) for s in route.stops]
    last, texts = len(stops), atlas.texts
    markers = []
    for n, i in enumerate(stops, 1):
        end = "start" if n == 1 else "end" if n == last else ""
        markers.append([i, str(n), end, texts[end]] if end else [i, str(n)])
    site_crs = atlas.project.site.crs.value
    path = [list(display(lat, lon, site_crs, atlas.view.crs)) for lat, lon in route.path or []]
    d.layer(route.name, atlas.colors[route.belt], markers, path or stops, dashed=not path)
    d.fit(d.points[i][:2] for i in stops)
    d.fit(path)
    return d.finish()


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
