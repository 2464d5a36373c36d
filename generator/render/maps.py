"""The site's maps: the home overview, and one per belt, point and route, plus their assets.

Each map is a standalone HTML file beside its page (the page shows it in an iframe, and links to
it for a full-screen view). folium builds the page (mappage.py); what the map shows goes in as
one JSON drawing (drawing.py) that our showcase.js draws.
"""

from __future__ import annotations

from .. import paths
from ..domain import tours
from ..model import Belt, Point, Project, Route
from ..source.docsfiles import confined
from . import mapassets, orientation
from .context import BuildCache
from .drawing import Atlas, Drawing, display
from .mappage import View, content_hash, made_page, page
from .memo import Hasher

OTHER_COLOR = "#666666"
MAX_LAYER_LIST = 200

def render(ctx) -> dict[str, str | bytes]:
    """Every map file of the site and the offline assets they load.

    Under `mkdocs serve` every edit rebuilds the site; when sites.yaml and the map files it
    names are unchanged (a Markdown page was edited), the last result is reused."""
    view = make_view(ctx)
    # The project by its hash, which the pages' keys worked out already (dumping it to JSON
    # took a tenth of a second at 1,000 points, on every build)
    key = content_hash([ctx.hasher().digest(ctx.project).hex(), repr(ctx.urls), view.key])
    return dict(ctx.cache.latest("maps", key, lambda: _render(Atlas.of(ctx, view), ctx.cache, ctx.hasher())))


def _render(atlas: Atlas, cache: BuildCache, hasher: Hasher) -> dict[str, str | bytes]:
    """The maps. A belt's, point's or route's map is drawn only when a record it shows changed
    (found by the records' hashes, `made_from`): one edited point redraws a few maps, not all."""
    view, project = atlas.view, atlas.project
    files: dict[str, str | bytes] = dict(mapassets.files())
    if view.outline_js:
        files[mapassets.OUTLINE_JS] = view.outline_js
    if view.orientation_js:
        files[mapassets.ORIENTATION_JS] = view.orientation_js
    file, drawing = overview(atlas)
    files[file] = page(view, file, _title(atlas, drawing), drawing, cache)
    maps = [(paths.map_file("belt", b.id), _belt_made_from(project, b), lambda b=b: belt_map(atlas, b)) for b in project.belts]
    maps += [(paths.map_file("point", p.id), _point_made_from(project, p), lambda p=p: point_map(atlas, p)) for p in project.points]
    maps += [(paths.map_file("route", r.id), _route_made_from(project, r), lambda r=r: route_map(atlas, r)) for r in project.routes]
    for file, made_from, draw in maps:
        key = hasher.digest((view.key, atlas.urls, file, made_from))
        files[file] = cache.recent("map pages", key, lambda draw=draw: _drawn(atlas, cache, *draw()))
    return files


def _title(atlas: Atlas, drawing: dict) -> str:
    return f"{drawing['title']} · {atlas.texts['map']}"


def _drawn(atlas: Atlas, cache: BuildCache, file: str, drawing: dict) -> str:
    return made_page(atlas.view, file, _title(atlas, drawing), drawing, cache)


# What each map reads besides the view and the URLs: records whose hashes stand in its key.


def _belt_made_from(project: Project, belt: Belt) -> tuple:
    return (belt, project.site, *(project.point(pid) for pid in belt.points))


def _route_made_from(project: Project, route: Route) -> tuple:
    return (*tours.itinerary_made_from(project, route), project.belt(route.belt))


def _point_made_from(project: Project, point: Point) -> tuple:
    """A stop map reads its first route; a point on no route, its belts and their points."""
    routes = project.routes_of(point.id)
    belts = project.belts_of(point.id)
    return (point, project.site, *routes, *(_route_made_from(project, routes[0]) if routes else ()), *belts,
            *(x for belt in belts for x in _belt_made_from(project, belt)))


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
    return View(crs=crs, layers=ctx.tiles().specs, language=site.language, outline_js=outline,
                orientation_js=orientation.script(site, ctx.root, crs), center=display(*center, site.crs.value, crs))


# --- what each map shows --------------------------------------------------------------------


def overview(atlas: Atlas) -> tuple[str, dict]:
    """All belts, a layer and a colour each; points clustered under their belts' names (and the
    region's, where several belts meet), so the map says what is where at every zoom."""
    project, file = atlas.project, paths.HOME_MAP
    d = Drawing(atlas, file, f"{project.site.title} · {atlas.texts['overview']}", paths.HOME)
    d.data["cluster"] = True
    d.data["regions"] = atlas.regions()
    for belt in project.belts:
        line = [d.point(pid) for pid in belt.points]
        d.layer(belt.name, belt.color, [[i] for i in line], line)
    loose = [[d.point(pid)] for pid in atlas.rows if pid not in atlas.belts_of]
    if loose:
        d.layer(atlas.texts["other"], OTHER_COLOR, loose, [])
    # Leaflet's layer control does work cubic in its length; beyond a few hundred belts a
    # list of checkboxes would not help anyone either.
    d.data["control"] = len(d.layers) <= MAX_LAYER_LIST
    d.fit(p[:2] for p in d.points)
    return file, d.finish()


