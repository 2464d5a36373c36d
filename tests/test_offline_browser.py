"""Issue 15: 离线保存本路线. A phone opens a route, taps the button, waits for 已保存, loses the
signal, and every stop page of that route still opens with its map drawn; a page of another route
says it was not saved. Served as a publisher would (nginx under /showcase/, precompressed) and by
the simplest server at the root, on 127.0.0.1 (a secure context: service workers run there)."""

from __future__ import annotations

import pytest
from conftest import ROOT
from helpers.browser import phone_browser, save_route_offline as save, screenshot, serve
from helpers.nginx import nginx

from generator.source.loader import load_project

SAMPLE = load_project(ROOT / "sites.yaml")
ROUTE = SAMPLE.routes[0]
OTHER = next(r for r in SAMPLE.routes if not {s.point for s in r.stops} & {s.point for s in ROUTE.stops})
MARKERS = "() => document.querySelectorAll('.sc-marker').length"


@pytest.fixture(params=["nginx", "root"])
def served(request, sample_site, tmp_path):
    if request.param == "nginx":
        with nginx(sample_site, tmp_path / "nginx") as url:
            yield url
    else:
        with serve(sample_site) as url:
            yield url


def heading(page) -> str:
    return page.locator("h1").first.inner_text().rstrip("¶")


def map_drawn(page, markers: int | None = None) -> int:
    """Wait for the page's map (in its iframe) to draw its markers; return how many it drew."""
    frame = page.locator(".showcase-map iframe").first.element_handle().content_frame()
    frame.wait_for_function(f"() => ({MARKERS})() > 0", timeout=10_000)
    return frame.evaluate(MARKERS)


def test_a_saved_route_opens_without_network(phone, served):
    page, stops = phone.page, list(dict.fromkeys(s.point for s in ROUTE.stops))
    status = save(page, served + f"routes/{ROUTE.id}/")
    assert status == f"已保存 {len(stops) + 1} 个页面,断网时也能打开"
    phone.context.set_offline(True)
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))

    page.goto(served + f"routes/{ROUTE.id}/")
    assert heading(page) == ROUTE.name
    assert map_drawn(page) == len(stops)
    for pid in stops:
        page.goto(served + f"points/{pid}/")
        assert heading(page) == SAMPLE.point(pid).name
        assert page.locator(f".showcase-stop a[href$='{ROUTE.id}/']").count() >= 1
        assert map_drawn(page) >= 2
    screenshot(page, "offline-saved-stop")
    assert failed == []
    assert phone.errors == [] and phone.outside == []
    # full screen: the maps too, and nothing else asked for (no /favicon.ico from the host's root)
    for map_file in [f"routes/{ROUTE.id}/map.html"] + [f"points/{pid}/map.html" for pid in stops]:
        page.goto(served + map_file)
        page.wait_for_function(f"() => ({MARKERS})() > 0")
    assert failed == [] and phone.errors == []

    page.goto(served + f"routes/{OTHER.id}/")
    assert page.locator("h1").inner_text() == "没有网络"
    assert "没有离线保存" in page.locator("body").inner_text()
    screenshot(page, "offline-not-saved")


def reason(page, url: str) -> str:
    page.goto(url)
    box = page.locator(".showcase-offline").first
    box.locator("[role=status]").wait_for()
    assert box.locator("button").count() == 0
    return box.locator("[role=status]").inner_text()


def test_the_button_says_why_where_a_phone_cannot_save(phone, sample_site):
    assert "从网址打开" in reason(phone.page, (sample_site / "routes" / ROUTE.id / "index.html").as_uri())


def test_plain_http_on_a_named_host_asks_for_https(sample_site):
    with serve(sample_site) as url, phone_browser(args=["--host-resolver-rules=MAP showcase.test 127.0.0.1"],
                                                  hosts={"showcase.test"}) as phone:
        named = url.replace("127.0.0.1", "showcase.test")
        assert "https" in reason(phone.page, named + f"routes/{ROUTE.id}/")


def test_a_stop_page_offers_to_save_each_of_its_routes(phone, served):
    page = phone.page
    pid = next(p.id for p in SAMPLE.points if len(SAMPLE.routes_of(p.id)) > 1)
    page.goto(served + f"points/{pid}/")
    boxes = page.locator(".showcase-stop .showcase-offline")
    assert boxes.count() == len(SAMPLE.routes_of(pid))
    for i, route in enumerate(SAMPLE.routes_of(pid)):
        assert boxes.nth(i).get_attribute("data-offline") == f"../../routes/{route.id}/offline.json"
        assert boxes.nth(i).locator("button").is_visible()
