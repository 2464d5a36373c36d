"""Measuring one build (time, peak memory, bytes per page type) and live-preview latency."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

MEASURE = """
import resource, sys, time
from mkdocs.__main__ import cli
start = time.perf_counter()
try:
    cli(sys.argv[1:], standalone_mode=False)
finally:
    print("BENCH", time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
"""
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def build(folder: Path) -> dict:
    """One `mkdocs build` of the project in `folder`, into a site folder of its own.

    Each build writes a new folder (`site-1`, `site-2`, …: the run's temporary folder goes at the
    end) instead of deleting the last build's first. On ext4 without a journal, as on the
    benchmark machines, a new file skips every inode freed in the last minute, scanning past each:
    deleting a site of ~13,000 files seconds before building another made a build 0.5–5 s slower,
    and more so the more files it writes (ours writes a gzip copy of each). That is the cost of
    deleting right before building, not of building; a fresh clone never pays it (see README)."""
    site = folder / f"site-{len(list(folder.glob('site-*'))) + 1}"
    result = subprocess.run([sys.executable, "-c", MEASURE, "build", "-q", "-f", str(folder / "mkdocs.yml"), "-d", str(site)],
                            capture_output=True, text=True, env=ENV, cwd=folder)
    line = [x for x in result.stderr.splitlines() if x.startswith("BENCH ")]
    if result.returncode != 0 or not line:
        raise SystemExit(f"build failed in {folder}:\n{result.stderr[-3000:]}")
    _, seconds, rss_kb, worker_kb = line[-1].split()
    # the build's own process, and the largest process it forked (the worker rendering maps and
    # downloads, which shares the build's memory pages until either writes to them)
    return {"seconds": float(seconds), "peak_mb": int(rss_kb) / 1024, "worker_peak_mb": int(worker_kb) / 1024,
            "pages": len(list(site.rglob("*.html"))), "bytes": page_bytes(site)}


def page_bytes(site: Path) -> dict:
    """Average size of each kind of file a visitor downloads."""
    def average(pattern: str) -> float:
        files = list(site.glob(pattern))
        return sum(f.stat().st_size for f in files) / max(1, len(files))

    index = site / "search" / "search_index.json"
    return {"home": average("index.html"), "belt_page": average("belts/*/index.html"), "point_page": average("points/*/index.html"),
            "route_page": average("routes/*/index.html"), "point_map": average("points/*/map.html"),
            "overview_map": average("map.html"), "search_index": index.stat().st_size if index.exists() else 0}


def preview(folder: Path, data: dict, dirty: bool = True, repeat: int = 3) -> dict:
    """Seconds from saving an edit of sites.yaml to `mkdocs serve --dirty` (the preview the README
    recommends; plain `serve` with `dirty=False`) showing it: a point's name, then a belt's name
    (which every page of the belt and the nav show), each `repeat` times on different records,
    by the median (a save lands anywhere in the server's half-second polling of the file)."""
    middle = len(data["points"]) // 2
    points, belts = data["points"][middle:middle + repeat], data["belts"][:repeat]
    with _served(folder, dirty, f"points/{points[0]['id']}/", points[0]["name"]) as base:
        results = {}
        for key, records, kind in (("point_edit", points, "points"), ("belt_edit", belts, "belts")):
            edits = [(f"{kind}/{r['id']}/", r["name"] + "(已更名)",
                      lambda r=r: _rename(folder / "sites.yaml", r["name"], r["name"] + "(已更名)")) for r in records]
            results[key], results[key + "_all"] = _timed_edits(base, edits)
        return results


def page_preview(folder: Path, data: dict, repeat: int = 3) -> dict:
    """The engine's own floor for the same edit: seconds from saving one point's page, in the
    project of the files we export (`write_same`), to `mkdocs serve --dirty` showing it, with
    no plugin; `repeat` pages, by the median."""
    middle = len(data["points"]) // 2
    points = data["points"][middle:middle + repeat]
    with _served(folder, True, f"points/{points[0]['id']}/", points[0]["name"]) as base:
        edits = [(f"points/{r['id']}/", r["name"] + "(已更名)",
                  lambda r=r: _retitle(folder / "docs" / "points" / r["id"] / "index.md", r["name"] + "(已更名)"))
                 for r in points]
        seconds, times = _timed_edits(base, edits)
        return {"page_edit": seconds, "page_edit_all": times}


@contextlib.contextmanager
def _served(folder: Path, dirty: bool, first_url: str, first_text: str):
    """`mkdocs serve` on the project, once its first build shows `first_text`; its address."""
    port = _free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-q", *(["--dirty"] if dirty else []), "-a", f"127.0.0.1:{port}",
               "-f", str(folder / "mkdocs.yml")]
    server = subprocess.Popen(command,
                              cwd=folder, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base + first_url, first_text, timeout=1800)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _timed_edits(base: str, edits: list) -> tuple[float, list[float]]:
    """Each (page URL, text it will show, save) timed from the save to the page showing the text."""
    times = []
    for url, text, save in edits:
        epoch = _epoch(base + url)
        save()
        start = time.perf_counter()
        _wait_as_a_browser(base, url, text, epoch, timeout=600)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def _retitle(page: Path, title: str) -> None:
    """Change a Markdown page's first heading, as an editor saves it."""
    text = page.read_text(encoding="utf-8")
    changed = re.sub(r"^# .*$", lambda _: "# " + title, text, count=1, flags=re.MULTILINE)
    assert changed != text, page
    page.write_text(changed, encoding="utf-8")


def _rename(sites: Path, old: str, new: str) -> None:
    """Change one record's name, as an editor saves the file (datasets.to_yaml quotes names)."""
    text = sites.read_text(encoding="utf-8")
    before, after = f"name: {json.dumps(old, ensure_ascii=False)}\n", f"name: {json.dumps(new, ensure_ascii=False)}\n"
    assert text.count(before) == 1, old
    sites.write_text(text.replace(before, after), encoding="utf-8")


def _epoch(url: str) -> int:
    """The site version `mkdocs serve` wrote into the page's live-reload script."""
    with urllib.request.urlopen(url, timeout=60) as response:
        return int(re.search(r"livereload\((\d+),", response.read().decode("utf-8")).group(1))


def _wait_as_a_browser(base: str, url: str, text: str, epoch: int, timeout: float) -> None:
    """As the open page does: one long-poll request until a newer site is ready, then a reload
    (asking the server for the page every few milliseconds would slow the build it waits for)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{base}livereload/{epoch}/1", timeout=timeout) as response:
            epoch = int(float(response.read()))
        with urllib.request.urlopen(base + url, timeout=60) as response:
            if text in response.read().decode("utf-8"):
                return
    raise SystemExit(f"{base + url} did not show {text!r} within {timeout} s")


def _wait_for(url: str, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pattern = re.escape(text)
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if re.search(pattern, response.read().decode("utf-8")):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {text!r} within {timeout} s")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

