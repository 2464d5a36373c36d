"""sites.yaml → {site path: file content}. Plain Python: nothing here imports MkDocs.

Each part of the site (pages, maps, downloads, board, field reference) is a module with a
`render(ctx) -> dict[str, str | bytes]`; this module runs them and checks the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import guard
from .model import Project
from .paths import Urls


@dataclass
class Context:
    """What every renderer gets: the project, where it lives, and how URLs look."""

    project: Project
    root: Path
    urls: Urls = field(default_factory=Urls)
    templates: Path | None = None
    """A site's own template folder; its files override the built-in templates."""
    site_url: str | None = None
    """The public address of the built site (MkDocs' site_url), for QR codes; None if unknown."""
    _itineraries: dict | None = field(default=None, repr=False)

    def itineraries(self) -> dict:
        """Every route's itinerary, worked out once per build (pages, downloads and print use them)."""
        if self._itineraries is None:
            from . import tours

            self._itineraries = tours.itineraries(self.project)
        return self._itineraries


STATIC = Path(__file__).parent / "static"


def _static(ctx: Context) -> dict[str, bytes]:
    return {"assets/showcase.css": (STATIC / "showcase.css").read_bytes()}


def renderers() -> list:
    """Every part of the site; imported here so that importing site.py stays cheap."""
    from . import board, exports, maps, pages, printables, qr, reference

    return [pages.render, maps.render, exports.render, qr.render, printables.render, board.render, reference.render, _static]


def build(ctx: Context) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for render in renderers():
        for path, content in render(ctx).items():
            if path in files:
                raise RuntimeError(f"two renderers produced {path}")
            files[path] = content
    guard.require_local(files, allowed_loads(ctx))
    return dict(sorted(files.items()))


def allowed_loads(ctx: Context) -> list[str]:
    """The only outside address a page may load from: the configured tile server."""
    tiles = ctx.project.site.tiles
    origin = guard.origin(tiles.url) if tiles else None
    return [origin] if origin else []


def write_tree(files: dict[str, str | bytes], target: Path) -> None:
    """Write generated files under target (paths come from validated ids only)."""
    for path, content in files.items():
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
