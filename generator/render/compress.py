"""Precompressed copies beside the built site's text files (`page.html` → `page.html.gz`).

A server that sends them as they are (nginx `gzip_static`; Apache and IIS rules in the README)
gives a phone on a weak signal a page in a quarter of the bytes, with no compression work per
request. Reproducible: gzip's header holds no file name and mtime 0, so the same site gives
byte-identical `.gz` files. No `.br`: brotli at a quality worth having (11) took 15 times gzip's
time for 20 % fewer bytes, and Debian's nginx cannot send `.br` files without an extra module.
"""

from __future__ import annotations

import gzip
import itertools
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SUFFIXES = {".html", ".htm", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".csv", ".geojson", ".gpx", ".kml"}
MIN_BYTES = 256
"""Smaller files gain nothing worth a second file (a packet carries 1,400 bytes either way)."""
OWN_GZIP = {"sitemap.xml"}
"""MkDocs writes `sitemap.xml.gz` itself."""


def gz(data: bytes) -> bytes:
    """gzip at its default level (9 saved under 1 % more, at twice the time)."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def precompress(site_dir: Path, done: frozenset[str] = frozenset()) -> int:
    """Write NAME.gz beside every text file that shrinks, but those in `done` (site paths whose
    copy was made already) whose copy is still as new as the file; returns how many were written."""
    return precompress_files(_to_pack(str(site_dir), done))


def _to_pack(root: str, done: frozenset[str]):
    """The files under root, found one folder at a time (a 10,000-point site has some 70,000:
    a list of them all took tens of megabytes)."""
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            if not (os.path.relpath(path, root).replace(os.sep, "/") in done and _fresh(path)):
                yield path


def _fresh(path: str) -> bool:
    """Whether path's gzip copy was written after the file was (a file changed since, by a plugin
    or a page written over it, needs a new copy)."""
    try:
        return os.stat(path + ".gz").st_mtime_ns >= os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return False


def precompress_files(files) -> int:
    """`precompress` for these files (paths; those that are text and not MkDocs' own)."""
    texts = (os.fspath(path) for path in files
             if os.path.splitext(path)[1].lower() in SUFFIXES and os.path.basename(path) not in OWN_GZIP
             and os.path.isfile(path))
    written = 0
    # zlib lets go of the interpreter lock while it compresses: threads use every core. A few
    # hundred files at a time: `map` makes a task for every file it is given at once.
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        while batch := list(itertools.islice(texts, 256)):
            written += sum(pool.map(_precompress_one, batch))
    return written


def _precompress_one(path: str) -> bool:
    with open(path, "rb") as file:
        data = file.read()
    packed = gz(data) if len(data) >= MIN_BYTES else data
    if len(packed) < len(data):
        with open(path + ".gz", "wb") as file:
            file.write(packed)
        return True
    return False
