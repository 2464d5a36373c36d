"""sites.yaml → {site path: file content}. Plain Python: nothing here imports MkDocs.

Each part of the site (pages, maps, downloads, board, field reference) is a module with a
`render(ctx)` giving {site path: content}, or several such dicts one after the other (a staged
build writes each away before the next is made); this module runs them and checks the result.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import sys
import traceback
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path

from .. import paths
from . import board, compress, exports, guard, maps, offline, offlineroute, pages, policy, printables, qr, reference, tiles
from .context import BuildCache, Context

STATIC = Path(__file__).parent.parent / "static"


def _static(ctx: Context) -> dict[str, bytes]:
    return {site_path: (STATIC / site_path.rsplit("/", 1)[1]).read_bytes() for site_path in (paths.SHOWCASE_CSS, paths.SHOWCASE_JS)}


def _tiles(ctx: Context) -> dict[str, bytes]:
    return tiles.render(ctx.tiles())


def renderers() -> list:
    """Every part of the site, in the order their files are listed."""
    return [pages.render, maps.render, _tiles, exports.render, qr.render, printables.render, offlineroute.render,
            board.render, reference.render, _static]


def build(ctx: Context, parallel: bool = False, stage: Stage | None = None, keep: bool = False) -> dict[str, str | bytes | Staged]:
    """Every file of the site. `parallel`: on Linux with two cores or more, the pages are rendered
    here with the downloads while a forked process renders the rest (maps, QR codes, printables),
    so a build uses a second core; the files are the same either way. With a `stage`, all but
    the Markdown pages are written under its folder and come back as `Staged`. `keep`: the
    cache outlives the build (`mkdocs serve`): what the worker made comes back into it, and the
    worker sends only the files that changed since its last build."""
    ctx.cache.next_build()
    ctx.cache.outlives = keep
    parts = renderers()
    # Here: the pages (MkDocs reads them from memory) and the downloads, which even out the two
    # processes' work (at 1,000 points ~4.5 s here, ~4 s in the worker with its writing).
    here = [render for render in parts if render in (pages.render, exports.render)]
    rest = [render for render in parts if render not in here]
    cores = len(os.sched_getaffinity(0)) if sys.platform == "linux" else 1  # the cores this process may use
    if parallel and cores > 1 and (ctx.cache.forkable or not keep):
        ctx.itineraries(), ctx.tiles(), ctx.hasher()  # worked out once, before the fork, for both
        others = _Child(lambda: _others(ctx, rest, stage, keep), stage.finish if stage else None)
        try:
            files = _render(ctx, here, stage)  # staged: the downloads too, not held until MkDocs publishes them
            back = others.result(last=stage is None)
            _add(files, _taken_back(ctx.cache, back) if keep else back)
        except BaseException:
            others.stop()  # not left running behind the error
            ctx.cache.forkable = False  # under `mkdocs serve` the next build runs in one process
            raise
        if stage:
            stage.worker = others
    else:
        files, theirs = _render(ctx, here), _render(ctx, rest)
        _add(files, theirs)
        if keep:  # the first build under `mkdocs serve`: every environment is made here, and the
            # worker of the next build sends back only what differs from these files
            ctx.cache.forkable, ctx.cache.worker_files = True, theirs
    # What a phone stores to see a route offline is read off the pages and maps just made.
    _add(files, offline.render(ctx, _Contents(files)))
    _check(ctx, files)
    return dict(sorted(files.items()))


class Staged:
    """In `build`'s result: a file written under the stage's folder, not held in memory.
    `packed`: the worker makes its gzip copy (when the stage says so)."""

    __slots__ = ("file", "packed")

    def __init__(self, file: Path, packed: bool = False) -> None:
        self.file, self.packed = file, packed

    def read(self) -> bytes:
        return self.file.read_bytes()


class Stage:
    """A folder a parallel build writes its files into instead of holding them until MkDocs
    publishes them: the worker's, instead of sending them back, and the downloads (a
    1,000-point site's are some 55 MB in memory). With `gzip`, the worker then writes its files' gzip
    copies beside them (see compress) while this process goes on; `wait` before reading the
    folder, `discard` when done or failed."""

    def __init__(self, folder: Path, gzip: bool = False) -> None:
        self.folder, self.gzip = folder, gzip
        self.worker: _Child | None = None
        self.packing: list[Path] = []  # in the worker: the files whose gzip copies it makes
        self._new_parent = not folder.parent.exists()  # a failed build leaves no empty site folder
        # Removed when Python exits too (Ctrl-C skips MkDocs' build-error event); a forked worker
        # ends without running exit handlers, so it never removes it.
        self._remove = weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)

    def finish(self) -> None:  # in the worker, after its files are sent
        compress.precompress_files(self.packing)

    def wait(self) -> None:
        """Every staged file and gzip copy written; the worker's error, if it had one."""
        worker, self.worker = self.worker, None
        if worker:
            worker.result()

    def discard(self) -> None:
        if self.worker:
            self.worker.stop()
            self.worker = None
        self._remove()
        if self._new_parent and self.folder.parent.is_dir() and not any(self.folder.parent.iterdir()):
            self.folder.parent.rmdir()


def _others(ctx: Context, parts: list, stage: Stage | None, keep: bool = False):
    """In the worker: what `parts` render, sent back, or staged (their gzip copies made after);
    `keep`: only the changed files are sent back, with what went into the cache (`_taken_back`)."""
    if keep:
        ctx.cache.noting()
    files = _render(ctx, parts, stage, packed=bool(stage and stage.gzip))
    if keep:
        last = ctx.cache.worker_files
        return _sendable({path: None if last.get(path) == content else content for path, content in files.items()},
                         ctx.cache.notes_to_send())
    if stage is None:
        return files
    stage.packing = [content.file for content in files.values() if isinstance(content, Staged)] if stage.gzip else []
    return files


