"""Tile files a publisher puts under docs/: an MBTiles file or an XYZ tile folder.

MBTiles is one SQLite file (`tiles(zoom_level, tile_column, tile_row, tile_data)`, rows in TMS
order: counted from the south); the standard library reads it, opened read-only so nothing is
written beside it in docs/. A folder is `{z}/{x}/{y}.png|jpg|webp` as QGIS "Generate XYZ tiles"
writes it (rows from the north; gdal2tiles writes TMS rows: `tms: true`).

Everything here speaks XYZ: a tileset maps each XYZ tile to where it is stored. The site
publishes only the tiles over its regions (plus a margin), so `selection` is what the build
copies and what `check` looks at.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..domain import geo, tilegrid
from ..model import Site, TileLayer

MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
EXTENSIONS = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "webp": "webp"}

Tile = tuple[int, int, int]  # z, x, y (XYZ)


class TilesetError(Exception):
    """A tileset that cannot be used: a message key of messages.MESSAGES and its parameters."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def image_format(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return next((fmt for magic, fmt in MAGIC.items() if head.startswith(magic)), None)


@dataclass
class Tileset:
    """A tile file or folder, listed (not read): every stored tile by its XYZ address."""

    path: Path
    tms: bool
    stored: dict[Tile, object] = field(default_factory=dict)
    """XYZ tile → its MBTiles (z, column, row) key, or its file in the folder."""

    @property
    def is_mbtiles(self) -> bool:
        return self.path.is_file()

    def data(self, tiles: list[Tile], head: int | None = None):
        """(tile, bytes) for each tile, in the order given; only the first `head` bytes if set."""
        if not self.is_mbtiles:
            for tile in tiles:
                with self.stored[tile].open("rb") as f:
                    yield tile, f.read(head) if head else f.read()
            return
        column = f"substr(tile_data, 1, {int(head)})" if head else "tile_data"
        query = f"SELECT {column} FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?"
        with _connect(self.path) as db:  # one indexed look-up a tile: only the wanted blobs are read
            for tile in tiles:
                row = db.execute(query, self.stored[tile]).fetchone()
                yield tile, bytes(row[0]) if row and row[0] is not None else b""

    def flipped(self) -> Tileset:
        """The same tiles read with the other row order."""
        return Tileset(self.path, not self.tms, {(z, x, tilegrid.flip(z, y)): w for (z, x, y), w in self.stored.items()})


@contextlib.contextmanager
def _connect(path: Path):
    # immutable: no journal or lock files next to a file in docs/ (and it works on read-only media)
    db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        yield db
    finally:
        db.close()


def open_tileset(path: Path, tms: bool | None) -> Tileset:
    """List a tileset; raises TilesetError when it cannot be read."""
    if path.is_dir():
        return _folder(path, bool(tms))
    if not path.is_file():
        raise TilesetError("tiles_missing")
    tms = True if tms is None else tms
    try:
        with _connect(path) as db:
            rows = db.execute("SELECT zoom_level, tile_column, tile_row FROM tiles").fetchall()
    except sqlite3.DatabaseError as error:  # not SQLite, truncated, or no `tiles` table
        raise TilesetError("tiles_corrupt", reason=str(error)) from None
    stored = {}
    for z, x, row in rows:
        if not all(isinstance(v, int) for v in (z, x, row)) or not 0 <= z <= 24:
            raise TilesetError("tiles_corrupt", reason=f"tile ({z}, {x}, {row})")
        stored[(z, x, tilegrid.flip(z, row) if tms else row)] = (z, x, row)
    return _checked(Tileset(path, tms, stored))


def _folder(path: Path, tms: bool) -> Tileset:
    stored = {}
    for z_dir in path.iterdir():
        if not (z_dir.is_dir() and z_dir.name.isdigit() and int(z_dir.name) <= 24):
            continue
        z = int(z_dir.name)
        for x_dir in z_dir.iterdir():
            if not (x_dir.is_dir() and x_dir.name.isdigit()):
                continue
            for file in x_dir.iterdir():
                stem, _, ext = file.name.partition(".")
                if stem.isdigit() and ext.lower() in EXTENSIONS and file.is_file():
                    y = int(stem)
                    stored[(z, int(x_dir.name), tilegrid.flip(z, y) if tms else y)] = file
    return _checked(Tileset(path, tms, stored))


