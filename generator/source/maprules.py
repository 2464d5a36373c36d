"""Rules for the map files sites.yaml names: tile files and folders, the orientation layer and the
outline. Problems in sites.yaml point at the field; problems inside a GeoJSON file at its line."""

from __future__ import annotations

from pathlib import Path

from ..model import FeatureKind, Site, TileLayer
from . import geojson, tilesets
from .docsfiles import confined, is_file, shown
from .positions import Source
from .problems import Problem

HINTS = {"tiles_missing": "tileset", "tiles_empty": "tileset", "tiles_corrupt": "tiles_corrupt",
         "tiles_flipped": "tiles_flipped", "tiles_outside": "tiles_outside", "tiles_not_image": "tiles_image",
         "tiles_mixed": "tiles_image"}


def check(src: Source, site: Site, root: Path) -> list[Problem]:
    return _tiles(src, site, root) + _orientation(src, site, root) + _outline(src, site, root)


def tile_layers(site: Site) -> list[tuple[tuple, TileLayer]]:
    """Every tile layer with its path in sites.yaml: the base, then the overlays."""
    if site.tiles is None:
        return []
    base = ("site", "tiles")
    return [(base, site.tiles)] + [(base + ("overlays", i), o) for i, o in enumerate(site.tiles.overlays)]


def _tiles(src: Source, site: Site, root: Path) -> list[Problem]:
    problems = []
    for path, layer in tile_layers(site):
        if (layer.url is None) == (layer.file is None):
            problems.append(src.problem(path, "tiles_source", hint="tiles_source"))
        elif layer.file is not None:
            problems += _tileset(src, site, root, path + ("file",), layer)
    return problems


def _tileset(src: Source, site: Site, root: Path, path: tuple, layer: TileLayer) -> list[Problem]:
    target = confined(root, layer.file)
    if target is None:
        return [src.problem(path, "path_outside", params={"path": layer.file}, hint="tileset")]
    try:
        tileset = tilesets.open_tileset(target, layer.tms)
        chosen = tilesets.check(tileset, tilesets.region_boxes(site, site.tiles.crs.value, site.tiles.margin_km), layer)
    except tilesets.TilesetError as error:
        hint = HINTS[error.key]
        return [src.problem(path, error.key, params={"path": layer.file, **error.params}, hint=hint,
                            hint_params=error.params)]
    if len(chosen) > tilesets.MANY_TILES:
        zoom, fewer = tilesets.zoom_within(chosen)
        return [src.problem(path, "tiles_many", warning=True, hint="tiles_many",
                            params={"path": layer.file, "count": len(chosen), "limit": tilesets.MANY_TILES},
                            hint_params={"zoom": zoom, "fewer": fewer})]
    return []


def _geojson_file(src: Source, root: Path, path: tuple, relative: str, kinds=None) -> tuple[object, list[Problem]]:
    target = confined(root, relative)
    if target is None:
        return None, [src.problem(path, "path_outside", params={"path": relative}, hint="geojson_file")]
    if not is_file(target):
        return None, [src.problem(path, "file_missing", params={"path": relative}, hint="geojson_file")]
    return geojson.validate(target.read_bytes(), shown(src.file, relative), kinds)


def _outline(src: Source, site: Site, root: Path) -> list[Problem]:
    return _geojson_file(src, root, ("site", "outline"), site.outline)[1] if site.outline else []


def _orientation(src: Source, site: Site, root: Path) -> list[Problem]:
    if site.orientation is None or site.orientation.file is None:
        return []
    kinds = {k.value: k.label for k in FeatureKind}
    return _geojson_file(src, root, ("site", "orientation", "file"), site.orientation.file, kinds)[1]
