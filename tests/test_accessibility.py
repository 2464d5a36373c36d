"""Issue 15: every page type passes axe-core with no serious or critical violation, at desktop and
phone sizes; on a phone the keyboard reaches 下一站 without passing hidden links; pages work with
the phone's text size at 200 %.

axe-core comes from npm (tests/node: `npm ci --prefix tests/node`), injected into each page.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT
from helpers.browser import screenshot, serve, wait_until_still

from generator.source.loader import load_project

AXE = Path(__file__).parent / "node" / "node_modules" / "axe-core" / "axe.min.js"
SAMPLE = load_project(ROOT / "sites.yaml")
BELT = SAMPLE.belts[0]
ROUTE = SAMPLE.routes_of_belt(BELT.id)[0]
SHARED = next(p for p in SAMPLE.points if len(SAMPLE.routes_of(p.id)) > 1)  # a stop on two routes
PAGE_TYPES = {
    "home": "", "belt": f"belts/{BELT.id}/", "point": f"points/{ROUTE.stops[1].point}/",
    "stop on two routes": f"points/{SHARED.id}/", "route": f"routes/{ROUTE.id}/", "routes": "routes/",
    "belts": "belts/", "index": "indexes/districts/", "tags": "indexes/tags/", "board": "board/",
    "reference": "reference/fields/", "guide": "guide/", "about": "about/",
}


def require_axe() -> None:
    if AXE.exists():
        return
    message = f"{AXE} is missing: npm ci --prefix tests/node"
    pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)


def serious(page) -> list[str]:
    # Evaluated by the browser's devtools protocol, not as a page script: the site's own
    # Content-Security-Policy (rightly) refuses an injected inline <script>.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_no_serious_axe_violation_on_any_page_type(browser, sample_site, size):
    require_axe()
    context = browser.context if size == "desktop" else browser.browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.route("**/*", browser._route)
    page = context.new_page()
    found = {}
    with serve(sample_site) as base:
        for name, path in PAGE_TYPES.items():
            page.goto(base + path)
            page.wait_for_load_state("load")
            found[name] = serious(page)
    assert found == {name: [] for name in PAGE_TYPES}
    assert browser.outside == []


FOCUSED = """() => { const e = document.activeElement, r = e.getBoundingClientRect();
    return {text: (e.innerText || '').trim(), left: r.left, right: r.right, width: r.width,
            visible: getComputedStyle(e).visibility === 'visible', inNav: !!e.closest('#stop-nav')}; }"""


def test_keyboard_on_a_phone_reaches_the_next_stop_first(phone, sample_site):
    """Tab from the top: a skip link to the stop navigation, then the navigation itself; nothing
    focused is off-screen (the closed drawer's links and the closed search dialog are out)."""
    with serve(sample_site) as base:
        page = phone.page
        page.goto(base + f"points/{ROUTE.stops[1].point}/")
        stops = []
        for _ in range(8):
            page.keyboard.press("Tab")
            stops.append(page.evaluate(FOCUSED))
        assert stops[0]["text"] == "跳到本站的路线导航"
        assert all(s["visible"] and s["width"] > 0 and s["left"] >= 0 and s["right"] <= 390 for s in stops), stops
        assert "下一站 →" in [s["text"] for s in stops]
        page.goto(base + f"points/{ROUTE.stops[1].point}/")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED)["inNav"]


@pytest.mark.parametrize("name", ["point", "stop on two routes", "home", "board"])
def test_pages_work_at_200_percent_text(phone, sample_site, name):
    """The phone's text size at 200 % (Chromium's default font size 32 px): nothing scrolls
    sideways, and on a stop page the route name, the next stop and 下一站 are still on screen."""
    cdp = phone.context.new_cdp_session(phone.page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    with serve(sample_site) as base:
        page = phone.page
        page.goto(base + PAGE_TYPES[name])
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 40
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"text-200-{name.replace(' ', '-')}")
        if name.startswith("point") or name.startswith("stop"):
            block = page.locator("section.showcase-stop").first
            for part in (block.locator(".showcase-stop__route"), block.locator(".showcase-stop__next"),
                         block.locator(".md-button").last):
                box = part.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert phone.outside == []


MAP_PAGES = {"overview": "map.html", "belt": f"belts/{BELT.id}/map.html", "route": f"routes/{ROUTE.id}/map.html",
             "stop": f"points/{ROUTE.stops[1].point}/map.html"}


def test_no_serious_axe_violation_inside_the_maps(phone, sample_site):
    """The maps are pages of their own (shown in an iframe, and full screen from 全屏): their
    markers, controls, tooltips and the way back are checked once drawn, at a phone's size."""
    require_axe()
    found = {}
    with serve(sample_site) as base:
        for name, path in MAP_PAGES.items():
            phone.page.goto(base + path)
            phone.page.wait_for_function("() => window.showcase && showcase.maps.length > 0")
            wait_until_still(phone.page)
            found[name] = serious(phone.page)
    assert found == {name: [] for name in MAP_PAGES}
    assert phone.outside == [] and phone.errors == []
