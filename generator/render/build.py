"""sites.yaml → {site path: file content}. Plain Python: nothing here imports MkDocs.

Each part of the site (pages, maps, downloads, board, field reference) is a module with a
`render(ctx) -> dict[str, str | bytes]`; this module runs them and checks the result.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from .. import paths
from . import board, exports, guard, maps, offline, offlineroute, pages, policy, printables, qr, reference, tiles
from .context import Context

STATIC = Path(__file__).parent.parent / "static"


def _static(ctx: Context) -> dict[str, bytes]:
    return {site_path: (STATIC / site_path.rsplit("/", 1)[1]).read_bytes() for site_path in (paths.SHOWCASE_CSS, paths.SHOWCASE_JS)}


def _tiles(ctx: Context) -> dict[str, bytes]:
    return tiles.render(ctx.tiles())


def renderers() -> list:
    """Every part of the site, in the order their files are listed."""
    return [pages.render, maps.render, _tiles, exports.render, qr.render, printables.render, offlineroute.render,
            board.render, reference.render, _static]


def build(ctx: Context, parallel: bool = False) -> dict[str, str | bytes]:
    """Every file of the site. `parallel`: on Linux with two cores or more, the pages are rendered
    here while a forked process renders everything else (maps, downloads, QR codes, printables),
    so a one-off build uses a second core; the files are the same either way."""
    ctx.cache.next_build()
    first, *rest = renderers()
    if parallel and sys.platform == "linux" and len(os.sched_getaffinity(0)) > 1:  # the cores this process may use
        ctx.itineraries(), ctx.tiles(), ctx.hasher()  # worked out once, before the fork, for both
        others = _Child(lambda: _render(ctx, rest))
        try:
            files = _render(ctx, [first])
        except BaseException:
            others.stop()  # not left running behind the error
            raise
        _add(files, others.result())
    else:
        files = _render(ctx, [first, *rest])
    # What a phone stores to see a route offline is read off the pages and maps just made.
    _add(files, offline.render(ctx, files))
    _require_local(ctx, files, allowed_loads(ctx) + tiles.templates(ctx.tiles()))
    unguarded = [path for path, content in files.items() if path.endswith(".html") and not policy.has_policy(content)]
    if unguarded:
        raise RuntimeError(f"HTML without a Content-Security-Policy (see render/policy.py): {', '.join(unguarded)}")
    return dict(sorted(files.items()))


def _render(ctx: Context, parts: list) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for render in parts:
        _add(files, render(ctx))
    return files


class _Child:
    """`work` run in a forked process: it starts with this process's memory (nothing is copied
    in) and sends its result back through a pipe; its error is raised here, with the child's
    traceback as a note."""

    def __init__(self, work: Callable[[], dict]) -> None:
        fork = multiprocessing.get_context("fork")
        self._receive, send = fork.Pipe(duplex=False)
        self._process = fork.Process(target=self._run, args=(work, send, self._receive), daemon=True)
        self._process.start()
        send.close()

    @staticmethod
    def _run(work: Callable[[], dict], send, receive) -> None:
        # The child's copy of the reading end, closed: if the parent dies, sending fails instead
        # of waiting for ever on a pipe only the child itself could read.
        receive.close()
        try:
            send.send((True, work()))
        except BaseException as error:  # noqa: BLE001 - every failure must reach the parent
            error.add_note("(in the process rendering maps, downloads and QR codes)\n" + traceback.format_exc())
            try:
                send.send((False, error))
            except Exception:  # an error that cannot be pickled
                send.send((False, RuntimeError(traceback.format_exc())))

    def result(self) -> dict:
        try:
            done, value = self._receive.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError("the process rendering maps, downloads and QR codes ended without a result "
                               f"(exit code {self._process.exitcode})") from None
        except BaseException:  # interrupted, or a result that cannot be unpickled
            self.stop()
            raise
        self._receive.close()
        self._process.join()
        if not done:
            raise value
        return value

    def stop(self) -> None:
        self._process.terminate()
        self._process.join()
        self._receive.close()


def _require_local(ctx: Context, files: dict[str, str | bytes], allowed: list[str]) -> None:
    """`guard.require_local`, a file's scan reused while its content and the allowed origins are
    those of the last build (under `mkdocs serve` most files are the very objects it made). One
    scan is kept per path, holding only what `files` holds."""
    scans = ctx.cache.get("outside loads", "by path", dict)
    allowed_key = tuple(allowed)
    found = []
    for path, content in files.items():
        if not path.lower().endswith(guard.TEXT_SUFFIXES):
            continue
        last = scans.get(path)
        if last is None or last[1] != allowed_key or last[0] != content:
            scans[path] = last = (content, allowed_key, guard.find_external({path: content}, allowed))
        found += last[2]
    for gone in scans.keys() - files.keys():
        del scans[gone]
    guard.refuse(found)


def _add(files: dict[str, str | bytes], more: dict[str, str | bytes]) -> None:
    for path, content in more.items():
        if path in files:
            raise RuntimeError(f"two renderers produced {path}")
        files[path] = content


def allowed_loads(ctx: Context) -> list[str]:
    """The only outside addresses a page may load from: the configured tile servers' origins,
    one per subdomain (what a browser requests, and what a Content-Security-Policy lists)."""
    return tiles.origins(ctx.tiles())


def source_only(ctx: Context) -> list[str]:
    """Files under docs/ the build reads but must not publish as they are: tile files and
    folders (only the tiles over the regions are published, from `tiles`)."""
    site = ctx.project.site
    layers = [site.tiles, *site.tiles.overlays] if site.tiles else []
    return [layer.file.rstrip("/") for layer in layers if layer.file]


def is_source_only(path: str, skipped: list[str]) -> bool:
    """Whether a docs-relative path is one of `source_only`'s files or inside one of its folders."""
    return any(path == s or path.startswith(s + "/") for s in skipped)


def write_tree(files: dict[str, str | bytes], target: Path) -> None:
    """Write generated files under target (paths come from validated ids only)."""
    for path, content in files.items():
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
