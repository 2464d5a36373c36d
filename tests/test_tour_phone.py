"""Issue 5: a visitor on a phone (390×844) follows a route from its first stop to its last,
using only the "next stop" buttons; the route prints as an itinerary and as an A4 leaflet."""

import re
from urllib.parse import urlsplit

import pytest
from helpers.browser import screenshot, serve

ROUTE_ID = "gulou-walk"


@pytest.fixture
def route(site_project):
    return site_project.route(ROUTE_ID)


def test_walk_the_whole_route_with_next_links(phone, fixture_site, site_project, route):
    names = [site_project.point(s.point).name for s in route.stops]
    visited = []
    with serve(fixture_site) as base:
        page = phone.page
        page.goto(base + f"points/{route.stops[0].point}/")
        for n, name in enumerate(names, 1):
            page.wait_for_load_state("load")
            assert page.locator("h1").inner_text() == name
            status = page.get_by_text(f"第 {n} 站 / 共 {len(names)} 站")
            assert status.is_visible()
            # stop n/N, the next stop and its distance, and the button fit the first screen
            assert status.bounding_box()["y"] + status.bounding_box()["height"] <= 844
            visited.append(urlsplit(page.url).path)  # where the buttons led, not where we meant to go
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
    assert visited == [f"/points/{s.point}/" for s in route.stops]
    assert phone.outside == [] and phone.errors == []


def test_route_itinerary_prints(phone, fixture_site, site_project, route):
    stops = [site_project.point(s.point) for s in route.stops]
    with serve(fixture_site) as base:
        page = phone.page
        page.goto(base + f"routes/{route.id}/")
        body = page.locator("article").inner_text()
        for point in stops:
            assert point.address in body
        assert "全程" in body
        page.emulate_media(media="print")
        # on paper: the itinerary with every stop's address, without the site's header and menus
        assert page.locator(".md-header").is_hidden()
        assert all(page.get_by_text(point.address).first.is_visible() for point in stops)
        screenshot(page, "tour-itinerary-print")
        page.goto(base + f"routes/{route.id}/leaflet.html")
        page.emulate_media(media="print")
        leaflet = page.locator("body").inner_text()
        assert all(point.name in leaflet for point in stops)
        assert page.locator(".print-button").is_hidden()  # the on-screen button is not printed
        pdf = page.pdf(format="A4", print_background=True)
        sheets = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
        assert 1 <= sheets <= 2, f"the leaflet prints on {sheets} A4 sheets"
        page.screenshot(path=str(screenshot(page, "tour-leaflet-print")), full_page=True)
    assert phone.outside == []
