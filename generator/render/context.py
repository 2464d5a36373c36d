"""What every renderer gets: the project, where it lives, how URLs look, and the build's caches."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..domain import tours
from ..model import Project
from ..paths import Urls
from . import tiles


@dataclass
class Context:

    project: Project
    root: Path
    urls: Urls = field(default_factory=Urls)
    templates: Path | None = None
    """A site's own template folder; its files override the built-in templates."""
    site_url: str | None = None
    """The address visitors' phones open (plugin `public_url`, else MkDocs' `site_url`), for QR
    codes and absolute links in downloads; None when unknown or a placeholder (see
    `qr.unreachable`): then no QR code is made."""
    _itineraries: dict | None = field(default=None, repr=False)
    _tiles: tiles.Plan | None = field(default=None, repr=False)

    def itineraries(self) -> dict:
        """Every route's itinerary, worked out once per build (pages, downloads and print use them)."""
        if self._itineraries is None:
            self._itineraries = tours.itineraries(self.project)
        return self._itineraries

    def tiles(self) -> tiles.Plan:
        """The tile layers the maps draw and the tile files published, worked out once per build."""
        if self._tiles is None:
            self._tiles = tiles.plan(self.project.site, self.root)
        return self._tiles
