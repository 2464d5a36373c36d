"""Saving a route for offline use: the service worker at the site's root (`sw.js`, from
generator/static) and, per route, the list of what a phone stores when the visitor taps
离线保存本路线 (`routes/<id>/offline.json`).

The list is read off the built files, so it holds what the pages really load: the route page
and its stop pages, their maps, what those maps load (scripts, stylesheets and the images the
stylesheets name), and the images and audio on the pages. Entries are URLs relative to the
site's root, in a fixed order. The theme's own files (its bundle, stylesheets, icon) have names
only MkDocs knows; every page loads the same ones, so the page's script adds those it loaded.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

from .. import paths
from ..model import Route
from .context import Context

STATIC = Path(__file__).parent.parent / "static"
_LOADS = re.compile(r"""<(?:script|link|img|audio|source|iframe)\b[^>]*?\s(?:src|href)\s*=\s*"([^"]*)\"""", re.I)
_CSS_URLS = re.compile(r"""url\(\s*["']?([^"')#]+)["']?\s*\)""", re.I)


def render(ctx: Context, built: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """The worker and every route's list; `built` is the rest of the site, to read loads from."""
    out: dict[str, str | bytes] = {paths.SERVICE_WORKER: (STATIC / "sw.js").read_bytes()}
    for route in ctx.project.routes:
        out[paths.offline_list(route.id)] = json.dumps(route_list(ctx, route, built), ensure_ascii=False, indent=1) + "\n"
    return out


def route_list(ctx: Context, route: Route, built: dict[str, str | bytes]) -> dict[str, list[str]]:
    """{"pages": the route's pages as URLs, "files": everything they load} (site-root-relative)."""
    sources = [paths.page("route", route.id)] + [paths.page("point", pid) for pid in dict.fromkeys(s.point for s in route.stops)]
    files: list[str] = []
    for source in sources:
        files += loaded(source, built.get(source, ""))
    for css in [f for f in files if f.endswith(".css")]:
        files += _stylesheet_images(css, built.get(css, ""))
    for map_file in [f for f in files if f.endswith(".html")]:
        files += loaded(map_file, built.get(map_file, ""))
    for css in [f for f in files if f.endswith(".css")]:
        files += _stylesheet_images(css, built.get(css, ""))
    pages = [ctx.urls.url_of(source) for source in sources]
    extra = [paths.SHOWCASE_JS, paths.SHOWCASE_CSS]
    return {"pages": pages, "files": list(dict.fromkeys(f for f in files + extra if f not in pages))}


def loaded(source: str, text: str | bytes) -> list[str]:
    """The site paths a page's Markdown or a map's HTML loads (scripts, stylesheets, images,
    audio, frames), resolved from the file's folder; outside and data: addresses are not ours."""
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return [p for p in (_resolve(source, html.unescape(m)) for m in _LOADS.findall(text)) if p]


def _stylesheet_images(css: str, text: str | bytes) -> list[str]:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return [p for p in (_resolve(css, m.strip()) for m in _CSS_URLS.findall(text)) if p]


def _resolve(source: str, url: str) -> str | None:
    if not url or re.match(r"^[a-zA-Z][\w+.-]*:|^//|^/", url):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), url.split("?")[0].split("#")[0]))
    return None if target.startswith("..") or target == "." else target
