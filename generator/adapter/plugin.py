"""The MkDocs plugin: a thin layer that hands the generated files to MkDocs in memory.

Nothing is written into docs/, so an editor's hand-written pages are never touched. A bad
sites.yaml raises PluginError in `on_config`, before MkDocs cleans or writes site/; under
`mkdocs serve` it shows its problems on every page instead (see `preview`).
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime
import gc
import logging
import os
import sys
import time
from array import array
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files, InclusionLevel

from .. import paths
from ..domain import progress
from ..paths import Urls
from ..render import compress, guard, policy, qr
from ..render.build import Stage, Staged, allowed_loads, build, is_source_only, source_only
from ..render.context import BuildCache, Context
from ..source import loader
from . import accessibility, incremental, navigation, preview, scripts, search_index, search_words, setaside, staging, theme

log = logging.getLogger("mkdocs.plugins.showcase")


def data_epoch(project) -> int:
    """The latest date written in the data (as the board uses it), as a Unix time; 0 if none."""
    latest = progress.reference_date(project)
    return int(datetime.datetime(latest.year, latest.month, latest.day, tzinfo=datetime.timezone.utc).timestamp()) if latest else 0


@contextlib.contextmanager
def _collector_paused():
    """Python's cycle collector off while the site is generated: generating creates millions of
    small objects and few cycles, and each full collection would walk the whole growing heap
    again (a fifth of a 1,000-point build). Reference counting still frees what is dropped."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _keep_out_of_collections() -> None:
    """Set every object there is now aside (`gc.freeze`) until the build ends: MkDocs' own
    collections while it renders 1,000 pages then skip the project and the generated site.
    Garbage set aside with them is collected after the build (`gc.unfreeze`)."""
    gc.freeze()


