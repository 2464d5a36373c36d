"""Issue 15: a route as one HTML file (`routes/<id>/offline.html`), opened from a phone's files
with no server: everything is in the file (text, directions, photos, sketch map), it asks for
nothing, and the hostile fixture's text runs nothing in it, with or without its policy."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from helpers.browser import screenshot

from generator.render import offlineroute
from generator.render.context import Context
from generator.source.loader import load_project

SAMPLE = load_project(ROOT / "sites.yaml")
ROUTE = SAMPLE.routes[0]
META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


def opened(browser, file: Path) -> list[str]:
    """Open a file:// page; return every URL the page requested."""
    requests: list[str] = []
    browser.page.on("request", lambda r: requests.append(r.url))
    browser.page.on("dialog", lambda d: (requests.append("dialog " + d.message), d.dismiss()))
    browser.page.goto(file.as_uri())
    browser.page.wait_for_load_state("load")
    return requests


def test_the_offline_route_opens_from_a_file_and_asks_for_nothing(phone, sample_site, tmp_path):
    alone = tmp_path / f"{ROUTE.id}-离线路线.html"  # as a phone keeps a download: nothing beside it
    shutil.copy(sample_site / "routes" / ROUTE.id / "offline.html", alone)
    assert opened(phone, alone) == [alone.as_uri()]
    page, itin = phone.page, Context(SAMPLE, ROOT).itineraries()[ROUTE.id]
    assert page.locator("h1").inner_text() == ROUTE.name
    headings = page.locator(".stop h3").all_inner_texts()
    assert headings == [f"第 {s.n} 站:{s.point.name}" for s in itin.stops]
    legs = page.locator(".stop .leg").all_inner_texts()
    for s, leg in zip(itin.stops, legs):
        if s.leg_out:
            assert s.leg_out.way_text in leg and s.next.name in leg
            assert (s.stop.directions in leg) if s.stop.directions else "怎么走" not in leg
    assert legs[-1] == "这是终点站。"
    assert page.locator("svg.sketch circle").count() == len(itin.stops)
    assert page.locator("svg.sketch polyline").count() == 1
    photos = page.locator("figure img")
    assert photos.count() >= 1 and photos.first.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert photos.first.evaluate("img => img.naturalWidth") > 0
    assert "语音讲解" in page.locator("body").inner_text()  # the audio guide is named, not inlined
    assert phone.errors == [] and phone.outside == []
    screenshot(page, "offline-route-file")


def test_the_route_page_links_the_download(sample_site):
    html = (sample_site / "routes" / ROUTE.id / "index.html").read_text(encoding="utf-8")
    assert f'<a download="{ROUTE.id}-离线路线.html" href="offline.html">下载离线路线</a>' in html


@pytest.fixture(scope="module")
def hostile_files() -> dict[str, str]:
    root = FIXTURES / "hostile"
    return offlineroute.render(Context(load_project(root / "sites.yaml"), root))


@pytest.mark.parametrize("with_policy", [True, False], ids=["as built", "escaping alone"])
def test_hostile_text_runs_nothing_in_the_offline_route(browser, hostile_files, tmp_path, with_policy):
    assert hostile_files
    for path, html in hostile_files.items():
        file = tmp_path / path.replace("/", "_")
        file.write_text(html if with_policy else META.sub("", html), encoding="utf-8")
        requests = opened(browser, file)
        assert requests == [file.as_uri()], path
        assert browser.page.evaluate("window.__pwned") is None, path
        assert browser.page.locator("script, iframe, object, [onerror], [onload]").count() == 0
    assert browser.outside == []
