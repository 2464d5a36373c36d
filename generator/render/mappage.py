"""A map's HTML file: folium's page skeleton, with a title and a drawing filled in.

Maps in folders of the same depth differ only in their title and drawing, so folium renders a
skeleton once per depth (and kind: the overview also loads MarkerCluster) with two slots, and
each map fills them in. That keeps 10,000 point maps cheap, and under `mkdocs serve` a rebuild
runs no folium at all: skeletons are kept in the build cache by the hash of what they depend on.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from dataclasses import dataclass

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from .. import paths
from . import guard, mapassets, policy, tiles
from .context import BuildCache
from .tiles import Spec

PLAIN_MAX_ZOOM = 19
TITLE_SLOT, DRAWING_SLOT = "@@showcase-title@@", '"@@showcase-drawing@@"'
_SLOTS = re.compile("|".join(map(re.escape, (TITLE_SLOT, DRAWING_SLOT))))

@dataclass(frozen=True)
class View:
    """What every map page of a site shares (and its skeleton depends on)."""

    crs: str
    """The CRS maps are drawn in: the tiles' (coordinates must match the tiles), else wgs84."""
    layers: tuple[Spec, ...]
    """The tile layers, base first; empty when the site has no base map."""
    language: str
    outline_js: str | None
    """showcase's outline asset (GeoJSON as JS), or None when the site has no outline."""
    orientation_js: str | None
    """showcase's orientation asset (roads, rivers, landmarks as JS), or None."""
    center: tuple[float, float]
    """Where a map opens before it fits its data: the middle of the site's regions."""

    @property
    def tiles(self) -> bool:
        return bool(self.layers)

    @property
    def allowed(self) -> list[str]:
        """The only outside origins a map may load from: the configured tile servers'."""
        return [origin for spec in self.layers if not spec.local and (origin := guard.origin(spec.url))]

    @functools.cached_property
    def key(self) -> str:
        layers = [[spec.url, spec.local, spec.options] for spec in self.layers]
        return content_hash([self.crs, layers, self.language, self.outline_js, self.orientation_js, self.center])


def page(view: View, file: str, title: str, drawing: dict, cache: BuildCache) -> str:
    """A map's HTML: its skeleton with the title and the drawing filled in (under `mkdocs serve`,
    the last build's page when those are the same)."""
    data, cluster = script_json(drawing), drawing.get("cluster", False)
    return cache.recent("map pages", (view.key, file, title, data), lambda: _page(view, file, title, data, cluster, cache))


def made_page(view: View, file: str, title: str, drawing: dict, cache: BuildCache) -> str:
    """`page`, made now (its caller keeps it by a key of its own)."""
    return _page(view, file, title, script_json(drawing), drawing.get("cluster", False), cache)


def _page(view: View, file: str, title: str, data: str, cluster: bool, cache: BuildCache) -> str:
    depth = file.count("/")
    skeleton = cache.get("map skeletons", content_hash([view.key, depth, cluster]), lambda: _skeleton(view, depth, cluster))
    values = {TITLE_SLOT: html.escape(title), DRAWING_SLOT: data}
    out = _SLOTS.sub(lambda m: values[m.group(0)], skeleton)  # one pass: values are not rescanned
    # Neither value holds a `<` (both escaped), so every <script> here is the skeleton's own.
    return policy.apply(out, policy.content(tiles.layer_origins(view.layers), policy.script_hashes(out)))


def script_json(value) -> str:
    """JSON that is safe inside <script>: no `</script>`, `<!--`, or JS line terminators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def content_hash(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


class TileLayer(MacroElement):
    """One tile layer; a site path becomes a link relative to the map file."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            L.tileLayer({{ this.url }}, {{ this.options }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, spec: Spec, file: str):
        super().__init__()
        self._name = "TileLayer"
        self.url = script_json(paths.relative(file, spec.url) if spec.local else spec.url)
        self.options = script_json(dict(spec.options))


class Draw(JSCSSMixin):
    """Hands the drawing to showcase.js, and loads what that needs."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            showcase.draw({{ this._parent.get_name() }}, {{ this.drawing }});
        {% endmacro %}
    """)

    def __init__(self, cluster: bool, outline: bool, orientation: bool):
        super().__init__()
        self._name = "Draw"
        self.drawing = DRAWING_SLOT
        # Instance lists: the class-level ones are shared by every element of the class.
        self.default_js = [("showcase", mapassets.SHOWCASE_JS), ("showcase_controls", mapassets.CONTROLS_JS)]
        self.default_css = [("showcase_css", mapassets.SHOWCASE_CSS)]
        if cluster:
            self.default_js.insert(0, ("markercluster", mapassets.CLUSTER_JS))
            self.default_css[:0] = [(f"markercluster_css_{n}", css) for n, css in enumerate(mapassets.CLUSTER_CSS)]
        if outline:
            self.default_js.append(("showcase_outline", mapassets.OUTLINE_JS))
        if orientation:
            self.default_js += [("showcase_orientation_data", mapassets.ORIENTATION_JS),
                                ("showcase_orientation", mapassets.ORIENTATION_DRAW_JS)]


def _skeleton(view: View, depth: int, cluster: bool) -> str:
    file = "x/" * depth + "map.html"  # any file at that depth: asset links are relative
    out = _figure(view, file, cluster)
    if out.count(TITLE_SLOT) != 1 or out.count(DRAWING_SLOT) != 1:
        raise RuntimeError("folium's map page changed: each slot must appear once")
    guard.require_local({file: out}, view.allowed)
    return out


def _figure(view: View, file: str, cluster: bool) -> str:
    m = folium.Map(location=view.center, zoom_start=13, tiles=None)
    m.options["max_zoom"] = max((spec.max_zoom for spec in view.layers), default=PLAIN_MAX_ZOOM)
    root = m.get_root()
    root.title = TITLE_SLOT
    # The drawing fits the map to its data before any tile layer is added: a layer added first
    # would ask for the tiles of the opening view, which a route saved offline does not hold.
    m.add_child(Draw(cluster, view.outline_js is not None, view.orientation_js is not None))
    for spec in view.layers:
        m.add_child(TileLayer(spec, file))
    for n, element in enumerate(mapassets.walk(root)):
        element._id = str(n)  # branca draws random ids; ours make the output reproducible
    mapassets.localise(root, file)
    return _tidy(root.render(), view.language)


def _tidy(out: str, language: str) -> str:
    """Let visitors zoom the page (folium forbids it), say which language the page is in, and name
    an empty icon (opened full screen, a map would otherwise ask the host root for /favicon.ico:
    outside a site under a sub-path, and a failed request when offline)."""
    viewport_at = out.find('<meta name="viewport"')
    if viewport_at < 0 or not out.startswith("<!DOCTYPE html>\n<html>"):
        raise RuntimeError("folium's page header changed: review mappage._tidy")
    viewport_end = out.index("/>", viewport_at) + 2
    viewport = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />\n    <link rel="icon" href="data:," />'
    out = out[:viewport_at] + viewport + out[viewport_end:]
    lang = "zh-CN" if language == "zh" else "en"
    return out.replace("<html>", f'<html lang="{lang}">', 1)