def _give_back_memory() -> None:
    """Hand the heap memory freed so far back to the system. glibc keeps freed pages for reuse,
    and the parse of a 10,000-point sites.yaml frees some 300 MB that later phases reuse only in
    part; the build's peak is set on top of what is kept. Elsewhere (no glibc), nothing."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):  # a libc without malloc_trim (musl)
            ctypes.CDLL(None).malloc_trim(0)


def _written_since(site_dir: Path, since: int) -> list[str]:
    """Site paths of the HTML, CSS, JS and SVG files under site_dir modified at or after `since`
    (ns); os.scandir reads the types with the names, a few times faster than Path.rglob."""
    found, folders = [], [(str(site_dir), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, prefix + entry.name + "/"))
                elif (entry.name.endswith((".html", ".htm", ".css", ".js", ".svg")) and entry.is_file()
                      and (not since or entry.stat().st_mtime_ns >= since)):
                    found.append(prefix + entry.name)
    return found


def _lean(config) -> bool:
    """Whether a one-off build may let go of each page's Markdown once converted and of its HTML
    once written (at 1,000 points some 35 MB): not with a plugin we do not know
    (`incremental.KNOWN_PLUGINS`), a theme override or an extra template, which might read them
    later (`page.markdown | wordcount`)."""
    return incremental.only_known_plugins(config) and not config.theme.custom_dir and not config.extra_templates


class ShowcaseConfig(base.Config):
    source = c.Type(str, default="sites.yaml")
    """The YAML file, relative to mkdocs.yml."""
    templates = c.Optional(c.Type(str))
    """A folder of templates overriding the built-in ones, relative to mkdocs.yml."""
    nav = c.Type(bool, default=True)
    """Generate the navigation when mkdocs.yml has none."""
    public_url = c.Optional(c.Type((str, bool)))
    """The address visitors' phones open, for the QR codes on signs; defaults to MkDocs' site_url.
    Kept apart so a site can have QR codes without Material's canonical links to that address.
    `false`: no address yet, so no QR codes and no warning."""
    precompress = c.Type(bool, default=True)
    """Write a gzip copy beside every text file of the built site (not under `mkdocs serve`)."""


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    # Defining on_startup makes MkDocs keep this instance across the rebuilds of `mkdocs serve`:
    # with it the build cache (a rebuild after a Markdown edit redraws no map), and the last good
    # build, which the preview shows while sites.yaml has errors.
    serving = False
    builds = 0
    problems: tuple | list = ()
    last_good: tuple | None = None  # (files, allowed loads, source-only files, project) of the last good build
    incremental: incremental.Incremental | None = None  # under `serve --dirty` only
    lean = False  # see `_lean`
    stage: Stage | None = None  # where a one-off build writes all but its pages (see render/build)
    replaced: set = set()  # generated paths a hand-written file replaces
    packed: frozenset = frozenset()  # the site paths published from the stage with the worker's gzip copies
    _search_turned_off = None  # Material's search plugin, when this build wrote its index instead
    setting_aside = False  # see setaside
    trimming_for_search = False  # see setaside.for_search
    project = None

    def __init__(self):
        super().__init__()
        self.cache = BuildCache()
        self.compiled = theme.CompiledTemplates()
        self.kept = loader.Kept()  # sites.yaml as last read: `serve` re-parses and re-validates only what changed
        self._set_aside: dict[str, list[str]] = {}  # a page's blocks, while it is converted (see setaside)
        self._skipped_by_search: dict[str, array] = {}  # where a page's blocks the search skips stand
        self._whole_page: str | None = None  # a page's HTML while the search reads it without them

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        if self.serving and dirty:
            self.incremental = incremental.Incremental()
        elif self.serving:
            log.info("showcase: `mkdocs serve --dirty` 只重新渲染改动的页面,预览更快 / re-renders only changed pages")

    def on_config(self, config):
        base_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.data_path = base_dir / self.config.source
        self.builds += 1
        with _collector_paused():
            loaded = loader.load(self.data_path, shown_as=os.path.relpath(self.data_path),
                                 kept=self.kept if self.serving else None)
        for problem in loaded.warnings:
            # Domain reminders (fewer than 8 points, 五个一 incomplete) are for editors, shown by
            # `check`; they must not fail `mkdocs build --strict`.
            log.info(problem.format())
        self.problems = loaded.errors
        if not self.serving:  # under `mkdocs serve` each save would pay for the walk over the heap
            _give_back_memory()
        if loaded.project is None and self.serving:
            log.info(preview.log_text(loaded.errors, self.builds))  # info: `serve --strict` keeps going
            return self._configure(config, *(self.last_good or ({}, [], [], None)))
        if loaded.project is None:
            raise PluginError("sites.yaml 有错误,网站未生成:\n" + "\n".join(p.format() for p in loaded.errors))
        docs = loaded.root / "docs"
        if Path(config.docs_dir).resolve() != docs.resolve():
            # photos, tiles and every check of docs/ (unsafe SVG, links out) are relative to it
            raise PluginError(f"mkdocs.yml: docs_dir 是 {config.docs_dir},应为 sites.yaml 旁边的 {docs}"
                              f"(照片、瓦片和 docs/ 的检查都以它为准)。\n    提示:删掉 docs_dir 这一行,或写 docs_dir: docs")
        templates = base_dir / self.config.templates if self.config.templates else None
        # A one-off build reuses nothing: its own cache, cleared after it.
        cache = self.cache if self.serving else BuildCache()
        ctx = Context(loaded.project, loaded.root, Urls(config.use_directory_urls), templates, self._public_url(config), cache)
        self.lean = not self.serving and _lean(config)
        # no other plugin may see a page's Markdown or HTML while its blocks are set aside
        self.setting_aside = incremental.only_known_plugins(config) and \
            setaside.survives(config.markdown_extensions, config.mdx_configs)
        self.trimming_for_search = self.setting_aside and not templates
        if not self.serving:  # a failed build discards it (`on_build_error`)
            self.stage = Stage(staging.folder(Path(config.site_dir)), gzip=self.config.precompress)
        try:
            with _collector_paused():
                files = build(ctx, parallel=True, stage=self.stage, keep=self.serving)
        except guard.ExternalLoadError as error:
            raise PluginError(str(error)) from None
        _keep_out_of_collections()
        good = (files, allowed_loads(ctx), source_only(ctx), loaded.project)
        if self.serving:
            self.last_good = good
            return self._configure(config, *good)
        cache.clear()  # its values are let go here (see BuildCache.clear)
        _give_back_memory()
        config = self._configure(config, *good)
        if self.lean:
            self.project = None  # the nav is made; MkDocs needs no record from here on (see `_lean`)
        return config

    def _configure(self, config, files: dict, allowed: list[str], skipped: list[str], project):
        self.files, self.allowed, self.source_only, self.project = files, allowed, skipped, project
        if project is None:  # serving, and nothing has built yet: the hand-written pages only
            return config
        # MkDocs stamps the sitemap with the build date; take it from the data instead so the
        # same sites.yaml gives a byte-identical site. A publisher's own value wins; ours is
        # removed after the build so the next build (under `mkdocs serve`) computes it anew.
        self._own_epoch = "SOURCE_DATE_EPOCH" not in os.environ
        if self._own_epoch:
            os.environ["SOURCE_DATE_EPOCH"] = str(data_epoch(project))
        search_words.register()
        if self.config.nav and not config.nav:
            config.nav = navigation.build(project, Path(config.docs_dir), set(self.files))
        config.extra_css = [paths.SHOWCASE_CSS, *config.extra_css]
        return config

    def _public_url(self, config) -> str | None:
        """The address for QR codes; None, with a warning (a failure under --strict) when it is
        missing or a placeholder, unless the publisher wrote `public_url: false`."""
        if self.config.public_url is False:
            return None
        url = self.config.public_url or config.site_url or None
        reason = qr.unreachable(url)
        if reason:
            log.warning(f"mkdocs.yml: public_url / site_url: {reason}({url or '无'}),参观者的手机扫码打不开,"
                        "所以不生成二维码,标牌上只印页面路径。\n  提示: 在 showcase 插件下写 public_url: 参观者手机能"
                        "打开的网址(如 http://10.1.2.3/showcase/);暂时没有就写 public_url: false")
            return None
        return url

    def on_files(self, files: Files, config) -> Files:
        self._started = time.time_ns()
        for f in list(files):  # a whole .mbtiles or tile folder is not published: only the tiles it needs
            if is_source_only(f.src_uri, self.source_only):
                files.remove(f)
        hand_written = {f.src_uri for f in files}  # looked up once: Files re-indexes after each append
        self.replaced = hand_written & self.files.keys()  # checked after the build like any hand-written file
        generated, staged = [], []
        for path, content in self.files.items():
            if path in hand_written:
                log.info(f"docs/{path} is written by hand; it replaces the generated page")
                continue
            inclusion = InclusionLevel.NOT_IN_NAV if navigation.reached_from_pages(path) else InclusionLevel.UNDEFINED
            if isinstance(content, Staged):
                staged.append(staging.StagedFile(path, str(self.stage.folder), config.site_dir, config.use_directory_urls,
                                                 inclusion=inclusion))
            elif self.incremental:
                generated.append(self.incremental.file(config, path, content, inclusion))
            else:
                generated.append(incremental.GeneratedFile.generated(config, path, content=content, inclusion=inclusion))
        self.packed = frozenset(path for path in (f.src_uri for f in staged) if self.files[path].packed)
        if self.incremental:
            own = (sorted(f.src_uri for f in generated if f.is_documentation_page()), [p.format() for p in self.problems],
                   data_epoch(self.project) if self.project else 0)
            self.incremental.start(config, incremental.site_wide(config, files, own), generated, self.files)
        for f in generated + staged:
            files.append(f)
        if self.lean:  # the contents are MkDocs' now; only the paths are needed from here on
            self.files = dict.fromkeys(self.files)
        return files

    @event_priority(-100)  # the nav as MkDocs renders it, after any other plugin changed it
    def on_nav(self, nav, config, files):
        self._nav = nav  # for `on_env`, which compares each page's view of it with the last build's
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        page.meta = theme.escaped(page.meta)  # docs/ is untrusted; Material prints front matter raw
        if self.lean and isinstance(page.file, incremental.GeneratedFile):
            page.file.let_go()  # read: the page holds its Markdown now
        if self.setting_aside and isinstance(page.file, incremental.GeneratedFile):
            markdown, self._set_aside[page.file.src_uri] = setaside.set_aside(markdown)
        return markdown

    def on_page_content(self, html, page, config, files):
        if self.lean:
            page.markdown = ""  # converted (see `_lean`); not None, which MkDocs reads as "no title yet"
        blocks = self._set_aside.pop(page.file.src_uri, None)
        self._skipped_by_search.pop(page.file.src_uri, None)  # an earlier build's, never to be used
        if not blocks:
            return html
        page.present_anchor_ids |= setaside.anchor_ids(blocks)  # MkDocs looked for them in the markers
        skipped = setaside.skipped_by_search(html, blocks) if self.trimming_for_search else frozenset()
        html, places = setaside.put_back(html, blocks, page.file.src_uri, skipped)
        if places:
            self._skipped_by_search[page.file.src_uri] = places
        return html

    def on_env(self, env, config, files):
        if self.incremental:  # the pages in the order MkDocs renders them
            self._pages = [f.page for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)]
            self.incremental.restore(self._pages, self._nav, config.theme.get("features", []))
        if self.stage:  # MkDocs publishes the staged files next
            self.stage.wait()
        theme.harden(env)
        env.bytecode_cache = self.compiled
        self.scripts = theme.InlineScripts(env)
        return env

    @event_priority(50)  # before the search plugin reads the page
    def _show_search_its_part(self, context, page, config, nav):
        places = self._skipped_by_search.pop(page.file.src_uri, None)
        if places:
            self._whole_page, page.content = page.content, setaside.for_search(page.content, places)
        return context

    # Every page gets the Content-Security-Policy, with the hashes of the theme's inline scripts
    # as rendered for that page (they differ by folder depth).
    @event_priority(-50)  # after the search plugin read the page
    def _page_context(self, context, page, config, nav):
        if self._whole_page is not None:
            page.content, self._whole_page = self._whole_page, None
        self._hashes = self.scripts.hashes(context)
        if self.incremental:
            self.incremental.page_rendered(page)
        return context

    on_page_context = CombinedEvent(_show_search_its_part, _page_context)

    def on_template_context(self, context, template_name, config):
        self._hashes = self.scripts.hashes(context)
        return context

    def on_post_page(self, output, page, config):
        page_html = self._with_problems(scripts.insert(accessibility.improve(output)), config)
        if self.lean:
            page.content = None  # rendered into `output`; search has taken its text (see `_lean`)
        return self._with_policy(page_html, self._hashes)

    def on_post_template(self, output_content, template_name, config):
        if template_name == "404.html":
            output_content = self._with_problems(output_content, config)
        return self._with_policy(output_content, self._hashes) if template_name.endswith(".html") else output_content

    def _with_policy(self, page_html: str, hashes) -> str:
        # `mkdocs serve` adds an inline live-reload script to every page, different each time: no
        # policy can allow it in advance, so the preview goes without; a build always has it.
        return page_html if self.serving else policy.apply(page_html, policy.content(self.allowed, hashes))

    def _with_problems(self, page_html: str, config) -> str:
        if not (self.serving and self.problems):
            return page_html
        lang = "en" if str(config.theme.get("language", "zh")).startswith("en") else "zh"
        return preview.inject(page_html, preview.panel(self.problems, lang))

    @event_priority(100)  # before the search plugin writes its index
    def _complete_search(self, config):
        if not self.serving:  # the pages are written: the search index is made next
            _give_back_memory()
        if self.incremental:
            search = config.plugins.get("material/search") or config.plugins.get("search")
            self.incremental.finish(search, self._pages)
        if self.lean:  # no other plugin reads the index or its entries (see `_lean`)
            self._write_search_index(config)

    def _write_search_index(self, config) -> None:
        """Write Material's search index in its stead, as `search_index.shrink` would leave it, and
        turn its own write off for this build."""
        search = config.plugins.get("material/search")
        if search is None or not search.config.get("enabled", True):
            return
        if search_index.write(Path(config.site_dir), search):
            search.config.enabled = False  # its on_post_build, next, returns at once
            search.search_index.entries = []  # written: let go before the gzip copies are made
            self._search_turned_off = search

    @event_priority(-100)  # last: the search plugin has written its index, whichever comes first in mkdocs.yml
    def _check_built(self, config):
        self._build_ended()
        self._discard_stage()  # its files are published
        site_dir = Path(config.site_dir)
        written = self._turn_search_on_again()
        if not self.serving and not written:  # the preview keeps Material's index as it is: rewriting it took a tenth of a second a save
            search_index.shrink(site_dir)  # before its gzip copy is made below
        # The theme's own output is checked too: a theme option or an editor's hand-written page
        # could still pull a script, font or image from the internet. Generated files copied as
        # they are (maps, signs, assets) were checked in `build` already.
        checked = {path for path in self.files if not path.endswith(".md")} - self.replaced
        # An incremental build checks only what it wrote: the rest was checked when written.
        since = self._started if self.incremental and not self.incremental.full else 0
        # One file read at a time: 10,000 points' pages are hundreds of megabytes.
        found, unguarded = [], []
        for path in _written_since(site_dir, since):
            if path in checked:
                continue
            text = (site_dir / path).read_bytes().decode("utf-8", "replace")
            found += guard.find_external({path: text}, self.allowed)
            if path.endswith((".html", ".htm")) and not policy.has_policy(text):
                unguarded.append(path)
        try:
            guard.refuse(found)
        except guard.ExternalLoadError as error:
            raise PluginError(str(error)) from None
        # HTML that no page event saw (copied from docs/ as it is) gets the policy too, without
        # any inline script allowed.
        if self.serving:  # the preview goes without a policy (see `_with_policy`) and without gzip copies
            return
        for path in unguarded:
            text = (site_dir / path).read_bytes().decode("utf-8", "replace")
            (site_dir / path).write_text(self._with_policy(text, ()), encoding="utf-8")
        if self.config.precompress:
            compress.precompress(site_dir, done=self.packed)

    on_post_build = CombinedEvent(_complete_search, _check_built)

    def _turn_search_on_again(self) -> bool:
        """Turn Material's search on again if this build turned it off; whether it had (and so
        wrote the index in its stead)."""
        search, self._search_turned_off = self._search_turned_off, None
        if search is not None:
            search.config.enabled = True
        return search is not None

    def on_build_error(self, error):
        self._turn_search_on_again()
        self._set_aside.clear()
        self._skipped_by_search.clear()
        self._whole_page = None
        if self.incremental:
            self.incremental.forget()
        self._discard_stage()
        self._build_ended()

    def _discard_stage(self):
        if self.stage:
            self.stage.discard()
            self.stage = None

    def _build_ended(self):
        gc.unfreeze()  # what `_keep_out_of_collections` set aside may be freed from now on
        if getattr(self, "_own_epoch", False):
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._own_epoch = False

    def on_serve(self, server, config, builder):
        server.watch(str(self.data_path))
        _poll_often(server, str(self.data_path))
        if self.config.templates:
            server.watch(str(Path(config.config_file_path).parent / self.config.templates))
        return server


SITES_POLL = 0.1
"""Seconds between two looks at sites.yaml under `mkdocs serve` (MkDocs looks every 0.5 s)."""


def _poll_often(server, path: str) -> None:
    """Have the server look at sites.yaml every `SITES_POLL` seconds: it is one file, one `stat`
    a look, and an editor's save is then seen 0.2 s sooner on average. MkDocs has no setting for
    it: the poller of that one watch is found among its observer's emitters, and left as it is
    where it is not found."""
    for emitter in getattr(getattr(server, "observer", None), "emitters", ()):
        watch = getattr(emitter, "watch", None)
        watched = getattr(watch, "raw_path", None) or getattr(watch, "path", None)  # a file's watch: its folder, listed
        if watched and os.path.abspath(watched) == os.path.abspath(path) and hasattr(emitter, "_timeout"):
            emitter._timeout = SITES_POLL