def _sendable(files: dict, notes: list) -> bytes:
    """Files and cache notes pickled together (a changed map page is in both: it goes once), and
    whether every note could be; a note that cannot (a Jinja environment the worker made) is left
    out, so that the next build runs in one process and makes it there."""
    try:
        return pickle.dumps((files, notes, True), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - any value that will not pickle
        return pickle.dumps((files, [note for note in notes if _pickles(note)], False), protocol=pickle.HIGHEST_PROTOCOL)


def _pickles(value) -> bool:
    try:
        pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        return True
    except Exception:  # noqa: BLE001
        return False


def _taken_back(cache: BuildCache, sent: bytes) -> dict[str, str | bytes]:
    """In this process, what a worker `_others` sent with `keep`: its files (None: as in its
    last build), and what it put in the cache."""
    files, notes, complete = pickle.loads(sent)
    cache.take_notes(notes)
    cache.forkable = complete
    cache.worker_files = {path: cache.worker_files[path] if content is None else content for path, content in files.items()}
    return cache.worker_files


def _to_stage(ctx: Context, files: dict, stage: Stage, packed: bool = False) -> dict[str, str | bytes | Staged]:
    """`files` written under the stage's folder once checked, but for the Markdown pages (MkDocs
    reads them from memory; they are checked with the rest at the end): those as they are, the
    others as `Staged`."""
    kept = {path: content for path, content in files.items() if path.endswith(".md")}
    written = {path: content for path, content in files.items() if path not in kept}
    _check(ctx, written, reuse=False)  # before anything is written
    write_tree(written, stage.folder)
    return kept | {path: Staged(stage.folder / path, packed) for path in written}


class _Contents(Mapping):
    """The files with staged ones read from their folder when asked for (the offline lists read
    a few maps and stylesheets)."""

    def __init__(self, files: dict) -> None:
        self._files = files

    def __getitem__(self, path: str) -> str | bytes:
        content = self._files[path]
        return content.read() if isinstance(content, Staged) else content

    def __iter__(self):
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def _check(ctx: Context, files: dict, reuse: bool = True) -> None:
    """No outside load, and every HTML page with its policy (a staged file was checked before it
    was written). `reuse`: the last build's scans of unchanged files (see `_require_local`)."""
    held = {path: content for path, content in files.items() if not isinstance(content, Staged)}
    allowed = allowed_loads(ctx) + tiles.templates(ctx.tiles())
    if reuse:
        _require_local(ctx, held, allowed)
    else:
        guard.require_local(held, allowed)
    unguarded = [path for path, content in held.items() if path.endswith(".html") and not policy.has_policy(content)]
    if unguarded:
        raise RuntimeError(f"HTML without a Content-Security-Policy (see render/policy.py): {', '.join(unguarded)}")


def _render(ctx: Context, parts: list, stage: Stage | None = None, packed: bool = False) -> dict[str, str | bytes | Staged]:
    """What `parts` render; with a `stage`, each dict a part gives is staged (see `_to_stage`)
    before the next is made, and the cache lets go of what it kept for it (a one-off build: a
    point's place in the downloads is then made again for its belt's and routes' sets, which
    costs far less time than holding every set costs memory)."""
    files: dict[str, str | bytes | Staged] = {}
    for render in parts:
        made = render(ctx)
        for some in [made] if isinstance(made, dict) else made:
            if stage:
                some = _to_stage(ctx, some, stage, packed)
                ctx.cache.let_go_of_outputs()
            _add(files, some)
    return files


class _Child:
    """`work` run in a forked process: it starts with this process's memory (nothing is copied
    in) and sends its result back through a pipe; its error is raised here, with the child's
    traceback as a note. `then`, if given, runs in it after the result is sent: `result()` once
    more waits for it."""

    def __init__(self, work: Callable[[], dict], then: Callable[[], None] | None = None) -> None:
        fork = multiprocessing.get_context("fork")
        self._receive, send = fork.Pipe(duplex=False)
        self._process = fork.Process(target=self._run, args=(work, then, send, self._receive), daemon=True)
        self._process.start()
        send.close()

    @staticmethod
    def _run(work: Callable[[], dict], then, send, receive) -> None:
        # The child's copy of the reading end, closed: if the parent dies, sending fails instead
        # of waiting for ever on a pipe only the child itself could read.
        receive.close()
        try:
            send.send((True, work()))
            if then:
                then()
                send.send((True, None))
        except BaseException as error:  # noqa: BLE001 - every failure must reach the parent
            error.add_note("(in the process rendering maps, QR codes and printables)\n" + traceback.format_exc())
            try:
                send.send((False, error))
            except Exception:  # an error that cannot be pickled
                send.send((False, RuntimeError(traceback.format_exc())))
        # Ended here, without flushing the standard streams or anything else on the way out:
        # under `mkdocs serve` the server's threads were running when this process was forked,
        # and a lock one of them held then (stderr's, while logging a request) stays held here.
        os._exit(0)

    def result(self, last: bool = True):
        """The next thing the child sends; `last`: nothing more is awaited, the child has ended."""
        try:
            done, value = self._receive.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError("the process rendering maps, QR codes and printables ended without a result "
                               f"(exit code {self._process.exitcode})") from None
        except BaseException:  # interrupted, or a result that cannot be unpickled
            self.stop()
            raise
        if last or not done:
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
    made = set()  # each folder made once: most files share theirs
    for path, content in files.items():
        out = target / path
        if out.parent not in made:
            out.parent.mkdir(parents=True, exist_ok=True)
            made.add(out.parent)
        out.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
