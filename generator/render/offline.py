"""Saving a route for offline use: the service worker at the site's root (`sw.js`, from
generator/static) and, per route, the list of what a phone stores when the visitor taps
离线保存本路线 (`routes/<id>/offline.json`).

The list is read off the built files, so it holds what the pages really load: the route page
and its stop pages, their maps, what those maps load (scripts, stylesheets and the images the
stylesheets name), and the images and audio on the pages. Entries are URLs relative to the
site's root, in a fixed order. The theme's own files (its bundle, stylesheets, icon) have names
only MkDocs knows; every page loads the same ones, so the page's script adds those it loaded.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

from .. import paths
from ..domain import geo, tilegrid
from ..model import Route
from . import memo
from .context import Context

STATIC = Path(__file__).parent.parent / "static"
TILE_BUDGET = 600
"""Published tiles a phone saves per route (some 9 MB of typical raster tiles): whole zoom levels
around the stops, the widest first, as many as fit."""
SCREEN_SPAN = 2.5
"""A map fitted to the route on a phone held upright shows some 2.2 times the route's extent
along its long side: the saved area is a square that many times the route's larger extent."""
_LOADS = re.compile(r"""<(?:script|link|img|audio|source|iframe)\b[^>]*?\s(?:src|href)\s*=\s*"([^"]*)\"""", re.I)
_CSS_URLS = re.compile(r"""url\(\s*["']?([^"')#]+)["']?\s*\)""", re.I)


def render(ctx: Context, built: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """The worker and every route's list; `built` is the rest of the site, to read loads from."""
    out: dict[str, str | bytes] = {paths.SERVICE_WORKER: (STATIC / "sw.js").read_bytes()}
    tiles = published_tiles(built)
    for route in ctx.project.routes:
        listed = route_list(ctx, route, built, tiles)
        out[paths.offline_list(route.id)] = json.dumps(listed, ensure_ascii=False, indent=1) + "\n"
    return out


def published_tiles(built: dict) -> dict[int, list[tuple[int, int, str]]]:
    """The site's published tiles (every layer) by zoom: (x, y, site path), read once a build."""
    by_zoom: dict[int, list[tuple[int, int, str]]] = {}
    for path in built:
        if path.startswith(paths.TILES + "/"):
            _layer, z, x, name = path.removeprefix(paths.TILES + "/").split("/")
            by_zoom.setdefault(int(z), []).append((int(x), int(name.split(".")[0]), path))
    return by_zoom


def route_list(ctx: Context, route: Route, built: dict[str, str | bytes],
               tiles: dict[int, list[tuple[int, int, str]]]) -> dict[str, list[str]]:
    """{"pages": the route's pages as URLs, "files": everything they load} (site-root-relative)."""
    sources = [paths.page("route", route.id)] + [paths.page("point", pid) for pid in dict.fromkeys(s.point for s in route.stops)]
    files: list[str] = []

    def loaded(source: str, read=loads_of) -> list[str]:
        # Maps are large and every route shares the stylesheets: each is read again only when
        # changed, and looked at once a build, not once for every route that loads it.
        def kept() -> list[str]:
            text = built.get(source, "")
            return ctx.cache.recent("loads", (read.__name__, source, memo.digest(text)), lambda: read(source, text))
        return ctx.once(("loads", read.__name__, source), kept)

    for source in sources:
        files += loaded(source)
    for css in [f for f in files if f.endswith(".css")]:
        files += loaded(css, _stylesheet_images)
    for map_file in [f for f in files if f.endswith(".html")]:
        files += loaded(map_file)
    for css in [f for f in files if f.endswith(".css")]:
        files += loaded(css, _stylesheet_images)
    pages = [ctx.urls.url_of(source) for source in sources]
    extra = [paths.SHOWCASE_JS, paths.SHOWCASE_CSS, *route_tiles(ctx, route, tiles)]
    return {"pages": pages, "files": list(dict.fromkeys(f for f in files + extra if f not in pages))}


def route_tiles(ctx: Context, route: Route, tiles: dict[int, list[tuple[int, int, str]]]) -> list[str]:
    """The published tiles around the route's stops: without them a saved map would lose its
    streets."""
    site = ctx.project.site
    if site.tiles is None or not tiles:
        return []
    stops = [ctx.project.point(s.point) for s in route.stops]
    corners = [geo.convert(p.lat, p.lon, (p.crs or site.crs).value, site.tiles.crs.value) for p in stops]
    box = _around(corners)
    chosen: list[str] = []
    for z in sorted(tiles):
        cover = tilegrid.covering(box, z)
        level = sorted(path for x, y, path in tiles[z] if (z, x, y) in cover)
        if len(chosen) + len(level) > TILE_BUDGET:
            break
        chosen += level
    return chosen


def loads_of(source: str, text: str | bytes) -> list[str]:
    """The site paths a page's Markdown or a map's HTML loads (scripts, stylesheets, images,
    audio, frames), resolved from the file's folder; outside and data: addresses are not ours."""
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return [p for p in (_resolve(source, html.unescape(m)) for m in _LOADS.findall(text)) if p]


def _stylesheet_images(css: str, text: str | bytes) -> list[str]:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return [p for p in (_resolve(css, m.strip()) for m in _CSS_URLS.findall(text)) if p]


def _resolve(source: str, url: str) -> str | None:
    if not url or re.match(r"^[a-zA-Z][\w+.-]*:|^//|^/", url):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), url.split("?")[0].split("#")[0]))
    return None if target.startswith("..") or target == "." else target


def _around(corners: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    south, west = min(c[0] for c in corners), min(c[1] for c in corners)
    north, east = max(c[0] for c in corners), max(c[1] for c in corners)
    lat, lon = (south + north) / 2, (west + east) / 2
    half_km = max(geo.distance_m((south, lon), (north, lon)), geo.distance_m((lat, west), (lat, east)), 300) / 2000
    return tilegrid.widened((lat, lon, lat, lon), half_km * SCREEN_SPAN)
