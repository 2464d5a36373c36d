"""Finding what a built file would load from another host — the intranet can reach none.

A scan of loads, not of text: it judges the markup and CSS that fetch (loading attributes of
tags, srcset, CSS url()/@import in <style>, style attributes and .css files, SVG href), the
script calls that fetch (fetch/import/XHR/tile layers, in <script> and .js files) and, in
Markdown, what its images become. An address written as text (`url(//x/a.png)` in a summary) is
not a load. Plain links (`<a href>`) are navigation, not loads, and are ignored — also to
navigation apps (`amapuri://` …), which are flagged anywhere else. The browser tests back this up
by blocking every outside request, and the Content-Security-Policy (render/policy.py) by
refusing them.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import markdown

TEXT_SUFFIXES = (".html", ".htm", ".css", ".js", ".mjs", ".svg", ".md", ".xml")

# Navigation apps' URI schemes (stop pages link to them) open an app: fine when tapped, never as a
# load (an iframe or image would launch the app the moment the page opens).
APP_SCHEMES = ("amapuri", "iosamap", "baidumap", "qqmap")
_URL = r"(?:(?:(?:https?|wss?):)?//|(?:" + "|".join(APP_SCHEMES) + r")://)[^\s\"'`<>)]+"
# A start tag; quoted values may hold `>`.
_TAG = re.compile(r"""<([a-zA-Z][\w:-]*)((?:\s*[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?)*)\s*/?>""")
_ATTR = re.compile(r"""(?:^|\s)([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.S)
_LOADING_ATTRS = {"src", "href", "xlink:href", "srcset", "imagesrcset", "poster", "data", "background", "codebase"}
# rel values of <link> that only describe a relation; every other <link href> loads something.
_INERT_RELS = {"canonical", "alternate", "author", "license", "help", "next", "prev", "bookmark", "me"}
_URL_AT_START = re.compile(r"\s*(" + _URL + ")", re.I)
_CSS_LOADS = [
    re.compile(r"url\(\s*[\"']?(" + _URL + ")", re.I),
    re.compile(r"@import\s+[\"'](" + _URL + ")", re.I),  # @import "…"
]
_JS_LOADS = [
    re.compile(  # calls that fetch their first argument
        r"\b(?:fetch|import|importScripts|Worker|SharedWorker|EventSource|WebSocket|sendBeacon|tileLayer(?:\.wms)?)"
        r"\s*\(\s*[\"'`](" + _URL + ")", re.I),
    re.compile(r"\bimport\s[^;'\"]*?from\s*[\"'](" + _URL + ")", re.I),  # static ES import
    re.compile(r"\.open\(\s*[\"'`]\w+[\"'`]\s*,\s*[\"'`](" + _URL + ")", re.I),  # XMLHttpRequest
    re.compile(r"\.src\s*=\s*[\"'`](" + _URL + ")", re.I),  # img.src = "…", script.src = "…"
    re.compile(r"setAttribute\(\s*[\"'](?:src|href)[\"']\s*,\s*[\"'`](" + _URL + ")", re.I),
]
_MARKDOWN_LINK_TO_OUTSIDE = re.compile(r"\]\(\s*<?" + _URL, re.I)


class ExternalLoadError(RuntimeError):
    """Built files would load resources from outside the site."""


def find_external(files: dict[str, str | bytes], allowed_prefixes: list[str] = ()) -> list[tuple[str, str]]:
    """Every (site path, URL) where a text file loads something from another host."""
    found: list[tuple[str, str]] = []
    for path, content in files.items():
        if not path.lower().endswith(TEXT_SUFFIXES):
            continue
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        for url in dict.fromkeys(loads(path, text)):
            if not url.startswith(tuple(allowed_prefixes)):
                found.append((path, url))
    return found


def require_local(files: dict[str, str | bytes], allowed_prefixes: list[str] = ()) -> None:
    """Raise ExternalLoadError naming each file and address that would be loaded from outside."""
    refuse(find_external(files, allowed_prefixes))


def refuse(found: list[tuple[str, str]]) -> None:
    """Raise ExternalLoadError naming each (site path, URL) found, if any."""
    if found:
        lines = "\n".join(f"  {_one_line(path)}: {_one_line(url)}" for path, url in found)
        raise ExternalLoadError(
            f"{len(found)} outside load(s) in the built site; an intranet browser cannot reach them:\n{lines}")


def _one_line(text: str) -> str:
    return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text


def origin(url: str) -> str | None:
    """The scheme-and-host prefix of an absolute or protocol-relative URL (None for site paths)."""
    parts = urlsplit(url)
    if not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme else f"//{parts.netloc}/"


def loads(path: str, text: str):
    """Every outside URL the file at `path` loads."""
    suffix = path.lower().rpartition(".")[2]
    if suffix == "css":
        return _windows(text, _CSS_LOADS)
    if suffix in ("js", "mjs"):
        return _windows(text, _JS_LOADS)
    if suffix == "md" and _MARKDOWN_LINK_TO_OUTSIDE.search(text):
        # What a Markdown image loads depends on where it stands (not inside a raw HTML block,
        # not backslash-escaped): let Markdown say. MkDocs' own output is checked after the build.
        text = markdown.markdown(text, extensions=["tables", "attr_list"])
    return _markup_loads(text)


_WINDOW_BEFORE, _WINDOW_AFTER, _TAG_REACH = 300, 1000, 8000


def _windows(text: str, patterns: list[re.Pattern], start: int = 0, end: int | None = None):
    """URLs the patterns find around each `//` between start and end: every outside address has
    one, and reading only around them keeps a 1,000-page build fast."""
    end = len(text) if end is None else end
    for slashes in re.finditer("//", text[start:end]):
        at = start + slashes.start()
        window = text[max(start, at - _WINDOW_BEFORE): min(end, at + _WINDOW_AFTER)]
        for pattern in patterns:
            for match in pattern.finditer(window):
                yield match.group(1)


def _markup_loads(text: str):
    """Loads in HTML, SVG or XML: attributes of tags, and the CSS and script inside elements.
    Text between tags is text, whatever it says."""
    lower = text.lower()
    seen: set[int] = set()  # tags and elements already read
    for slashes in re.finditer("//", text):
        at = slashes.start()
        tag_start = _enclosing_tag(text, at)
        if tag_start is not None:
            if tag_start not in seen:
                seen.add(tag_start)
                tag = _TAG.match(text, tag_start)
                yield from _tag_loads(tag.group(1).lower(), tag.group(2))
            continue
        for element, patterns in (("style", _CSS_LOADS), ("script", _JS_LOADS)):
            content = _inside(lower, element, at)
            if content is not None and content not in seen:
                seen.add(content)
                end = lower.find(f"</{element}", at)
                yield from _windows(text, patterns, content, end if end != -1 else len(text))


def _enclosing_tag(text: str, at: int) -> int | None:
    """Where the tag that `at` stands inside starts, or None when `at` is outside every tag."""
    start = text.rfind("<", max(0, at - _TAG_REACH), at)
    if start == -1:
        return None
    tag = _TAG.match(text, start)
    return start if tag and tag.end() > at else None


def _inside(lower: str, element: str, at: int) -> int | None:
    """Where the content of the <element> that `at` stands in starts, or None."""
    opened = lower.rfind(f"<{element}", 0, at)
    if opened == -1 or lower.rfind(f"</{element}", opened, at) != -1:
        return None
    content = lower.find(">", opened, at)
    return content + 1 if content != -1 else None


def _tag_loads(tag: str, attrs_text: str):
    attrs = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(attrs_text)}
    if tag in ("a", "area"):
        attrs.pop("href", None)
        attrs.pop("xlink:href", None)
    if tag == "link" and set(attrs.get("rel", "").lower().split()) <= _INERT_RELS and attrs.get("rel"):
        attrs.pop("href", None)
    for name, value in attrs.items():
        if name == "style":
            yield from _windows(value, _CSS_LOADS)
        if name not in _LOADING_ATTRS:
            continue
        # srcset lists "url width, url width"
        for candidate in value.split(",") if "srcset" in name else [value]:
            match = _URL_AT_START.match(candidate)
            if match:
                yield match.group(1)
