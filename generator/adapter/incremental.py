"""Fast, exact rebuilds under `mkdocs serve --dirty`.

Every rebuild still generates the whole site in memory (cheap: maps and QR codes come from the
build cache), but MkDocs re-renders only the pages whose generated Markdown changed and rewrites
only the generated files whose bytes changed: MkDocs' own `--dirty` machinery asks each file
`is_modified()`, and a generated file answers by comparing its content hash with the previous
build's. What `--dirty` alone gets wrong, this module puts right, so the preview equals a clean
build byte for byte:
- anything every page shows (the set of pages any link may point to, mkdocs.yml, the theme's
  overrides, hand-written files, the problems panel, the data's date) changed: the whole site is
  cleaned and rebuilt, as without `--dirty`;
- the nav changed (a belt renamed): a page is rendered again when the part of the nav Material
  shows on it changed (`nav_view`), with the content it had if its Markdown did not change, so
  renaming a belt re-renders the pages whose menu shows that belt, not the whole site;
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

    def let_go(self) -> None:
        """Drop the content (a one-off build that has read the page); reading it again fails."""
        self._content = None


def _tree_state(folder: Path | None) -> list:
    """Each file's path, size and modification time under `folder` (a template override changes)."""
    if not folder or not folder.is_dir():
        return []
    return sorted((p.as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file())


KNOWN_PLUGINS = {"material/search", "search", "showcase"}
"""Plugins whose use of a page we know: search takes its text while it is rendered, and reads
nothing of it later. Others may note things when they read a page (Material's tags and typeset
plugins do) or read its content in a later event: with any other plugin, a nav change rebuilds
the whole site, and a one-off build keeps every page's Markdown and HTML (see plugin `_lean`)."""


def only_known_plugins(config) -> bool:
    """Whether every plugin in mkdocs.yml is one of `KNOWN_PLUGINS`."""
    return set(config.plugins) <= KNOWN_PLUGINS


def site_wide(config, files: Files, extra: tuple) -> bytes:
    """A fingerprint of everything that every page shows, or that any page's links depend on
    (the nav is compared page by page, see `nav_view`, unless other plugins are on).

    `files` holds MkDocs' own files only (docs/ and theme); `extra` is the plugin's own state
    (the generated pages' paths, the problems panel, the data's date)."""
    config_file = Path(config.config_file_path) if config.config_file_path else None
    own = [(f.src_uri, *(lambda s: (s.st_size, s.st_mtime_ns))(os.stat(f.abs_src_path)))
           for f in files if f.abs_src_path and f.src_dir == config.docs_dir]
    custom = config.theme.custom_dir
    nav = None if only_known_plugins(config) else repr(config.nav)
    parts = (config_file.read_bytes() if config_file and config_file.is_file() else b"", nav, own,
             _tree_state(Path(custom) if custom else None), extra)
    return digest(repr(parts))


class Incremental:
    """What one build under `serve --dirty` leaves for the next: hashes, outputs, search entries."""

    def __init__(self) -> None:
        self.fingerprint: bytes | None = None
        self.hashes: dict[str, bytes] = {}
        self.contents: dict[str, str | bytes] = {}  # the objects hashed: most come back unchanged, as the same objects
        self.files: dict[str, GeneratedFile] = {}  # the last build's, by path (see `file`)
        self.search: dict[str, list] = {}
        self.kept: dict[str, tuple] = {}
        self.views: dict[str, bytes] = {}
        self.whole_nav: bytes | None = None  # what every view is made from (see `restore`)
        self.rendered: set[str] = set()
        self.full = True

    def start(self, config, fingerprint: bytes, generated: list[GeneratedFile], contents: dict) -> None:
        """Decide what this build redoes: mark unchanged generated files, delete gone ones.
        `contents`: each generated file's content by its path (the build cache hands back the
        very object of the last build for an unchanged file: its hash is not worked out again)."""
        self.full = fingerprint != self.fingerprint
        self.rendered = set()
        if self.full:
            if self.fingerprint is not None:
                log.info("showcase: 全站设置或页面有增减,整站重建 / site-wide settings or the set of pages changed: full rebuild")
            utils.clean_directory(config.site_dir)
        hashes = {f.src_uri: self.hashes[f.src_uri] if self.contents.get(f.src_uri) is contents[f.src_uri]
                  else digest(f.content_bytes) for f in generated}
        for f in generated:
            f.changed = self.full or self.hashes.get(f.src_uri) != hashes[f.src_uri]
        for gone in self.hashes.keys() - hashes.keys():
            _remove(self.files[gone].abs_dest_path, config.site_dir)
        self.fingerprint, self.hashes = fingerprint, hashes
        self.contents = {f.src_uri: contents[f.src_uri] for f in generated}
        self.files = {f.src_uri: f for f in generated}

    def file(self, config, path: str, content: str | bytes, inclusion) -> GeneratedFile:
        """The file MkDocs is given for the generated `path`: the last build's while its content
        is the very same object and the site's folder and URL style are as they were (making
        16,000 took 0.4 s a save at 3,000 points). MkDocs would use the page it left on it
        again, and works out an undefined inclusion on it: both are set as for a new file."""
        last = self.files.get(path)
        if (last is not None and last._content is content and last.dest_dir == config.site_dir
                and last.use_directory_urls == config.use_directory_urls):
            last.page, last.inclusion = None, inclusion
            return last
        return GeneratedFile.generated(config, path, content=content, inclusion=inclusion)

    def restore(self, pages: list, nav, features: list) -> None:
        """Give the pages MkDocs did not read again what the last build made of their Markdown,
        and have every page rendered again whose view of the nav changed."""
        for page in pages:
            if page.markdown is None and page.file.src_uri in self.kept:
                _put_back(page, self.kept[page.file.src_uri])
        # kept as they are before rendering: MkDocs adds to a draft's content while rendering it
        self.kept = {page.file.src_uri: (page.markdown, page.meta, page.content, page.toc, page.title) for page in pages}
        # Each page's view is made from the whole nav and its own title. A title changes only
        # with the page's Markdown (or in the nav, which `whole` holds), and a page whose
        # Markdown changed is rendered again anyway: when the whole nav is as in the last build
        # (most saves, a point's rename among them), only those pages' views are made again,
        # not 3,600.
        whole = digest(repr((features, _tree(nav.items))))
        if whole == self.whole_nav:
            for page in pages:
                if page.file.is_modified():
                    self.views[page.file.src_uri] = digest(repr(nav_view(page, nav, features)))
            return
        views = {page.file.src_uri: digest(repr(nav_view(page, nav, features))) for page in pages}
        for page in pages:
            if views[page.file.src_uri] != self.views.get(page.file.src_uri) and not page.file.is_modified():
                _render_again(page.file)
        self.views, self.whole_nav = views, whole

    def forget(self) -> None:
        """A build failed part-way: the next one cannot trust what this one noted, and starts clean."""
        self.__init__()

    def page_rendered(self, page) -> None:
        self.rendered.add(page.url)

    def finish(self, search_plugin, pages: list) -> None:
        """Remember what the next build restores; give Material's search index every page's
        entries, in the order a clean build has."""
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


def _put_back(page, kept: tuple) -> None:
    page.markdown, page.meta, page.content, page.toc, title = kept
    if "title" not in vars(page):  # a title given in the nav wins, as when the page is read
        page.title = title


def _render_again(file: File) -> None:
    if isinstance(file, GeneratedFile):
        file.changed = True
    else:  # a hand-written page: MkDocs compares its modification time with the built page's
        file.is_modified = lambda: True


def nav_view(page, nav, features: list) -> list:
    """What of the nav Material shows on `page`, following its templates (partials/nav-item.html):
    with `navigation.prune`, the children of a collapsed item are left out, as Material leaves
    them out of the HTML; plus the page's title, breadcrumbs and previous/next links. Two builds
    giving a page the same view and the same Markdown give it the same HTML."""
    tabs, sections, pruning = ("navigation.tabs" in features, "navigation.sections" in features, "navigation.prune" in features)
    opened = {id(section) for section in page.ancestors}
    view: list = [page.title, _link(page.previous_page), _link(page.next_page)]

    def visit(items: list, level: int, parent_open: bool) -> None:
        for item in items:
            view.append((level, _link(item), _badges(item)))
            if not item.children:
                continue
            is_open = id(item) in opened
            if tabs:
                is_section = (level == 1 and is_open) or (sections and level == 2 and parent_open)
            else:
                is_section = sections and level == 1
            if pruning and not is_section and not is_open:
                leaf = _first_leaf(item)  # a pruned item links to it (and a tab shows its icon)
                view.append(("first", getattr(leaf, "url", None), _badges(leaf)))
            else:
                visit(item.children, level + 1, is_open)

    visit(nav.items, 1, False)
    return view


def _tree(items: list) -> list:
    """The whole nav as `nav_view` reads it."""
    return [(_link(item), _badges(item), _tree(item.children) if item.children else None) for item in items]


def _link(item) -> tuple | None:
    return None if item is None else (item.title, getattr(item, "url", None))


def _badges(item) -> tuple:
    meta = getattr(item, "meta", None) or {}
    return tuple(str(meta.get(key)) for key in ("icon", "subtitle", "status")) + (getattr(item, "encrypted", None),)


def _first_leaf(item):
    while item.children:
        item = item.children[0]
    return item


def _remove(path: str, site_dir: str) -> None:
    """Delete a file a previous build wrote, and the folders it leaves empty."""
    target = Path(path)
    target.unlink(missing_ok=True)
    site = Path(site_dir).resolve()
    folder = target.parent
    while folder.resolve() != site and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
