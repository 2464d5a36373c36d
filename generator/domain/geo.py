"""Coordinates: converting between the systems Chinese map apps use, and measuring distances.

Editors copy GCJ-02 (Amap, Tencent) or BD-09 (Baidu) coordinates; tiles and exports need
WGS-84. prcoords (public domain, one file) does the conversions; the iterative ("bored")
inverses are accurate to centimetres rather than the ~1 m of the one-step formulas.
"""

from __future__ import annotations

import math

import prcoords

EARTH_RADIUS_M = 6_371_008.8

_TO_WGS = {
    "wgs84": lambda c: c,
    "gcj02": prcoords.gcj_wgs_bored,
    "bd09": prcoords.bd_wgs_bored,
}
_FROM_WGS = {
    "wgs84": lambda c: c,
    "gcj02": prcoords.wgs_gcj,
    "bd09": prcoords.wgs_bd,
}


def convert(lat: float, lon: float, source: str, target: str) -> tuple[float, float]:
    """Convert a coordinate between wgs84, gcj02 and bd09; outside China they are all the same."""
    source, target = str(getattr(source, "value", source)), str(getattr(target, "value", target))
    if source == target:
        return lat, lon
    wgs = _TO_WGS[source](prcoords.Coords(lat, lon))
    out = _FROM_WGS[target](prcoords.Coords(wgs.lat, wgs.lon))
    return out.lat, out.lon


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def path_length_m(points: list[tuple[float, float]]) -> float:
    return sum(distance_m(a, b) for a, b in zip(points, points[1:]))


def km_outside(lat: float, lon: float, south: float, west: float, north: float, east: float) -> float:
    """How far (km) a point lies outside a bounding box; 0 inside."""
    nearest = (min(max(lat, south), north), min(max(lon, west), east))
    return distance_m((lat, lon), nearest) / 1000
