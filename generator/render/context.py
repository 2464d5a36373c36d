"""What every renderer gets: the project, where it lives, how URLs look, and the build's caches."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ..domain import tours
from ..model import Project
from ..paths import Urls
from ..source.docsfiles import Docs
from . import memo, templating, tiles

T = TypeVar("T")


class BuildCache:
    """What a build may reuse from an earlier one: map files, folium page skeletons, QR codes.

    The MkDocs plugin keeps one for its whole life, so under `mkdocs serve` an edit to a Markdown
    page redraws no map and encodes no QR code again; `export`, the CLI and every test build get a
    fresh one. Values are found by what they are made from, so a stale one is never used."""

    def __init__(self) -> None:
        self._stores: dict[str, dict] = {}
        self._previous: dict[str, dict] = {}  # what `recent` stores held in the build before
        self._latest: set[str] = set()  # the stores `latest` keeps
        self._notes: list | None = None  # see `noting`
        self.outlives = False
        """Whether a next build will reuse what this one keeps (`build(keep=True)`: `mkdocs serve`)."""
        self.forkable = False
        """Whether a forked worker may render parts of the next build: this process holds every
        value a build made (a worker can send back no Jinja environment; a build in one process
        makes it here)."""
        self.worker_files: dict = {}
        """The files the worker made in the last build: it sends back only those that changed."""

    def next_build(self) -> None:
        """A build starts: `recent` values the last build did not use are dropped."""
        self._previous = {store: self._stores.pop(store) for store in list(self._previous)}
        for store in self._previous:
            self._stores[store] = {}

    def clear(self) -> None:
        """Let go of every value (a kept environment's filters hold the cache in a reference
        cycle, which a frozen collector would not break)."""
        self._stores.clear()
        self._previous.clear()

    def let_go_of_outputs(self) -> None:
        """Let go of what `latest` and `recent` keep (a part's files: a one-off build that has
        written them away never asks for them again); what `get` keeps stays."""
        for store in [*self._previous, *self._latest]:
            self._stores[store] = {}

    def get(self, store: str, key: Hashable, make: Callable[[], T]) -> T:
        """The value made for `key`, made once."""
        values = self._stores.setdefault(store, {})
        if key not in values:
            values[key] = make()
            self._note("get", store, key, values[key])
        return values[key]

    def latest(self, store: str, key: Hashable, make: Callable[[], T]) -> T:
        """Like `get`, but the store keeps only the latest value (a whole site's maps are large)."""
        self._latest.add(store)
        values = self._stores.setdefault(store, {})
        if key not in values:
            values.clear()
            values[key] = make()  # not noted: a worker does not send a whole site's maps back (see `notes_to_send`)
        return values[key]

    def recent(self, store: str, key: Hashable, make: Callable[[], T]) -> T:
        """Like `get`, but the store keeps only the values this build or the one before used
        (every page's output: an editor's old versions need not stay in memory)."""
        values = self._stores.setdefault(store, {})
        self._previous.setdefault(store, {})
        if key not in values:
            previous = self._previous[store]
            if key in previous:
                values[key] = previous[key]
                self._note("carried", store, key, None)
            else:
                values[key] = make()
                self._note("recent", store, key, values[key])
        return values[key]

    def noting(self) -> None:
        """From now on each value `get` and `recent` make, or carry over from the build before,
        is noted: a forked worker sends the notes back (`notes_to_send`) to the process that
        keeps this cache, which takes them in (`take_notes`)."""
        self._notes = []

    def _note(self, kind: str, store: str, key, value) -> None:
        if self._notes is not None:
            self._notes.append((kind, store, key, value))

    def notes_to_send(self) -> list:
        """The notes as a worker sends them back: a carried value by its place among the build
        before's (a key may be large: a map's drawing). `latest` values are not noted (a whole
        site's maps: the next build makes them again from the map pages that came back)."""
        places: dict[str, dict] = {}
        notes = []
        for kind, store, key, value in self._notes or []:
            if kind == "carried":
                if store not in places:
                    places[store] = {k: n for n, k in enumerate(self._previous[store])}
                key = places[store][key]
            notes.append((kind, store, key, value))
        return notes

    def take_notes(self, notes: list) -> None:
        """What a worker forked from this process made and used (`notes_to_send`), as if it had
        been made here."""
        previous_keys: dict[str, list] = {}
        for kind, store, key, value in notes:
            values = self._stores.setdefault(store, {})
            if kind == "carried":
                if store not in previous_keys:
                    previous_keys[store] = list(self._previous[store])
                key = previous_keys[store][key]
                value = self._previous[store][key]
            elif kind == "recent":
                self._previous.setdefault(store, {})
            values[key] = value


@dataclass
class Context:

    project: Project
    root: Path
    urls: Urls = field(default_factory=Urls)
    templates: Path | None = None
    """A site's own template folder; its files override the built-in templates."""
    public_url: str | None = None
    """The address visitors' phones open (plugin `public_url`, else MkDocs' `site_url`), for QR
    codes and absolute links in downloads; None when unknown or a placeholder (see
    `qr.unreachable`): then no QR code is made."""
    cache: BuildCache = field(default_factory=BuildCache, repr=False)
    """Reused across builds by the plugin under `mkdocs serve`; fresh otherwise."""
    _itineraries: dict | None = field(default=None, repr=False)
    _tiles: tiles.Plan | None = field(default=None, repr=False)
    _reads: dict = field(default_factory=dict, repr=False)
    _hasher: memo.Hasher | None = field(default=None, repr=False)
    _docs: Docs | None = field(default=None, repr=False)
    _once: dict = field(default_factory=dict, repr=False)

    def render(self, env, name: str, page: str, **values) -> str:
        """`templating.render`, reused from an earlier build when nothing it reads changed (see memo)."""
        return self.render_derived(env, name, page, (), dict, **values)

    def render_derived(self, env, name: str, page: str, made_from: tuple, derive: Callable[[], dict], **values) -> str:
        """`render` with more values, `derive()`, worked out only when the page is made again. The
        key hashes `made_from` in their stead, so it must hold every record and value `derive`
        reads. A record hashes to a reference, where the values made from it (a stop's legs, a
        checklist's outcomes) took most of a page's key to pickle."""
        if (env, name) not in self._reads:  # template files are read once per build
            self._reads[env, name] = memo.template_reads(env, name, self._names_in)
        key = memo.render_key(self.hasher(), self._reads[env, name], name, page, self.urls, values, made_from)
        if key is None:
            return templating.render(env, name, page, **values, **derive())
        return self.cache.recent("rendered", key, lambda: templating.render(env, name, page, **values, **derive()))

    def hasher(self) -> memo.Hasher:
        """Hashes values for cache keys, the project's records hashed once a build (see memo)."""
        if self._hasher is None:
            p = self.project
            self._hasher = memo.Hasher([*p.points, *p.belts, *p.routes, p.site], p, self.cache.get("record hashes", "by id", dict),
                                       shared=p.site)
        return self._hasher

    def _names_in(self, env, source: str):
        return self.cache.get("template names", source, lambda: memo.names_in(env, source))

    def itineraries(self) -> dict:
        """Every route's itinerary, worked out once per build (pages, downloads and print use them).
        Under `mkdocs serve` the loader hands back unchanged records as the very objects of the
        last reading: a route whose record, stops' points and site settings are those objects
        keeps its last itinerary (`tours.itinerary` reads nothing else)."""
        if self._itineraries is None:
            p = self.project
            known = self.cache.get("itineraries", "by route", dict)  # route id → (what it was made from, itinerary)
            made = {}
            for route in p.routes:
                inputs = tours.itinerary_made_from(p, route)
                last = known.get(route.id)
                same = last is not None and len(last[0]) == len(inputs) and all(a is b for a, b in zip(last[0], inputs))
                made[route.id] = last if same else (inputs, tours.itinerary(p, route))
            known.clear()
            known.update(made)
            self._itineraries = {route_id: itinerary for route_id, (_, itinerary) in made.items()}
        return self._itineraries

    def environment(self):
        """The Markdown templates' environment, kept across builds (see `kept_environment`)."""
        return self.kept_environment("environment", lambda: templating.environment(self.templates))

    def kept_environment(self, store: str, make: Callable):
        """The environment `make()` gives, kept across builds: Jinja re-reads a template only
        when its file changed, and an editor's story is converted again only when it changed."""
        cache = self.cache  # not `self`: a kept environment must not keep an old build's project

        def made():
            env = make()
            story = env.filters.get("story")
            if story:
                env.filters["story"] = lambda text: cache.get(store + " story", str(text or ""), lambda: story(text))
            return env
        # A template added to the site's folder must be found: Jinja would keep the built-in one.
        names = tuple(sorted(p.as_posix() for p in self.templates.rglob("*"))) if self.templates and self.templates.is_dir() else ()
        return self.cache.get(store, (self.templates, names), made)

    def docs(self) -> Docs:
        """The project's docs/ folder, resolved once a build (a photo's name is checked in it)."""
        if self._docs is None:
            self._docs = Docs(self.root)
        return self._docs

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, worked out once in this build: a value several parts of the site show."""
        if key not in self._once:
            self._once[key] = make()
        return self._once[key]

    def tiles(self) -> tiles.Plan:
        """The tile layers the maps draw and the tile files published, worked out once per build."""
        if self._tiles is None:
            self._tiles = tiles.plan(self.project.site, self.root)
        return self._tiles
