"""Issues 8 and 13: the hostile fixture, built and opened in Chromium, runs nothing and loads
nothing from outside — every page, map frame, printable and served SVG.

tests/helpers/hostile.py puts every payload (with and without `//`) into every text field of the
model. A payload that runs sets `window.__pwned` or opens a dialog. The site is visited twice:
with its Content-Security-Policy taken out, so escaping alone must hold, and as built, where the
policy must not have had anything to block (a blocked script means escaping failed somewhere)
nor block the theme's own scripts.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import hostile
from helpers.browser import search, serve

from conftest import FIXTURES, mkdocs_build
from generator.render import policy
from generator.render.templating import join_lines

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""
SENTINEL = "() => ({pwned: window.__pwned, csp: window.__csp})"
META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "site"
    result = mkdocs_build(FIXTURES / "hostile", out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


@pytest.fixture(scope="module")
def unguarded(hostile_site, tmp_path_factory) -> Path:
    """The same site without its Content-Security-Policy."""
    copy = tmp_path_factory.mktemp("unguarded") / "site"
    shutil.copytree(hostile_site, copy)
    for page in copy.rglob("*.html"):
        page.write_text(META.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    return copy


def served(site: Path) -> list[str]:
    """Every page, map, printable and SVG of the site, as URL paths."""
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in (".html", ".svg"))
    return [f.removesuffix("index.html") for f in files]


def visit_all(browser, site: Path, paths: list[str]) -> dict[str, dict]:
    """path → what ran there (or what the policy blocked), for every frame of every path."""
    dialogs: list[str] = []
    browser.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    browser.context.add_init_script(WATCH)
    ran = {}
    with serve(site) as base:
        for path in paths:
            page = browser.page
            page.goto(base + path, wait_until="load")
            for frame in page.frames:  # a map frame loads lazily: its file is visited on its own
                frame.wait_for_load_state("load")
                seen = frame.evaluate(SENTINEL)
                if seen["pwned"] is not None or seen["csp"]:
                    ran[f"{path} ({frame.url})"] = seen
    assert dialogs == [], dialogs
    return ran


def test_the_fixture_attacks_every_text_field_of_the_model():
    data, filled = hostile.project()
    assert filled == hostile.text_fields() and len(filled) > 25
    assert (FIXTURES / "hostile" / "sites.yaml").read_text(encoding="utf-8") == hostile.sites_yaml(), \
        "run `python tests/helpers/hostile.py` to regenerate the fixture"
    assert any("//" in p for p in hostile.PAYLOADS) and any("//" not in p for p in hostile.PAYLOADS)
    names = " ".join(p["name"] for p in data["points"])
    assert all(p.format(k=k) in names for k, p in enumerate(hostile.PAYLOADS))


def test_escaping_alone_runs_nothing_and_loads_nothing(browser, unguarded):
    paths = served(unguarded)
    assert len(paths) > 50 and {"photos/ok.svg", "404.html", "hand.html", "front/"} <= set(paths)
    assert visit_all(browser, unguarded, paths) == {}
    assert browser.outside == []


# One file of each kind and folder depth: the theme's inline scripts differ by depth.
SAMPLE = ["", "belts/", "belts/belt-3/", "points/point-0/", "routes/route-4/", "board/", "reference/fields/", "404.html",
          "map.html", "belts/belt-3/map.html", "points/point-0/sign.html", "routes/route-4/leaflet.html", "photos/ok.svg",
          "hand.html"]


def test_the_policy_has_nothing_to_block(browser, hostile_site):
    """Nothing injected for it to block, and the theme's own scripts pass: on a blocked script
    the page would record a violation."""
    assert visit_all(browser, hostile_site, SAMPLE) == {}
    assert browser.outside == []
    for page in hostile_site.rglob("*.html"):
        assert policy.has_policy(page.read_text(encoding="utf-8")), page


def test_search_results_show_names_as_text(browser, unguarded):
    browser.page.on("dialog", lambda d: d.dismiss())
    with serve(unguarded) as base:
        page = browser.page
        page.goto(base)
        hrefs = search(page, "东街")
        assert hrefs
        for frame in page.frames:
            assert frame.evaluate("() => window.__pwned") is None
        made = page.locator(".md-search-result :is(script, img, svg, iframe, object, [onerror], [onload], [onclick])")
        assert made.count() == 0
        assert "</title><script>" in page.locator(".md-search-result").inner_text()
    assert browser.outside == []


@pytest.mark.parametrize("k", range(hostile.RECORDS))
def test_names_are_shown_literally(browser, hostile_site, k):
    name = join_lines(hostile.text(k, 200))
    with serve(hostile_site) as base:
        page = browser.page
        page.goto(f"{base}points/point-{k}/")
        heading = page.locator("h1").inner_text()
        title = page.title()
    assert " ".join(heading.split()) == " ".join(name.split())
    assert " ".join(title.split()) == " ".join(name.split()) + " - Hostile fixture"


def test_story_is_sanitised_not_escaped(hostile_site):
    html = (hostile_site / "points/point-0/index.html").read_text(encoding="utf-8")
    story = html[html.index('class="showcase-story"'):]
    story = story[: story.index("</div>")]
    assert "<strong>粗体</strong>" in story
    for bad in ("<script", "onerror", "javascript:", "onclick", "<iframe"):
        assert bad not in story
