"""The live preview: under `mkdocs serve`, a broken save shows its problems on the page being
previewed (file:line, message, hint), every time, not only the first; a refresh does not hang;
and the site comes back when the file is fixed. Chromium watches a real `mkdocs serve`."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers.browser import screenshot

PANEL = "#showcase-problems"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    """`mkdocs serve` on a free port, its output collected line by line."""

    def __init__(self, project: Path, *options: str):
        self.port = free_port()
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}", "--livereload", *options],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)
            if "Serving on" in line:
                self.ready.set()
        self.ready.set()  # ended: don't leave the test waiting

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    # the watcher compares modification times: make each save a new one
    stamp = time.time_ns()
    os.utime(path, ns=(stamp, stamp))


@pytest.mark.parametrize("options", [(), ("--dirty",)], ids=["serve", "serve-dirty"])
def test_live_preview_shows_problems_every_time_and_the_site_after_the_fix(project_copy: Path, browser, options):
    data = project_copy / "sites.yaml"
    good = data.read_text(encoding="utf-8")
    server = Serve(project_copy, *options)
    try:
        assert server.ready.wait(180) and server.process.poll() is None, server.log
        page = browser.page
        url = f"http://127.0.0.1:{server.port}/points/gl-01/"
        page.goto(url)
        page.wait_for_selector("h1:has-text('东街口党群服务中心')")
        assert page.locator(PANEL).count() == 0

        # first broken save: a misspelt field
        save(data, good.replace("    address:", "    adress:", 1))
        panel = page.locator(PANEL)
        panel.wait_for(timeout=120_000)
        first = panel.inner_text()
        assert re.search(r"sites\.yaml:\d+:\d+", first) and "points[0].adress" in first
        assert "未知字段 `adress`" in first and "提示:是不是 `address`?" in first
        assert page.locator("h1:has-text('东街口党群服务中心')").count() == 1  # the last good page below
        screenshot(page, "preview-problems")

        # a refresh answers (MkDocs' own loop would wait for a build that never comes)
        page.reload(timeout=60_000)
        page.wait_for_selector(PANEL)

        # second broken save, the same mistake plus another: both shown, the log says it again
        save(data, good.replace("    address:", "    adress:", 1).replace("lat: ", "lat: abc #", 1))
        page.wait_for_selector(f"{PANEL}:has-text('应为数字')", timeout=120_000)
        second = page.locator(PANEL).inner_text()
        assert "未知字段 `adress`" in second and "应为数字,实际是 `abc`" in second
        assert server.log.count("未知字段 `adress`") >= 2, server.log

        # fixed: the site again, without the panel
        save(data, good)
        page.wait_for_selector(PANEL, state="detached", timeout=120_000)
        page.wait_for_selector("h1:has-text('东街口党群服务中心')")
        screenshot(page, "preview-fixed")
    finally:
        server.stop()


def test_the_panel_escapes_what_the_file_holds():
    from generator.adapter import preview
    from generator.source.problems import Problem

    hostile = Problem("sites.yaml", 3, 5, "points[0].<img src=x onerror=alert(1)>", "unknown_field",
                      {"field": "<script>alert(1)</script>"}, hint="did_you_mean", hint_params={"name": "</li><b>"})
    html = preview.inject("<html><body class='x'><p>page</p></body></html>", preview.panel([hostile]))
    assert "<script>" not in html and "<img" not in html and "</li><b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.index(preview.PANEL_ID) > html.index("<body class='x'>") and html.index(preview.PANEL_ID) < html.index("<p>page")