def belt_map(atlas: Atlas, belt: Belt) -> tuple[str, dict]:
    """A belt's points numbered in belt order, joined by the belt line."""
    file = paths.map_file("belt", belt.id)
    d = Drawing(atlas, file, belt.name, paths.page("belt", belt.id))
    line = [d.point(pid) for pid in belt.points]
    d.layer(belt.name, belt.color, [[i, str(n)] for n, i in enumerate(line, 1)], line)
    d.fit(p[:2] for p in d.points)
    return file, d.finish()


def point_map(atlas: Atlas, point: Point) -> tuple[str, dict]:
    """A point on a route: that route's stop map (its first route, where it first stops). A point
    on no route: the point highlighted among its belts' points, zoomed to it and its neighbours."""
    file, page_md = paths.map_file("point", point.id), paths.page("point", point.id)
    routes = atlas.project.routes_of(point.id)
    if routes:
        route = routes[0]
        stop = next(k for k, s in enumerate(route.stops) if s.point == point.id)
        return file, stop_map(atlas, route, stop, file, page_md, point.name)
    d = Drawing(atlas, file, point.name, page_md)
    belts = atlas.belts_of.get(point.id, [])
    current = d.point(point.id)
    shown, near = {point.id}, [point.id]
    for belt in belts:
        at = belt.points.index(point.id)
        near += belt.points[max(at - 1, 0):at + 2]
        line = [d.point(pid) for pid in belt.points]
        others = [[i, str(n), "faded"] for n, (pid, i) in enumerate(zip(belt.points, line), 1) if pid not in shown]
        shown.update(belt.points)
        d.layer(belt.name, belt.color, others, line)
    number = str(belts[0].points.index(point.id) + 1) if belts else ""
    d.layer(point.name, belts[0].color if belts else OTHER_COLOR, [[current, number, "current", atlas.texts["current"]]], [])
    d.fit(atlas.rows[pid][:2] for pid in near)
    return file, d.finish()


def stop_map(atlas: Atlas, route: Route, stop: int, file: str, page_md: str, title: str) -> dict:
    """A route seen from one of its stops: this stop and the next marked by shape and word, the
    leg between them drawn strong, the rest of the route muted; zoomed to the stops around."""
    d = Drawing(atlas, file, title, page_md)
    stops, line = _route_line(atlas, d, route)
    texts, last = atlas.texts, len(stops) - 1
    markers = []
    for k, i in enumerate(stops):
        role = "current" if k == stop else "next" if k == stop + 1 else "start" if k == 0 else "end" if k == last else ""
        markers.append([i, str(k + 1), role, texts[role]] if role else [i, str(k + 1), "faded"])
    nxt = min(stop + 1, last)
    leg = _leg(line, d.points[stops[stop]][:2], d.points[stops[nxt]][:2]) if stop < last else []
    d.layer(route.name, atlas.colors[route.belt], markers, line, dashed=not route.path, leg=leg, muted=True)
    d.fit(d.points[stops[k]][:2] for k in range(max(stop - 1, 0), min(stop + 2, last + 1)))
    d.fit(leg)
    return d.finish()


def route_map(atlas: Atlas, route: Route) -> tuple[str, dict]:
    """Numbered stops from start to end along the route's path (straight, dashed, if none)."""
    file = paths.map_file("route", route.id)
    d = Drawing(atlas, file, route.name, paths.page("route", route.id))
    stops, line = _route_line(atlas, d, route)
    last, texts = len(stops), atlas.texts
    markers = []
    for n, i in enumerate(stops, 1):
        end = "start" if n == 1 else "end" if n == last else ""
        markers.append([i, str(n), end, texts[end]] if end else [i, str(n)])
    d.layer(route.name, atlas.colors[route.belt], markers, line, dashed=not route.path)
    d.fit(d.points[i][:2] for i in stops)
    d.fit(p for p in line if isinstance(p, list))
    return file, d.finish()


def _route_line(atlas: Atlas, d: Drawing, route: Route) -> tuple[list[int], list]:
    """The stops' point indices, and the line: the drawn path in the map CRS, else the stops."""
    stops = [d.point(s.point) for s in route.stops]
    site_crs = atlas.project.site.crs.value
    path = [list(display(lat, lon, site_crs, atlas.view.crs)) for lat, lon in route.path or []]
    return stops, path or stops


def _leg(line: list, a: list, b: list) -> list[list[float]]:
    """The part of a route's line from a to b: along a drawn path, between the vertices nearest
    each stop (the path is drawn through them); straight when the line is only the stops."""
    if not line or not isinstance(line[0], list):
        return [list(a), list(b)]

    def nearest(p, start: int) -> int:
        return min(range(start, len(line)), key=lambda k: (line[k][0] - p[0]) ** 2 + (line[k][1] - p[1]) ** 2)

    i = nearest(a, 0)
    j = nearest(b, i)
    leg = [list(a)]
    for p in [*line[i:j + 1], list(b)]:
        if p != leg[-1]:
            leg.append(p)
    return leg
