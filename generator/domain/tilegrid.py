"""Web-Mercator tiles (EPSG:3857, as Leaflet, OpenStreetMap, 天地图 *_w and Amap cut them).

A tile is (z, x, y) with y counted from the north (XYZ, "slippy map"). MBTiles store rows from
the south (TMS): row = 2^z - 1 - y. Boxes are (south, west, north, east) in degrees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_LAT = 85.0511287798  # Web Mercator stops here: the world is a square
KM_PER_DEGREE_LAT = 111.32


def flip(z: int, y: int) -> int:
    """XYZ row ↔ TMS row (the same formula both ways)."""
    return (1 << z) - 1 - y


def tile_of(lat: float, lon: float, z: int) -> tuple[int, int]:
    """The XYZ (x, y) of the tile holding a point at zoom z."""
    n = 1 << z
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = int((lon + 180) / 360 * n)
    rad = math.radians(lat)
    y = int((1 - math.log(math.tan(rad) + 1 / math.cos(rad)) / math.pi) / 2 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tile_box(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(south, west, north, east) of an XYZ tile."""
    n = 1 << z

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return lat(y + 1), x / n * 360 - 180, lat(y), (x + 1) / n * 360 - 180


@dataclass(frozen=True)
class Range:
    """The tiles of one zoom level that cover a box: x from x0 to x1, y from y0 to y1 (inclusive)."""

    z: int
    x0: int
    x1: int
    y0: int
    y1: int

    def __contains__(self, tile: tuple[int, int, int]) -> bool:
        z, x, y = tile
        return z == self.z and self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    @property
    def count(self) -> int:
        return (self.x1 - self.x0 + 1) * (self.y1 - self.y0 + 1)


def covering(box: tuple[float, float, float, float], z: int) -> Range:
    south, west, north, east = box
    x0, y0 = tile_of(north, west, z)
    x1, y1 = tile_of(south, east, z)
    return Range(z, x0, x1, y0, y1)


def widened(box: tuple[float, float, float, float], km: float) -> tuple[float, float, float, float]:
    """A box grown by `km` on every side."""
    south, west, north, east = box
    dlat = km / KM_PER_DEGREE_LAT
    dlon = km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(max(abs(south), abs(north)))), 0.01))
    return max(south - dlat, -MAX_LAT), max(west - dlon, -180.0), min(north + dlat, MAX_LAT), min(east + dlon, 180.0)


def inside(tile: tuple[int, int, int], ranges: list[Range]) -> bool:
    return any(tile in r for r in ranges)
