"""The files a map needs, served from the site itself (the intranet reaches no CDN).

Leaflet and MarkerCluster come from their XStatic packages on PyPI; showcase.js/.css are ours;
the site's outline becomes a small script. folium names its CDN resources; `localise` swaps the
ones we keep for site files and drops the rest (jQuery, Bootstrap, awesome-markers, Font
Awesome: our maps use none of them).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet
import xstatic.pkg.leaflet_markercluster as xcluster

from .. import paths
from ..domain import geo

OWN = Path(__file__).parent.parent / "static" / "maps"
LEAFLET = f"{paths.MAP_ASSETS}/leaflet"
CLUSTER = f"{paths.MAP_ASSETS}/markercluster"

LEAFLET_JS = f"{LEAFLET}/leaflet.js"
LEAFLET_CSS = f"{LEAFLET}/leaflet.css"
CLUSTER_JS = f"{CLUSTER}/leaflet.markercluster.js"
CLUSTER_CSS = [f"{CLUSTER}/MarkerCluster.css", f"{CLUSTER}/MarkerCluster.Default.css"]
SHOWCASE_JS = f"{paths.MAP_ASSETS}/showcase.js"
SHOWCASE_CSS = f"{paths.MAP_ASSETS}/showcase.css"
CONTROLS_JS = f"{paths.MAP_ASSETS}/showcase-controls.js"
ORIENTATION_DRAW_JS = f"{paths.MAP_ASSETS}/showcase-orientation.js"
OUTLINE_JS = f"{paths.MAP_ASSETS}/outline.js"
ORIENTATION_JS = f"{paths.MAP_ASSETS}/orientation.js"
GEOMETRIES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}

# folium 0.20's resource names: the ones we serve ourselves, and the ones no map of ours uses.
KEPT = {"leaflet": LEAFLET_JS, "leaflet_css": LEAFLET_CSS}
DROPPED = {
    "jquery", "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
    "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css",
}


@functools.cache
def files() -> dict[str, bytes]:
    """Every asset file, by site path (read once per process)."""
    out: dict[str, bytes] = {}
    leaflet = Path(xleaflet.BASE_DIR)
    for name in ("leaflet.js", "leaflet.css"):
        out[f"{LEAFLET}/{name}"] = (leaflet / name).read_bytes()
    for image in sorted((leaflet / "images").glob("*.png")):
        out[f"{LEAFLET}/images/{image.name}"] = image.read_bytes()
    cluster = Path(xcluster.BASE_DIR)
    for name in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"):
        out[f"{CLUSTER}/{name}"] = (cluster / name).read_bytes()
    for site_path in (SHOWCASE_JS, SHOWCASE_CSS, CONTROLS_JS, ORIENTATION_DRAW_JS):
        out[site_path] = (OWN / site_path.rsplit("/", 1)[1]).read_bytes()
    return out


def localise(root, from_file: str) -> None:
    """Point every element's JS/CSS links at site files, relative to `from_file`.

    Each element gets its own lists: folium's are class attributes shared by every map."""
    for element in walk(root):
        for attr in ("default_js", "default_css"):
            links = getattr(element, attr, None)
            if links:
                setattr(element, attr, [(name, paths.relative(from_file, site_path))
                                        for name, site_path in _kept(links)])


def _kept(links: list[tuple[str, str]]):
    for name, url in links:
        if name in DROPPED:
            continue
        if name in KEPT:
            yield name, KEPT[name]
        elif url.startswith(paths.MAP_ASSETS + "/"):
            yield name, url
        else:
            raise RuntimeError(f"map resource {name} ({url}) has no offline copy; add it to mapassets")


def walk(element):
    """A branca element and all its descendants."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


@functools.lru_cache(maxsize=8)
def outline_js(raw: bytes, crs: str, name: str) -> str:
    """The outline's geometries (GeoJSON is WGS-84) in the map CRS, as a script setting a global:
    a script file, unlike fetch(), also works when the site is opened from disk. Properties are
    dropped: only the shape is drawn."""
    try:
        geometries = list(_geometries(json.loads(raw), crs))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"site.outline: {name} is not GeoJSON ({error})") from error
    data = json.dumps({"type": "GeometryCollection", "geometries": geometries}, separators=(",", ":"))
    return f"window.showcaseOutline = {data};\n"


def _geometries(obj: dict, crs: str):
    kind = obj["type"]
    if kind == "FeatureCollection":
        for feature in obj["features"]:
            yield from _geometries(feature, crs)
    elif kind == "Feature":
        if obj.get("geometry"):
            yield from _geometries(obj["geometry"], crs)
    elif kind == "GeometryCollection":
        for geometry in obj["geometries"]:
            yield from _geometries(geometry, crs)
    elif kind in GEOMETRIES:
        yield {"type": kind, "coordinates": convert_positions(obj["coordinates"], "wgs84", crs)}
    else:
        raise ValueError(f"unknown type {kind!r}")


def convert_positions(coordinates, source: str, target: str):
    """GeoJSON positions ([lon, lat], nested to any depth) from one CRS to another."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        lat, lon = geo.convert(coordinates[1], coordinates[0], source, target)
        return [round(lon, 6), round(lat, 6)]
    return [convert_positions(c, source, target) for c in coordinates]
