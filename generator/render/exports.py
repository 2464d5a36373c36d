"""Downloads: points, belts and routes as GeoJSON, GPX, KML and CSV, always in WGS-84.

Each download is first gathered here into a `Collection` (places and lines with flat properties),
then written by one writer per format (`exportformats`), so the four formats always say the same
thing:

* `routes/<id>/<id>.*` — the route's stops in order (a point visited twice appears twice) and
  its line (the drawn path, else straight legs between stops);
* `belts/<id>/<id>.*` — the belt's points in belt order and the lines of its routes;
* `downloads/points.*` — every point of the site.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import paths
from ..domain import tours
from ..model import Belt, Point
from . import exportformats as formats
from .exportformats import Collection, Line, Place, clean
from .qr import page_url

FORMATS = {
    "gpx": "GPX(手机导航、户外软件)",
    "kml": "KML(奥维互动地图、Google 地球)",
    "geojson": "GeoJSON(GIS 软件)",
    "csv": "CSV(Excel 表格)",
}

def files(kind: str, record_id: str = "") -> list[tuple[str, str]]:
    """(label, site path) of the downloads of a route or belt (kind 'route'/'belt'), or of the
    whole site (kind 'site')."""
    stem = paths.downloads(kind, record_id)
    return [(label, f"{stem}.{ext}") for ext, label in FORMATS.items()]


def render(ctx) -> Iterator[dict[str, str | bytes]]:
    """The downloads, one collection's four files at a time: a staged build writes each away
    before the next is made (10,000 points' downloads are hundreds of megabytes)."""
    project = ctx.project
    itins = ctx.itineraries()
    for ext in FORMATS:  # one file at a time: at 10,000 points each is tens of megabytes as text
        yield _write(ctx, f"{paths.downloads('site')}.{ext}", (project,), lambda: _site(ctx),
                     lambda path, collection, ext=ext: {path: _site_file(ctx, collection, ext)})
    for belt in project.belts:
        routes = project.routes_of_belt(belt.id)
        made_from = (*_places_made_from(project, [project.point(pid) for pid in belt.points]),
                     *(x for route in routes for x in _line_made_from(project, route)))
        yield _write(ctx, paths.downloads("belt", belt.id), made_from,
                     lambda belt=belt, routes=routes: _belt(ctx, belt, [_line(ctx, itins[r.id]) for r in routes]))
    for route in project.routes:
        def collection(route=route) -> Collection:
            line = _line(ctx, itins[route.id])
            return Collection(route.name, line.stops, [line])
        yield _write(ctx, paths.downloads("route", route.id), _line_made_from(project, route), collection)


def _write(ctx, stem: str, made_from: tuple, collect, files=None) -> dict[str, str | bytes]:
    """The four files of the collection `collect()` gives, made again only when a record it is
    made from (`made_from`: they stand in the key for it) or the site's address changed.
    `files(stem, collection)`, if given, writes them instead of `_formats` (the whole site's:
    one file, `stem` its path)."""
    key = ctx.hasher().digest((stem, made_from, ctx.urls, ctx.public_url))
    return ctx.cache.recent("downloads", key, lambda: (files or _formats)(stem, collect()))


def _places_made_from(project, points: list[Point]) -> tuple:
    """What the points' places read: each point, the belts it is on, the site settings."""
    return (project.site, *(x for point in points for x in (point, *project.belts_of(point.id))))


def _line_made_from(project, route) -> tuple:
    """What a route's line reads: its itinerary's inputs, its belt, and its stops' places'."""
    return (*tours.itinerary_made_from(project, route), project.belt(route.belt),
            *_places_made_from(project, [project.point(stop.point) for stop in route.stops]))


def _site_file(ctx, collection: Collection, ext: str) -> str | bytes:
    """The whole site's file of format `ext`, from each point's own part of it; under `mkdocs
    serve` a part is kept from the last save while its place is the same object (3,000 points:
    0.5 s a save to write the four whole). A one-off build keeps none: they would only add to its
    memory."""
    def part(place: Place, keys: tuple[str, ...], ext: str) -> str:
        # By the place's identity: `_place` hands back the very object while the point is
        # unchanged, and the entry holds it, so no other place can have its id meanwhile.
        kept = ctx.cache.recent(f"site {ext} parts", (id(place), keys), lambda: (place, formats.place_part(place, keys, ext)))
        return kept[1] if kept[0] is place else formats.place_part(place, keys, ext)
    return formats.of_places(collection.name, collection.places, ext, part if ctx.cache.outlives else formats.place_part)


def _formats(stem: str, collection: Collection) -> dict[str, str | bytes]:
    return {
        f"{stem}.geojson": formats.geojson(collection),
        f"{stem}.gpx": formats.gpx(collection),
        f"{stem}.kml": formats.kml(collection),
        f"{stem}.csv": formats.csv_bytes(collection),
    }


# --- gathering -----------------------------------------------------------------------------


def _place(ctx, point: Point, **first) -> Place:
    """A point's place: made again only when the point, its belts, the site settings or its URL changed."""
    belts, url = ctx.project.belts_of(point.id), page_url(ctx, paths.page("point", point.id))
    key = ctx.hasher().digest((point, belts, ctx.project.site, url, sorted(first.items())))
    return ctx.cache.recent("places", key, lambda: _new_place(ctx, point, belts, url, first))


def _new_place(ctx, point: Point, belts: list[Belt], url: str, first: dict) -> Place:
    project = ctx.project
    lat, lon = tours.wgs84(project.site, point)
    props = {
        **first,
        "id": point.id, "name": point.name, "kind": point.kind.label, "level": point.level.label,
        "status": point.status.label, "district": point.district, "street": point.street,
        "address": point.address, "belt": ",".join(b.id for b in belts),
        "belt_name": "、".join(b.name for b in belts), "open_hours": point.open_hours,
        "contact": point.contact, "summary": point.summary, "highlights": "；".join(point.highlights),
        "lat": round(lat, 6), "lon": round(lon, 6), "url": url,
    }
    return Place(lat, lon, clean(props))


def _line(ctx, itin: tours.Itinerary) -> Line:
    """A route's line and its stops' places, made once a build for its belt's and its own downloads."""
    return ctx.once(("line", itin.route.id), lambda: _new_line(ctx, itin))


def _new_line(ctx, itin: tours.Itinerary) -> Line:
    project, route = ctx.project, itin.route
    stops = [
        _place(ctx, s.point, stop=s.n, dwell_min=s.stop.dwell, note=s.stop.note,
               leg_m=round(s.leg_in.metres) if s.leg_in else 0, leg_min=s.leg_in.minutes if s.leg_in else 0)
        for s in itin.stops
    ]
    drawn = tours.path_wgs84(project.site, route)
    props = {
        "id": route.id, "name": route.name, "belt": route.belt, "belt_name": project.belt(route.belt).name,
        "mode": route.mode.label, "stops": len(stops), "distance_m": round(itin.metres),
        "travel_min": itin.travel_minutes, "dwell_min": itin.dwell_minutes, "total_min": itin.total_minutes,
        "summary": route.summary, "url": page_url(ctx, itin.page),
    }
    coords = drawn or [(p.lat, p.lon) for p in stops]
    return Line(coords, stops, drawn is not None, clean(props), project.belt(route.belt).color)


def _site(ctx) -> Collection:
    """Every point's place, gathered once a build for the whole site's four files."""
    return ctx.once(("site places",), lambda: Collection(ctx.project.site.title, [_place(ctx, p) for p in ctx.project.points]))


def _belt(ctx, belt: Belt, lines: list[Line]) -> Collection:
    places = [_place(ctx, ctx.project.point(pid), order=i) for i, pid in enumerate(belt.points, 1)]
    return Collection(belt.name, places, lines)


