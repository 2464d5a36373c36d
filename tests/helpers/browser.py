"""Headless Chromium (Debian's package) driven by Playwright, and a static server on 127.0.0.1.

Every request to a host other than 127.0.0.1 is aborted and recorded, so a test can assert that a
page would work on an intranet.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    """Browser checks run in CI (which installs chromium); elsewhere they say how to get it."""
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk")
    pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve a folder on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Browser:
    """A Chromium page plus what it tried to load from outside and what it logged as errors."""

    def __init__(self, playwright, args=(), hosts=(), **context_options):
        """`args`: more Chromium switches; `hosts`: more host names that count as local (stand-in
        servers on 127.0.0.1, reached through `--host-resolver-rules`)."""
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS + list(args))
        self.context = self.browser.new_context(**context_options)
        self.hosts = {"127.0.0.1", None, *hosts}
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []  # "404 URL": which resource a console's "Failed to load" means
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))

    def _route(self, route):
        host = urlparse(route.request.url).hostname
        if host in self.hosts or route.request.url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()
        self.browser.close()


@pytest.fixture
def browser():
    """A fresh Chromium for one test (desktop size); `browser.page` is ready to use."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = Browser(p, viewport={"width": 1280, "height": 900})
        try:
            yield b
        finally:
            b.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@contextlib.contextmanager
def phone_browser(**options):
    """Chromium at a phone's size; `options` go to Browser (e.g. `args`, `hosts`)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = Browser(p, **PHONE, **options)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def phone():
    """Chromium at a phone's size (390×844, touch)."""
    with phone_browser() as b:
        yield b


ON_SCREEN = """() => document.querySelectorAll('.sc-marker').length + [...document.querySelectorAll('.sc-cluster-count')]
    .reduce((n, count) => n + Number(count.textContent), 0)"""
"""What a map shows: each point once, as a marker or inside a cluster's count."""


def wait_for_page_map(page, markers: int) -> None:
    """Wait until the page's first map, drawn inside its iframe, shows `markers` points (waiting,
    because a cluster briefly shows old and new icons while it animates)."""
    iframe = page.locator("iframe.showcase-map, .showcase-map iframe").first
    iframe.scroll_into_view_if_needed()
    frame = iframe.element_handle().content_frame()
    frame.wait_for_function("() => window.showcase && showcase.maps.length > 0")
    frame.wait_for_function(f"() => ({ON_SCREEN})() === {markers}", timeout=10_000)


ARTIFACTS = Path(__file__).parent.parent / "_artifacts"


def screenshot(page, name: str) -> Path:
    """Save a screenshot under tests/_artifacts/ (look at it) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


# True once nothing on the map has moved for 10 animation frames and no zoom or cluster animation
# runs: Leaflet has finished fitting the view and MarkerCluster has settled.
STILL = """() => {
    const moving = document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim');
    const now = [...document.querySelectorAll('.leaflet-marker-icon, .leaflet-tooltip, .leaflet-map-pane')]
        .map(e => e.style.transform + e.className).join('|');
    window.__stillFrames = !moving && now === window.__stillLast ? (window.__stillFrames || 0) + 1 : 0;
    window.__stillLast = now;
    return window.__stillFrames >= 10;
}"""


def wait_until_still(page_or_frame, timeout: float = 10_000) -> None:
    """Wait (checking every animation frame) until a Leaflet map has stopped moving."""
    page_or_frame.wait_for_function(STILL, polling="raf", timeout=timeout)


def search(page, query: str) -> list[str]:
    """Type a query into Material's search once its worker has loaded the index, and return the
    hrefs of the results. Readiness and the answer are read from the theme's own status line (its
    words come from the page's translations), so no query is typed too early and none is retried."""
    words = page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations")
    ready = words["search.result.placeholder"]
    box = page.locator(".md-search__input")
    box.click()
    status = "() => document.querySelector('.md-search-result__meta').textContent.trim()"
    page.wait_for_function(f"ready => ({status})() === ready", arg=ready)
    box.fill(query)
    box.press("End")  # Material searches on key events, which fill() does not send
    page.wait_for_function(f"ready => ({status})() !== ready", arg=ready)
    links = page.locator(".md-search-result__link")
    if page.evaluate(status) != words["search.result.none"]:
        links.first.wait_for()
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


def save_route_offline(page, url: str) -> str:
    """Open a route (or stop) page, tap 离线保存本路线, wait until it says saved or failed; its words."""
    page.goto(url)
    box = page.locator(".showcase-offline").first
    box.locator("button", has_text="离线保存本路线").click()
    page.wait_for_function("() => ['saved', 'failed'].includes(document.querySelector('.showcase-offline').dataset.state)",
                           timeout=60_000)
    return box.locator("[role=status]").inner_text()
