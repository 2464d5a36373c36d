"""Issue 5: a visitor on a phone (390×844) follows a route from its first stop to its last,
using only the "next stop" buttons."""

from helpers.browser import screenshot, serve
from conftest import FIXTURES

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
            status = page.get_by_text(f"第 {n} 站 / 共 {len(names)} 站")
            assert status.is_visible()
            # stop n/N, the next stop and its distance, and the button fit the first screen
            assert status.bounding_box()["y"] + status.bounding_box()["height"] <= 844
            visited.append(name)
            if n == 1:
                screenshot(page, "tour-stop-1-phone")
            if n < len(names):
                assert page.get_by_text(f"下一站 {names[n]}").first.is_visible()
                button = page.get_by_role("link", name="下一站 →")
                box = button.bounding_box()
                assert box["y"] + box["height"] <= 844 and box["height"] >= 40  # thumb-sized, no scrolling
                assert page.get_by_text("米").first.is_visible() or page.get_by_text("公里").first.is_visible()
                button.click()
            else:
                assert page.get_by_text("这是终点站").first.is_visible()
    assert visited == names
    assert phone.outside == [] and phone.errors == []


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
