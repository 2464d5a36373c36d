"""Checking a GeoJSON file an editor put under docs/ (RFC 7946 structure), with file:line messages.

The file is read with `json` (numbers as numbers); only when something is wrong is it read again
by the YAML reader (JSON is YAML), which remembers where each value stands, so that every
problem points at its line.
"""

from __future__ import annotations

import json
import math
import sys

from . import yamlsource
from .problems import Problem

GEOMETRIES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
TOP = {"FeatureCollection", "Feature", "GeometryCollection", *GEOMETRIES}
MAX_BYTES = 20 * 1024 * 1024


def validate(raw: bytes, file: str, kinds: dict[str, str] | None = None) -> tuple[object, list[Problem]]:
    """The parsed GeoJSON and the problems found; the data is None when it cannot be used.

    `kinds` (value → label), when given, are the values a feature's `properties.kind` may take."""
    if len(raw) > MAX_BYTES:
        return None, [Problem(file, 1, 1, "", "too_big", {"size": len(raw), "limit": MAX_BYTES})]
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except RecursionError:  # nested deeper than Python's stack: no GeoJSON needs a tenth of it
        return None, [Problem(file, 1, 1, "", "too_deep", {"limit": sys.getrecursionlimit()}, hint="geojson_syntax")]
    except UnicodeDecodeError as error:
        return None, [Problem(file, 1, 1, "", "not_utf8", {"byte": error.start + 1}, hint="utf8")]
    except json.JSONDecodeError as error:
        return None, [Problem(file, error.lineno, error.colno, "", "geojson_syntax", {"detail": error.msg},
                              hint="geojson_syntax")]
    found: list[tuple[tuple, str, dict]] = []
    _object(data, (), TOP, found)
    if kinds is not None and not found:
        _kinds(data, kinds, found)
    if not found:
        return data, []
    src = yamlsource.parse(raw, file)  # positions, now that they are needed
    problems = []
    for path, key, params, *hint in found:
        line, col = src.where(path) if not src.problems else (1, 1)
        hint, hint_params = hint or ("geojson", {})
        problems.append(Problem(file, line, col, yamlsource.dotted(path), key, params, hint=hint, hint_params=hint_params))
    return None, problems


def _object(obj, path: tuple, allowed: set[str], found: list) -> None:
    if not isinstance(obj, dict):
        found.append((path, "geojson_not_object", {}))
        return
    kind = obj.get("type")
    if kind not in allowed:
        found.append((path + ("type",), "geojson_type", {"value": yamlsource.shown(str(kind)),
                                                          "allowed": ", ".join(sorted(allowed))}))
        return
    if kind == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list):
            found.append((path + ("features",), "geojson_list", {"field": "features"}))
            return
        for i, feature in enumerate(features):
            _object(feature, path + ("features", i), {"Feature"}, found)
    elif kind == "Feature":
        if "geometry" not in obj:
            found.append((path, "geojson_missing", {"field": "geometry"}))
        elif obj["geometry"] is not None:
            _object(obj["geometry"], path + ("geometry",), GEOMETRIES | {"GeometryCollection"}, found)
        if obj.get("properties") is not None and not isinstance(obj["properties"], dict):
            found.append((path + ("properties",), "geojson_not_object", {}))
    elif kind == "GeometryCollection":
        geometries = obj.get("geometries")
        if not isinstance(geometries, list):
            found.append((path + ("geometries",), "geojson_list", {"field": "geometries"}))
            return
        for i, geometry in enumerate(geometries):
            _object(geometry, path + ("geometries", i), GEOMETRIES, found)
    else:
        _coordinates(kind, obj.get("coordinates"), path + ("coordinates",), found)


# How deep each geometry's positions are nested, and the least count at the innermost list.
DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
LEAST = {"LineString": 2, "MultiLineString": 2, "Polygon": 4, "MultiPolygon": 4}


def _coordinates(kind: str, value, path: tuple, found: list) -> None:
    def walk(node, at: tuple, depth: int) -> None:
        if depth == 0:
            _position(node, at, found)
            return
        if not isinstance(node, list):
            found.append((at, "geojson_list", {"field": "coordinates"}))
            return
        innermost = depth == 1
        if innermost and kind in LEAST and len(node) < LEAST[kind]:
            found.append((at, "geojson_too_few", {"kind": kind, "min": LEAST[kind]}))
        if innermost and kind in ("Polygon", "MultiPolygon") and len(node) >= 4 and node[0] != node[-1]:
            found.append((at, "geojson_open_ring", {}))
        for i, child in enumerate(node):
            walk(child, at + (i,), depth - 1)

    walk(value, path, DEPTH[kind])


def _position(node, path: tuple, found: list) -> None:
    numbers = isinstance(node, list) and 2 <= len(node) <= 3 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in node)
    if not numbers:
        found.append((path, "geojson_position", {"value": yamlsource.shown(json.dumps(node, ensure_ascii=False))}))
    elif not (-180 <= node[0] <= 180 and -90 <= node[1] <= 90):
        found.append((path, "geojson_range", {"lon": node[0], "lat": node[1]}))


def _kinds(data, kinds: dict[str, str], found: list) -> None:
    features = data["features"] if data["type"] == "FeatureCollection" else [data] if data["type"] == "Feature" else []
    prefix = ("features",) if data["type"] == "FeatureCollection" else ()
    values = "、".join(f"{code}({label})" for code, label in kinds.items())
    for i, feature in enumerate(features):
        kind = (feature.get("properties") or {}).get("kind")
        if kind is not None and kind not in kinds and kind not in kinds.values():
            path = prefix + ((i,) if prefix else ()) + ("properties", "kind")
            found.append((path, "geojson_kind", {"value": yamlsource.shown(str(kind))}, "allowed", {"values": values}))


def geometries(data) -> list[tuple[dict, dict]]:
    """(geometry, properties) of every geometry in valid GeoJSON, in file order."""
    out: list[tuple[dict, dict]] = []

    def walk(obj, properties: dict) -> None:
        kind = obj["type"]
        if kind == "FeatureCollection":
            for feature in obj["features"]:
                walk(feature, {})
        elif kind == "Feature":
            if obj.get("geometry"):
                walk(obj["geometry"], obj.get("properties") or {})
        elif kind == "GeometryCollection":
            for geometry in obj["geometries"]:
                walk(geometry, properties)
        else:
            out.append((obj, properties))

    walk(data, {})
    return out
