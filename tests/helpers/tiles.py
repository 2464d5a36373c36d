"""Real tile files for the tests: PNG tiles drawn with Pillow, in an MBTiles file (SQLite, rows in
TMS order as the spec says) or an XYZ folder, over a box of the map."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from PIL import Image, ImageDraw

from generator.domain import tilegrid

FUZHOU = (26.04, 119.26, 26.11, 119.33)  # south, west, north, east: around the fixtures' points
BEIJING_TILE = (12, 3372, 1552)  # a tile far outside every fixture region


def tiles_over(box, zooms) -> list[tuple[int, int, int]]:
    found = []
    for z in zooms:
        r = tilegrid.covering(box, z)
        found += [(z, x, y) for x in range(r.x0, r.x1 + 1) for y in range(r.y0, r.y1 + 1)]
    return found


def png(z: int, x: int, y: int, color: str, transparent: bool = False) -> bytes:
    """A 256-px tile that says which it is: a base tile is a coloured field with a grid, a label
    tile is transparent with a name in the middle."""
    image = Image.new("RGBA", (256, 256), (0, 0, 0, 0) if transparent else color)
    draw = ImageDraw.Draw(image)
    if not transparent:
        draw.rectangle([0, 0, 255, 255], outline="#ffffff", width=2)
        draw.line([0, 128, 256, 128], fill="#ffffff", width=6)  # a "street" across every tile
    draw.text((60, 110 if transparent else 60), f"{z}/{x}/{y}", fill="#202124")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def write_mbtiles(path: Path, tiles, color: str = "#f4e9c8", tms: bool = True, data=None) -> Path:
    """An MBTiles file; `tms=False` writes the rows wrongly, in XYZ order (a common export bug)."""
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE metadata (name text, value text);
        CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);
        CREATE UNIQUE INDEX tile_index on tiles (zoom_level, tile_column, tile_row);
    """)
    db.executemany("INSERT INTO metadata VALUES (?, ?)", [("name", "test"), ("format", "png")])
    for z, x, y in tiles:
        row = tilegrid.flip(z, y) if tms else y
        db.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, row, data if data is not None else png(z, x, y, color)))
    db.commit()
    db.close()
    return path


def write_xyz(folder: Path, tiles, tms: bool = False, transparent: bool = True, color: str = "#c8e0f4") -> Path:
    for z, x, y in tiles:
        row = tilegrid.flip(z, y) if tms else y
        target = folder / str(z) / str(x) / f"{row}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png(z, x, y, color, transparent))
    return folder
