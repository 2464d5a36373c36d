"""A one-off build's files, published from the stage folder they were written into (see
render/build's `Stage`): the worker's maps, signs and offline routes, and the downloads.

The folder is hidden inside site/ (`.showcase-stage-<pid>`): MkDocs' cleaning keeps hidden
entries, and a hard link from there into site/ costs no copy. It is removed once the site is
written, or when the build fails; one left by a killed build is removed by the next.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from mkdocs.structure.files import File

PREFIX = ".showcase-stage-"


def folder(site_dir: Path) -> Path:
    """This build's stage folder, after removing any a killed build left behind."""
    if site_dir.is_dir():
        for entry in site_dir.iterdir():
            if entry.name.startswith(PREFIX) and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
    return site_dir / f"{PREFIX}{os.getpid()}"


class StagedFile(File):
    """A file written under the stage folder, published with its gzip copy (if the worker made
    one) by a hard link, or a copy where links are not possible."""

    def copy_file(self, dirty: bool = False) -> None:
        target = self.abs_dest_path
        os.makedirs(os.path.dirname(target), exist_ok=True)
        for suffix in ("", ".gz"):
            source = self.abs_src_path + suffix
            if suffix and not os.path.exists(source):
                continue
            with contextlib.suppress(FileNotFoundError):
                os.remove(target + suffix)  # a link would not replace an existing file
            try:
                os.link(source, target + suffix)
            except OSError:
                shutil.copyfile(source, target + suffix)
