"""The navigation MkDocs shows on every page.

Material copies the whole nav into every page, so page size and build time grow with the nav.
Belts are in the nav (tens at most); points and routes are not: they are reached from belt,
route and index pages. That keeps every page's HTML flat as points grow (see README).
"""

from __future__ import annotations

import html
from pathlib import Path

from .. import paths
from ..model import Project


def build(project: Project, docs_dir: Path, generated: set[str]) -> list:
    """The nav; entries for pages this build does not have are left out."""
    nav: list = [
        {"首页": paths.HOME},
        {"示范带": [{"全部示范带": paths.BELTS_INDEX}, *_belts(project)]},
        {"参观路线": paths.ROUTES_INDEX},
        {
            "分类浏览": [
                {"按区县": paths.INDEXES["districts"]},
                {"按类型": paths.INDEXES["kinds"]},
                {"按级别": paths.INDEXES["levels"]},
                {"按标签": paths.INDEXES["tags"]},
            ]
        },
        {"比学树看板": paths.BOARD},
    ]
    hand_written = _hand_written(docs_dir)
    nav += hand_written
    nav.append({"字段参考": paths.FIELD_REFERENCE})
    return _present(nav, generated | set(hand_written))


def _present(nav: list, available: set[str]) -> list:
    kept = []
    for entry in nav:
        if isinstance(entry, str):
            kept += [entry] if entry in available else []
            continue
        (title, value), = entry.items()
        value = _present(value, available) if isinstance(value, list) else value
        if value and (isinstance(value, list) or value in available):
            kept.append({title: value})
    return kept


FLAT_BELTS = 12
"""Up to this many belts are listed directly; more are grouped by district, so that with
`navigation.prune` a page carries the district names, not every belt."""


def _belts(project: Project) -> list[dict]:
    # Material renders nav titles as raw HTML: an editor's text must be escaped here.
    entries = [(b.district, {html.escape(b.name): paths.page("belt", b.id)}) for b in project.belts]
    if len(entries) <= FLAT_BELTS:
        return [entry for _, entry in entries]
    districts: dict[str, list] = {}
    for district, entry in entries:
        districts.setdefault(district, []).append(entry)
    return [{html.escape(d): group} for d, group in districts.items()]


def _hand_written(docs_dir: Path) -> list[str]:
    """Editors' own pages in docs/, by path; MkDocs titles them from their first heading."""
    if not docs_dir.is_dir():
        return []
    pages = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))
    return [p for p in pages if p != paths.HOME]


def reached_from_pages(path: str) -> bool:
    """Point and route pages are deliberately kept out of the nav (MkDocs need not list them)."""
    return path.endswith(".md") and path.startswith((paths.folder("point"), paths.folder("route"))) and path != paths.ROUTES_INDEX


NOT_IN_NAV = "/points/\n/routes/*/\n"
"""The same pages as `reached_from_pages`, as mkdocs.yml's `not_in_nav` patterns, for an engine
that builds an exported folder without the plugin."""
