"""Tile layers on the site's maps: an intranet tile server's, or tiles published with the site.

A `file:` layer (MBTiles or XYZ folder under docs/) is published as static files,
`assets/tiles/{layer}/{z}/{x}/{y}.{ext}`, only over the site's regions: any static server
serves them, under any sub-path, with no HTTP Range and no server module. A map loads them
by a relative URL, like every other site file. One Leaflet layer is drawn per region, bounded
to its tiles, so that Leaflet asks for no tile that was not published.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from .. import paths
from ..domain import tilegrid
from ..model import Site, TileLayer
from ..source import tilesets
from ..source.docsfiles import confined
from . import guard

OVERZOOM = 3  # levels a visitor may zoom past the last published one (tiles drawn larger)
INSET = 1e-7  # degrees (~1 cm): Leaflet's own tile edges differ from ours in the last digits, and a
# neighbour touching the bounds would "overlap" them and be requested: a 404 for every edge tile
MAX_ZOOM = 20


@dataclass(frozen=True)
class Spec:
    """One Leaflet tile layer: its URL template and options (all JSON-ready)."""

    url: str
    """An outside template (http, https, //, or /…), or a path inside the site (`local`)."""
    local: bool
    options: tuple[tuple[str, object], ...]

    @property
    def max_zoom(self) -> int:
        return dict(self.options)["maxZoom"]


@dataclass(frozen=True)
class Plan:
    """What the maps draw (`specs`) and the tile files the site publishes."""

    specs: tuple[Spec, ...]
    files: tuple[tuple[tilesets.Tileset, tuple, str], ...]
    """(tileset, tiles chosen, site folder) for each `file:` layer."""


def plan(site: Site, root) -> Plan:
    """Raises ValueError for a tile file `check` would refuse (it is checked there first)."""
    if site.tiles is None:
        return Plan((), ())
    layers = [site.tiles, *site.tiles.overlays]
    specs, files = [], []
    for n, layer in enumerate(layers):
        if layer.file is None:
            specs.append(_remote(layer, n))
            continue
        target = confined(root, layer.file)
        try:
            tileset = tilesets.open_tileset(target, layer.tms) if target else None
            boxes = tilesets.region_boxes(site, site.tiles.crs.value, site.tiles.margin_km)
            chosen = tilesets.check(tileset, boxes, layer) if tileset else None
        except tilesets.TilesetError as error:
            raise ValueError(f"site.tiles: {layer.file}: {error.key}") from None
        if not chosen:
            raise ValueError(f"site.tiles: {layer.file} is not a tile file under docs/")
        ext = tilesets.image_format(next(tileset.data(chosen[:1], head=16))[1])
        folder = paths.tile_folder(n)
        files.append((tileset, tuple(chosen), folder))
        specs += _published(layer, n, chosen, boxes, f"{folder}/{{z}}/{{x}}/{{y}}.{ext}")
    return Plan(tuple(specs), tuple(files))


def _options(layer: TileLayer, n: int, **more) -> tuple:
    options = {"attribution": html.escape(layer.attribution), "minZoom": layer.min_zoom, "maxZoom": layer.max_zoom,
               "zIndex": n + 1, **more}
    return tuple(sorted(options.items()))


def _remote(layer: TileLayer, n: int) -> Spec:
    more = {"subdomains": layer.subdomains} if layer.subdomains else {}
    if layer.tms:
        more["tms"] = True
    local = guard.origin(layer.url) is None and not layer.url.startswith("/")
    return Spec(layer.url, local, _options(layer, n, **more))


def _published(layer: TileLayer, n: int, chosen: list, boxes: list, url: str) -> list[Spec]:
    """One layer per region that has tiles, bounded to them (Leaflet shows an attribution
    shared by several layers once)."""
    specs = []
    for box in boxes:
        mine = [t for t in chosen if tilegrid.inside(t, [tilegrid.covering(box, t[0])])]
        if not mine:
            continue
        low, high = min(t[0] for t in mine), max(t[0] for t in mine)
        edges = [tilegrid.tile_box(*t) for t in mine if t[0] == high]
        bounds = [[min(e[0] for e in edges) + INSET, min(e[1] for e in edges) + INSET],
                  [max(e[2] for e in edges) - INSET, max(e[3] for e in edges) - INSET]]
        options = _options(layer, n, minNativeZoom=low, maxNativeZoom=high, maxZoom=min(high + OVERZOOM, MAX_ZOOM),
                           bounds=bounds)
        specs.append(Spec(url, True, options))
    return specs


def render(plan: Plan) -> dict[str, bytes]:
    """The published tile files."""
    out: dict[str, bytes] = {}
    for tileset, chosen, folder in plan.files:
        ext = None
        for (z, x, y), data in tileset.data(list(chosen)):
            ext = ext or tilesets.image_format(data[:16])
            out[f"{folder}/{z}/{x}/{y}.{ext}"] = data
    return out


def origins(plan: Plan) -> list[str]:
    """The outside origins the maps load tiles from, one per subdomain (what a browser sees)."""
    return layer_origins(plan.specs)


def layer_origins(specs) -> list[str]:
    """The outside origins of these tile layers, one per subdomain: what a browser requests and
    what a Content-Security-Policy can list (it allows `*` only as a whole leftmost label)."""
    found = []
    for spec in specs:
        origin = None if spec.local else guard.origin(spec.url)
        if origin is None:
            continue
        subdomains = (dict(spec.options).get("subdomains") or ["a", "b", "c"]) if "{s}" in origin else [""]
        found += [origin.replace("{s}", s) for s in subdomains]
    return list(dict.fromkeys(found))


def templates(plan: Plan) -> list[str]:
    """The same origins as written in the maps' scripts (with `{s}`), for the build's guard."""
    return list(dict.fromkeys(o for s in plan.specs if not s.local and (o := guard.origin(s.url))))
