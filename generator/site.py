"""sites.yaml → {site path: file content}. Plain Python: nothing here imports MkDocs.

Each part of the site (pages, maps, downloads, board, field reference) is a module with a
`render(ctx) -> dict[str, str | bytes]`; this module runs them and checks the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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


def build(ctx: Context) -> dict[str, str | bytes]:
    from . import pages

    files: dict[str, str | bytes] = {}
    for renderer in (pages,):
        for path, content in renderer.render(ctx).items():
            if path in files:
                raise RuntimeError(f"two renderers produced {path}")
            files[path] = content
    return dict(sorted(files.items()))
