"""Finding what a built file would load from another host — the intranet can reach none.

A text scan, not a browser: it looks for the ways HTML, CSS, JS and Markdown load a resource
(tag attributes, CSS url()/@import, fetch/import/XHR/tile-layer calls, Markdown images) whose
address is absolute (`http(s)://`, `ws(s)://`) or protocol-relative (`//host`). Plain links
(`<a href>`) are navigation, not loads, and are ignored — also to navigation apps
(`amapuri://` …), which are flagged anywhere else. The browser tests back this up by
blocking every outside request.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

TEXT_SUFFIXES = (".html", ".htm", ".css", ".js", ".mjs", ".svg", ".md", ".xml")

# Navigation apps' URI schemes (stop pages link to them) open an app: fine when tapped, never as a
# load (an iframe or image would launch the app the moment the page opens).
APP_SCHEMES = ("amapuri", "iosamap", "baidumap", "qqmap")
_URL = r"(?:(?:(?:https?|wss?):)?//|(?:" + "|".join(APP_SCHEMES) + r")://)[^\s\"'`<>)]+"
_TAG = re.compile(r"<([a-zA-Z][\w:-]*)(\s[^<>]*)>", re.S)
_ATTR = re.compile(r"""(?:^|\s)([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.S)
_LOADING_ATTRS = {"src", "href", "xlink:href", "srcset", "imagesrcset", "poster", "data", "background", "codebase"}
# rel values of <link> that only describe a relation; every other <link href> loads something.
_INERT_RELS = {"canonical", "alternate", "author", "license", "help", "next", "prev", "bookmark", "me"}
_URL_AT_START = re.compile(r"\s*(" + _URL + ")", re.I)
_CSS_URL = re.compile(r"url\(\s*[\"']?(" + _URL + ")", re.I)
_TEXT_LOADS = [
    _CSS_URL,
    re.compile(r"@import\s+[\"'](" + _URL + ")", re.I),  # CSS @import "…"
    re.compile(  # JS calls that fetch their first argument
        r"\b(?:fetch|import|importScripts|Worker|SharedWorker|EventSource|WebSocket|sendBeacon|tileLayer(?:\.wms)?)"
        r"\s*\(\s*[\"'`](" + _URL + ")", re.I),
    re.compile(r"\bimport\s[^;'\"]*?from\s*[\"'](" + _URL + ")", re.I),  # static ES import
    re.compile(r"\.open\(\s*[\"'`]\w+[\"'`]\s*,\s*[\"'`](" + _URL + ")", re.I),  # XMLHttpRequest
    re.compile(r"\.src\s*=\s*[\"'`](" + _URL + ")", re.I),  # img.src = "…", script.src = "…"
    re.compile(r"setAttribute\(\s*[\"'](?:src|href)[\"']\s*,\s*[\"'`](" + _URL + ")", re.I),
    re.compile(r"!\[[^\]]*\]\(\s*<?(" + _URL + ")", re.I),  # Markdown image
]


class ExternalLoadError(RuntimeError):
    """Built files would load resources from outside the site."""


def find_external(files: dict[str, str | bytes], allowed_prefixes: list[str] = ()) -> list[tuple[str, str]]:
    """Every (site path, URL) where a text file loads something from another host."""
    found: list[tuple[str, str]] = []
    for path, content in files.items():
        if not path.lower().endswith(TEXT_SUFFIXES):
            continue
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        for url in dict.fromkeys(_loads(text)):
            if not url.startswith(tuple(allowed_prefixes)):
                found.append((path, url))
    return found


def require_local(files: dict[str, str | bytes], allowed_prefixes: list[str] = ()) -> None:
    """Raise ExternalLoadError naming each file and address that would be loaded from outside."""
    found = find_external(files, allowed_prefixes)
    if found:
        lines = "\n".join(f"  {path}: {url}" for path, url in found)
        raise ExternalLoadError(
            f"{len(found)} outside load(s) in the built site; an intranet browser cannot reach them:\n{lines}")


def origin(url: str) -> str | None:
    """The scheme-and-host prefix of an absolute or protocol-relative URL (None for site paths)."""
    parts = urlsplit(url)
    if not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme else f"//{parts.netloc}/"


_WINDOW_BEFORE, _WINDOW_AFTER, _TAG_REACH = 300, 1000, 8000


def _loads(text: str):
    """Every URL loaded. Only the surroundings of each `//` are read, since every outside address
    contains one: scanning whole files took most of the time of a 1,000-page build."""
    tags_seen: set[int] = set()
    for slashes in re.finditer("//", text):
        at = slashes.start()
        start = text.rfind("<", max(0, at - _TAG_REACH), at)
        tag = _TAG.match(text, start) if start != -1 and text.find(">", start, at) == -1 else None
        if tag and tag.end() > at:
            # Inside a tag: its attributes, and CSS in a style attribute.
            if start not in tags_seen:
                tags_seen.add(start)
                yield from _tag_loads(tag.group(1).lower(), tag.group(2))
                yield from (m.group(1) for m in _CSS_URL.finditer(tag.group(2)))
            continue
        window = text[max(0, at - _WINDOW_BEFORE): at + _WINDOW_AFTER]
        for pattern in _TEXT_LOADS:
            for match in pattern.finditer(window):
                yield match.group(1)


def _tag_loads(tag: str, attrs_text: str):
    attrs = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(attrs_text)}
    if tag in ("a", "area"):
        attrs.pop("href", None)
    if tag == "link" and set(attrs.get("rel", "").lower().split()) <= _INERT_RELS and attrs.get("rel"):
        attrs.pop("href", None)
    for name, value in attrs.items():
        if name not in _LOADING_ATTRS:
            continue
        # srcset lists "url width, url width"
        for candidate in value.split(",") if "srcset" in name else [value]:
            match = _URL_AT_START.match(candidate)
            if match:
                yield match.group(1)
