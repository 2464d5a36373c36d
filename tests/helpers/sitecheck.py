"""Reading a built site: its pages' text and every local link, to find broken ones."""

from __future__ import annotations

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
