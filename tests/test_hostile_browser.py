"""Issue 8: a fixture whose every text field carries XSS payloads, built and opened in Chromium.

No payload may run (they would set window.__xss or open a dialog), and the text must be shown
literally."""

import pytest
from helpers.browser import serve
from conftest import FIXTURES
from test_site_browser import search

PAGES = [
    "", "belts/evil-belt/", "points/evil-1/", "routes/evil-route/", "indexes/tags/", "indexes/districts/",
    "board/", "map.html", "belts/evil-belt/map.html", "points/evil-1/map.html", "routes/evil-route/map.html",
    "points/evil-1/sign.html", "routes/evil-route/leaflet.html",
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from conftest import _built

    return _built(FIXTURES / "hostile", tmp_path_factory)


def test_no_payload_runs_and_text_is_literal(browser, hostile_site):
    dialogs = []
    browser.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    ran = {}
    with serve(hostile_site) as base:
        for path in PAGES:
            page = browser.page
            page.goto(base + path)
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)
            for frame in page.frames:
                value = frame.evaluate("() => window.__xss")
                if value is not None:
                    ran[path] = value
        page.goto(base)
        hrefs = search(page, "恶意")
        ran.update({"search": page.evaluate("() => window.__xss")} if page.evaluate("() => window.__xss") else {})
        page.goto(base + "points/evil-1/")
        heading = page.locator("h1").inner_text()
        article = page.locator("article").inner_text()
    assert any("points/evil-1/" in h for h in hrefs), hrefs
    assert ran == {}
    assert dialogs == []
    assert heading == "恶意<b>名称</b><script>window.__xss='script'</script>';window.__xss='js';//</script><script>window.__xss='js2'</script>evil-1"
    assert "地址<img src=x onerror=\"window.__xss='img'\">" in article
    assert "[点我](javascript:window.__xss='link')" in article
    assert "{{ 7*7 }}{% raw %}" in article


def test_story_is_sanitised_not_escaped(hostile_site):
    html = (hostile_site / "points/evil-1/index.html").read_text(encoding="utf-8")
    story = html[html.index('class="showcase-story"'):]
    story = story[: story.index("</div>")]
    assert "<strong>粗体</strong>" in story
    for bad in ("<script", "onerror", "javascript:", "onclick", "<iframe"):
        assert bad not in story
