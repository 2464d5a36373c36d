"""Reading a built site: its pages' text and every local link, to find broken ones."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in ("href", "src") and tag in ("a", "link", "script", "img", "iframe"):
                self.links.append(value)


def local_links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [link for link in parser.links if not re.match(r"^([a-z]+:|//|#)", link)]


def resolve(site: Path, page: Path, link: str) -> Path:
    path = unquote(urlsplit(link).path)
    target = (page.parent / path).resolve() if not path.startswith("/") else site / path.lstrip("/")
    return target / "index.html" if target.is_dir() else target


def broken_links(site: Path) -> list[tuple[str, str]]:
    broken = []
    for page in sorted(site.rglob("*.html")):
        for link in local_links(page):
            if not resolve(site, page, link).exists():
                broken.append((str(page.relative_to(site)), link))
    return broken


def text(page: Path) -> str:
    """The visible-ish text of a page (tags stripped, entities kept as written)."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# What makes a browser fetch something as the page loads (links a visitor clicks are not loads).
LOADING = {"script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",), "embed": ("src",),
           "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
           "object": ("data",), "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href")}
LINK_LOADS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "modulepreload",
              "manifest", "preconnect", "dns-prefetch"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
OUTSIDE = re.compile(r"^\s*([a-z][a-z0-9+.-]*:)?//", re.I)


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        names = LOADING.get(tag, ())
        if tag == "link" and LINK_LOADS & set(attrs.get("rel", "").lower().split()):
            names = ("href", "imagesrcset")
        for name in names:
            value = attrs.get(name, "")
            self.urls += [part.split()[0] for part in value.split(",") if part.strip()] if "srcset" in name else [value]
        self.urls += [a or b for a, b in CSS_URL.findall(attrs.get("style", ""))]
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.urls += [a or b for a, b in CSS_URL.findall(data)]

    def handle_endtag(self, tag):
        self._in_style = False


def outside_loads(site: Path) -> list[tuple[str, str]]:
    """Every (file, URL) in a built site that a browser would fetch from another host: scripts,
    styles, images, frames, media, icons and preloads in HTML; url() and @import in CSS."""
    found = []
    for file in sorted(site.rglob("*")):
        if file.suffix == ".html":
            parser = _Loads()
            parser.feed(file.read_text(encoding="utf-8"))
            urls = parser.urls
        elif file.suffix == ".css":
            urls = [a or b for a, b in CSS_URL.findall(file.read_text(encoding="utf-8"))]
        else:
            continue
        found += [(str(file.relative_to(site)), url) for url in urls if OUTSIDE.match(url)]
    return found


def map_drawing(html: str) -> dict:
    """The JSON a map page hands to showcase.draw (json.loads undoes the \\u003c escapes)."""
    return json.loads(re.search(r"showcase\.draw\(map_\d+, (.*)\);", html).group(1))
