"""Where each generated file lives in the site, and how one file links to another.

Every output path is built from validated ids only (slugs), never from free text. Each page
that has a map is a folder: `index.md` plus `map.html` beside it, so a relative iframe `src`
works with or without MkDocs' `use_directory_urls`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

HOME = "index.md"
HOME_MAP = "map.html"
ROUTES_INDEX = "routes/index.md"
BELTS_INDEX = "belts/index.md"
BOARD = "board/index.md"
FIELD_REFERENCE = "reference/fields.md"
GUIDE = "guide/index.md"
"""The editors' guide: hand-written, in docs/."""
BOARD_HTML = "board/index.html"
"""The board as built: the same with either URL style (its raw HTML links are computed)."""
BOARD_ASSETS = {"board/sort.js": "board.js", "board/board.css": "board.css"}
"""Site path → file in generator/static."""
SHOWCASE_CSS = "assets/showcase.css"
SHOWCASE_JS = "assets/showcase.js"
"""After the theme's bundle (mkdocs.yml lists it after; the plugin puts it before): opening
status and focusable wide tables work; search is not held back until opened."""
SERVICE_WORKER = "sw.js"
"""At the site's root: a service worker's scope is the folder it is served from."""
OFFLINE_LIST = "offline.json"
OFFLINE_ROUTE = "offline.html"
DOWNLOADS = "downloads"
SITE_DOWNLOADS = f"{DOWNLOADS}/points"
"""Every point of the site, as `downloads/points.gpx` and the other formats."""
MAP_ASSETS = "assets/maps"
TILES = "assets/tiles"
"""Tiles published from a site's own tile files, a folder per layer (see `tile_folder`)."""
QR = "qr.svg"
SIGN = "sign.html"
LEAFLET = "leaflet.html"
INDEXES = {name: f"indexes/{name}/index.md" for name in ("districts", "kinds", "levels", "tags")}
"""Each an `index.md`, as every generated page with raw HTML links: MkDocs leaves a raw link
relative to the page's URL, Zensical rewrites it as relative to the Markdown file; for an
`index.md` the two are the same folder."""


def folder(kind: str) -> str:
    """Where the pages of one kind of record live: `points/`."""
    return f"{kind}s/"


def beside(kind: str, record_id: str, name: str) -> str:
    """A file in a record's folder, e.g. beside('point', 'gulou-01', 'qr.svg')."""
    return f"{folder(kind)}{record_id}/{name}"


def page(kind: str, record_id: str) -> str:
    """The Markdown source of a belt, point or route page: `points/gulou-01/index.md`."""
    return beside(kind, record_id, "index.md")


def map_file(kind: str, record_id: str) -> str:
    return beside(kind, record_id, HOME_MAP)


def tile_folder(layer: int) -> str:
    """Where the tiles of a site's n-th tile layer (0: the base map) are published."""
    return f"{TILES}/{layer}"


def qr_code(point_id: str) -> str:
    return beside("point", point_id, QR)


def sign(point_id: str) -> str:
    """The printable sign of a point (A4, with its QR code)."""
    return beside("point", point_id, SIGN)


def leaflet(route_id: str) -> str:
    """The printable leaflet of a route."""
    return beside("route", route_id, LEAFLET)


def offline_list(route_id: str) -> str:
    """What a phone stores when the visitor saves a route for offline use (site-root-relative URLs)."""
    return beside("route", route_id, OFFLINE_LIST)


def offline_route(route_id: str) -> str:
    """A route as one self-contained HTML file, to keep on a phone and open with no server."""
    return beside("route", route_id, OFFLINE_ROUTE)


def downloads(kind: str, record_id: str = "") -> str:
    """The stem of a route's or belt's downloads (`routes/a/a`), or of the whole site's (kind `site`);
    each format adds its extension."""
    return SITE_DOWNLOADS if kind == "site" else beside(kind, record_id, record_id)


def relative(source: str, target: str) -> str:
    """A relative link from one site file to another (both site paths)."""
    return _relpath(target, posixpath.dirname(source))


def _relpath(target: str, base: str) -> str:
    """`posixpath.relpath` for site paths, worked out on the strings: the library's asks the
    operating system for the working folder on every call, and a site makes tens of thousands."""
    to, start = (_parts(p) for p in (target, base))
    if ".." in to or ".." in start or target.startswith("/") or base.startswith("/"):
        return posixpath.relpath(target or ".", base or ".")
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def _parts(path: str) -> list[str]:
    return [part for part in path.split("/") if part not in ("", ".")]


@dataclass(frozen=True)
class Urls:
    """Turns site paths of Markdown pages into the URLs a browser follows (for HTML files such
    as maps, which MkDocs does not rewrite)."""

    directory_urls: bool = True

    def url_of(self, md_path: str) -> str:
        """The built path of a Markdown page, as MkDocs writes it."""
        if not md_path.endswith(".md"):
            return md_path
        stem = md_path[: -len(".md")]
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def href(self, from_file: str, to_md: str) -> str:
        """A link from a built file (e.g. `points/a/map.html`) to a page's URL."""
        target = self.url_of(to_md)
        base = posixpath.dirname(from_file) or "."
        if target.endswith("/") or target == "":
            rel = _relpath(target, base)
            return "./" if rel == "." else rel + "/"
        return _relpath(target, base)
