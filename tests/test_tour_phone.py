"""Issue 5: a visitor on a phone (390×844) follows a route from its first stop to its last,
using only the "next stop" buttons."""

import datetime
import re

import pytest
from helpers.browser import screenshot, serve
from conftest import FIXTURES, ROOT

from generator.source.loader import load_project

PROJECT = load_project(FIXTURES / "site" / "sites.yaml")
ROUTE = PROJECT.route("gulou-walk")


def test_walk_the_whole_route_with_next_links(phone, fixture_site):
    names = [PROJECT.point(s.point).name for s in ROUTE.stops]
    visited = []
    with serve(fixture_site) as base:
        page = phone.page
        page.goto(base + f"points/{ROUTE.stops[0].point}/")
        for n, name in enumerate(names, 1):
            page.wait_for_load_state("load")
            assert page.locator("h1").inner_text() == name
            # this route's block, named by the route: other routes through the stop have their own
            block = page.get_by_role("region", name=ROUTE.name)
            status = block.get_by_text(f"第 {n} 站 / 共 {len(names)} 站")
            assert status.is_visible()
            # stop n/N, the next stop, its direction, distance and time, and the button fit the first screen
            assert _bottom(status) <= 844
            visited.append(name)
            if n == 1:
                screenshot(page, "tour-stop-1-phone")
            if n < len(names):
                leg = block.locator(".showcase-stop__next")
                assert f"下一站 {names[n]}" in leg.inner_text() and _bottom(leg) <= 844
                assert re.search(r"往[东南西北]{1,2}步行 [\d.]+ (米|公里)，约 \d+ 分钟", leg.inner_text())
                button = block.get_by_role("link", name="下一站 →")
                box = button.bounding_box()
                assert box["y"] + box["height"] <= 844 and box["height"] >= 40  # thumb-sized, no scrolling
                button.click()
            else:
                assert block.get_by_text("这是终点站").is_visible()
                assert block.get_by_role("link", name="下一站 →").count() == 0
    assert visited == names
    assert phone.outside == [] and phone.errors == []


def _bottom(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


def test_route_itinerary_prints(phone, fixture_site):
    with serve(fixture_site) as base:
        page = phone.page
        page.goto(base + f"routes/{ROUTE.id}/")
        body = page.locator("article").inner_text()
        for s in ROUTE.stops:
            assert PROJECT.point(s.point).address in body
        assert "全程" in body
        page.emulate_media(media="print")
        screenshot(page, "tour-itinerary-print")
        page.goto(base + f"routes/{ROUTE.id}/leaflet.html")
        page.emulate_media(media="print")
        leaflet = page.locator("body").inner_text()
        assert all(PROJECT.point(s.point).name in leaflet for s in ROUTE.stops)
        page.screenshot(path=str(screenshot(page, "tour-leaflet-print")), full_page=True)
    assert phone.outside == []


@pytest.mark.parametrize("when, status", [
    ("2026-12-01T02:00:00+00:00", "(现在开放,17:30 闭馆)"),  # Tuesday 10:00 in Beijing
    ("2026-12-01T00:30:00+00:00", "(现在未开放,今天 9:00 开放)"),  # Tuesday 8:30
    ("2026-12-01T10:00:00+00:00", "(今天已闭馆)"),  # Tuesday 18:00
    ("2026-12-06T02:00:00+00:00", "(今天不开放)"),  # Sunday
])
def test_open_now_is_told_by_the_phone_clock(phone, fixture_site, when, status):
    """gl-05 opens 周一至周五 9:00-17:30: the build reads that, the phone's clock says which."""
    assert PROJECT.point("gl-05").open_hours == "周一至周五 9:00-17:30"
    context = phone.browser.new_context(viewport={"width": 390, "height": 844}, timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.clock.set_fixed_time(datetime.datetime.fromisoformat(when))
    with serve(fixture_site) as base:
        page.goto(base + "points/gl-05/")
        hours = page.locator(".showcase-stops__hours")
        assert hours.inner_text() == f"开放时间:周一至周五 9:00-17:30 {status}"
        assert hours.bounding_box()["y"] < 844
    context.close()


def test_from_home_every_route_starts_with_one_tap(phone, sample_site):
    """The home page's first screen lists every route with its length, stops and time; one tap on
    出发 opens its first stop. The "N 条参观路线" figure leads to the route list."""
    sample = load_project(ROOT / "sites.yaml")
    with serve(sample_site) as base:
        page = phone.page
        for route in sample.routes:
            page.goto(base)
            row = page.locator("ul.showcase-starts li", has_text=route.name)
            facts = row.locator(".showcase-starts__facts").inner_text()
            assert re.fullmatch(rf"{route.mode.label} [\d.]+ (米|公里) · {len(route.stops)} 站 · 共约 .+", facts)
            start = row.get_by_role("link", name="出发")
            assert _bottom(start) <= 844
            start.click()
            page.wait_for_load_state("load")
            assert page.locator("h1").inner_text().rstrip("¶") == sample.point(route.stops[0].point).name
            assert page.get_by_role("region", name=route.name).get_by_text(f"第 1 站 / 共 {len(route.stops)} 站").is_visible()
        page.goto(base)
        screenshot(page, "home-phone")
        page.get_by_role("link", name=f"{len(sample.routes)} 条参观路线").click()
        assert page.locator("h1").inner_text().rstrip("¶") == "参观路线"
    assert phone.outside == [] and phone.errors == []