def _checked(tileset: Tileset) -> Tileset:
    if not tileset.stored:
        raise TilesetError("tiles_empty")
    for z, x, y in tileset.stored:
        if not (0 <= x < 1 << z and 0 <= y < 1 << z):
            raise TilesetError("tiles_corrupt", reason=f"tile {z}/{x}/{y} is outside the world at zoom {z}")
    return tileset


# --- what the site publishes ------------------------------------------------------------------


def region_boxes(site: Site, tiles_crs: str, margin_km: float) -> list[tuple[float, float, float, float]]:
    """The site's regions, in the tiles' coordinate system, grown by the margin."""
    boxes = []
    for r in site.regions:
        south, west = geo.convert(r.south, r.west, site.crs.value, tiles_crs)
        north, east = geo.convert(r.north, r.east, site.crs.value, tiles_crs)
        boxes.append(tilegrid.widened((south, west, north, east), margin_km))
    return boxes


def selection(tileset: Tileset, boxes: list, layer: TileLayer) -> list[Tile]:
    """The stored tiles over the boxes, between the layer's zoom limits, sorted."""
    ranges: dict[int, list[tilegrid.Range]] = {}
    chosen = []
    for tile in sorted(tileset.stored):
        z = tile[0]
        if not layer.min_zoom <= z <= layer.max_zoom:
            continue
        if z not in ranges:
            ranges[z] = [tilegrid.covering(box, z) for box in boxes]
        if tilegrid.inside(tile, ranges[z]):
            chosen.append(tile)
    return chosen


MANY_TILES = 20_000
"""More tiles than this (some 300 MB of typical raster tiles) make a site slow to build, copy and
upload: `check` warns and names the zoom that stays under it."""


def zoom_within(chosen: list[Tile], limit: int = MANY_TILES) -> tuple[int, int]:
    """The highest zoom up to which the chosen tiles number at most `limit`, and that number."""
    counts = Counter(z for z, _, _ in chosen)
    zoom, total = min(counts), 0
    for z in sorted(counts):
        if total + counts[z] > limit:
            break
        zoom, total = z, total + counts[z]
    return zoom, total


def check(tileset: Tileset, boxes: list, layer: TileLayer) -> list[Tile]:
    """The tiles to publish; raises TilesetError when none would show the regions, with the
    likely reason (rows in the other order), or when a tile is not an image."""
    chosen = selection(tileset, boxes, layer)
    if not [t for t in chosen if t[0] > 0]:  # zoom 0 covers every place, in either row order
        if [t for t in selection(tileset.flipped(), boxes, layer) if t[0] > 0]:
            raise TilesetError("tiles_flipped", order="TMS" if tileset.tms else "XYZ",
                               other="XYZ" if tileset.tms else "TMS", tms=str(not tileset.tms).lower())
        south, west, north, east = _extent(tileset)
        raise TilesetError("tiles_outside", extent=f"{south:.2f}~{north:.2f}, {west:.2f}~{east:.2f}",
                           zooms=f"{layer.min_zoom}~{layer.max_zoom}")
    formats = {}
    for tile, head in tileset.data(chosen, head=16):
        fmt = image_format(head)
        if fmt is None:
            raise TilesetError("tiles_not_image", tile="/".join(map(str, tile)))
        formats.setdefault(fmt, tile)
    if len(formats) > 1:
        (a, ta), (b, tb) = list(formats.items())[:2]
        raise TilesetError("tiles_mixed", a=a, b=b, tile="/".join(map(str, tb)))
    return chosen


def _extent(tileset: Tileset) -> tuple[float, float, float, float]:
    top = max(z for z, _, _ in tileset.stored)
    boxes = [tilegrid.tile_box(*t) for t in tileset.stored if t[0] == top]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
