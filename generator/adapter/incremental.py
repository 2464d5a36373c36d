"""Fast, exact rebuilds under `mkdocs serve --dirty`.

Every rebuild still generates the whole site in memory (cheap: maps and QR codes come from the
build cache), but MkDocs re-renders only the pages whose generated Markdown changed and rewrites
only the generated files whose bytes changed: MkDocs' own `--dirty` machinery asks each file
`is_modified()`, and a generated file answers by comparing its content hash with the previous
build's. What `--dirty` alone gets wrong, this module puts right, so the preview equals a clean
build byte for byte:
- anything every page shows (the nav, the set of pages any link may point to, mkdocs.yml, the
  theme's overrides, hand-written files, the problems panel, the data's date) changed: the whole
  site is cleaned and rebuilt, as without `--dirty`;
- generated files that are gone are deleted from the site;
- the search index keeps the entries of the pages not re-rendered, in clean-build order
  (Material's own `--dirty` merge assumes one changed page and appends it at the end).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs import utils
from mkdocs.structure.files import File, Files

from ..render.memo import digest

log = logging.getLogger("mkdocs.plugins.showcase")


class GeneratedFile(File):
    """A generated file that tells MkDocs' dirty build whether its content changed."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


def _tree_state(folder: Path | None) -> list:
    """Each file's path, size and modification time under `folder` (a template override changes)."""
    if not folder or not folder.is_dir():
        return []
    return sorted((p.as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file())


def site_wide(config, files: Files, nav: list, extra: tuple) -> bytes:
    """A fingerprint of everything that every page shows, or that any page's links depend on.

    `files` holds MkDocs' own files only (docs/ and theme); `extra` is the plugin's own state
    (the generated pages' paths, the problems panel, the data's date)."""
    config_file = Path(config.config_file_path) if config.config_file_path else None
    own = [(f.src_uri, *(lambda s: (s.st_size, s.st_mtime_ns))(os.stat(f.abs_src_path)))
           for f in files if f.abs_src_path and f.src_dir == config.docs_dir]
    custom = config.theme.custom_dir
    parts = (config_file.read_bytes() if config_file and config_file.is_file() else b"", repr(nav), own,
             _tree_state(Path(custom) if custom else None), extra)
    return digest(repr(parts))


class Incremental:
    """What one build under `serve --dirty` leaves for the next: hashes, outputs, search entries."""

    def __init__(self) -> None:
        self.fingerprint: bytes | None = None
        self.hashes: dict[str, bytes] = {}
        self.destinations: dict[str, str] = {}
        self.search: dict[str, list] = {}
        self.shown: dict[str, tuple] = {}
        self.rendered: set[str] = set()
        self.full = True

    def start(self, config, fingerprint: bytes, generated: list[GeneratedFile]) -> None:
        """Decide what this build redoes: mark unchanged generated files, delete gone ones."""
        self.full = fingerprint != self.fingerprint
        self.rendered = set()
        if self.full:
            if self.fingerprint is not None:
                log.info("showcase: 导航或全站设置有变化,整站重建 / nav or site-wide settings changed: full rebuild")
            utils.clean_directory(config.site_dir)
        hashes = {f.src_uri: digest(f.content_bytes) for f in generated}
        for f in generated:
            f.changed = self.full or self.hashes.get(f.src_uri) != hashes[f.src_uri]
        for gone in self.hashes.keys() - hashes.keys():
            _remove(self.destinations[gone], config.site_dir)
        self.fingerprint, self.hashes = fingerprint, hashes
        self.destinations = {f.src_uri: f.abs_dest_path for f in generated}

    def restore(self, pages: list) -> None:
        """Give the pages MkDocs did not read again the title and metadata they had: the nav on
        every re-rendered page shows them (a hand-written page is titled by its first heading)."""
        for page in pages:
            if page.markdown is None and page.file.src_uri in self.shown:
                page.title, page.meta = self.shown[page.file.src_uri]

    def page_rendered(self, page) -> None:
        self.rendered.add(page.url)

    def finish(self, search_plugin, pages: list) -> None:
        """Remember what the next build restores; give Material's search index every page's
        entries, in the order a clean build has."""
        self.shown = {page.file.src_uri: (page.title, page.meta) for page in pages}
        if search_plugin is None or not hasattr(search_plugin, "search_index"):
            return
        fresh: dict[str, list] = {}
        for entry in search_plugin.search_index.entries:
            fresh.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        urls = [page.url for page in pages]
        self.search = {url: fresh.get(url, []) if url in self.rendered else self.search.get(url, []) for url in urls}
        search_plugin.search_index.entries = [entry for url in urls for entry in self.search[url]]
        search_plugin.search_index_prev = None  # its own merge would append the changed page again
        log.info(f"showcase: 重新渲染 {len(self.rendered)} / {len(urls)} 页 / re-rendered {len(self.rendered)} of {len(urls)} pages")


def _remove(path: str, site_dir: str) -> None:
    """Delete a file a previous build wrote, and the folders it leaves empty."""
    target = Path(path)
    target.unlink(missing_ok=True)
    site = Path(site_dir).resolve()
    folder = target.parent
    while folder.resolve() != site and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
