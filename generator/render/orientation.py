"""The orientation layer: main roads, rivers, metro lines, parks and landmarks, drawn muted under
the route so that a map without a base map still says which street and which side of the river.

Its data (a GeoJSON file under docs/ and landmarks written in sites.yaml) becomes one script,
`assets/maps/orientation.js`, shared by every map: a script, unlike fetch(), also works from
disk. Only each feature's kind and name are kept, converted to the maps' coordinate system.
"""

from __future__ import annotations

import json

from ..model import FeatureKind, Site
from ..source import geojson
from ..source.docsfiles import confined
from .mapassets import convert_positions

NAME_LIMIT = 40


def script(site: Site, root, crs: str) -> str | None:
    """The orientation asset for maps drawn in `crs`, or None when the site has no such layer."""
    orientation = site.orientation
    if orientation is None:
        return None
    source = orientation.crs.value
    features = []
    if orientation.file:
        target = confined(root, orientation.file)
        data, problems = geojson.validate(target.read_bytes(), orientation.file) if target else (None, ["outside"])
        if problems:
            raise ValueError(f"site.orientation.file: {orientation.file} is not valid GeoJSON (run check)")
        for geometry, properties in geojson.geometries(data):
            features.append(_feature(geometry["type"], geometry["coordinates"], properties, source, crs))
    for mark in orientation.landmarks:
        features.append(_feature("Point", [mark.lon, mark.lat], {"name": mark.name, "kind": mark.kind.value}, source, crs))
    data = {"attribution": orientation.attribution, "features": features}
    return f"window.showcaseOrientation = {json.dumps(data, ensure_ascii=False, separators=(',', ':'))};\n"


def _feature(kind: str, coordinates, properties: dict, source: str, crs: str) -> dict:
    name = properties.get("name")
    try:
        feature_kind = FeatureKind(properties.get("kind") or _default_kind(kind)).value
    except ValueError:
        feature_kind = FeatureKind.landmark.value
    return {
        "type": "Feature",
        "properties": {"kind": feature_kind, "name": str(name)[:NAME_LIMIT] if name not in (None, "") else ""},
        "geometry": {"type": kind, "coordinates": convert_positions(coordinates, source, crs)},
    }


def _default_kind(geometry: str) -> str:
    return {"Point": "landmark", "MultiPoint": "landmark", "Polygon": "park", "MultiPolygon": "park"}.get(geometry, "road")
