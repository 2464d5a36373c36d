"""Files an editor names in sites.yaml: always relative to docs/, and never outside it."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class Docs:
    """A project's docs/ folder, resolved once: a build checks thousands of photo names in it."""

    def __init__(self, root: Path) -> None:
        self.folder = (root / "docs").resolve()

    def confined(self, relative: str) -> Path | None:
        """The file a docs-relative path names, or None when it would leave docs/.

        Symlinks are followed before the check (resolve), so a link inside docs/ that points
        outside is refused like `../`; a path the system cannot even resolve (a link loop) is
        refused too.
        """
        if relative.startswith(("/", "\\")) or ":" in relative or "\\" in relative:
            return None
        return self._plain(relative) or self._resolved(relative)

    def _plain(self, relative: str) -> Path | None:
        """The path when none of its parts is a link, `..` or unreadable; else None, and `confined`
        resolves it in full. `Path.resolve` checks every folder from the file system's root: for
        3,000 photos that was a second of every build."""
        current = str(self.folder)
        for part in relative.split("/"):
            if part in ("", "."):
                continue
            if part == "..":
                return None
            current = os.path.join(current, part)
            try:
                if stat.S_ISLNK(os.lstat(current).st_mode):
                    return None
            except (FileNotFoundError, NotADirectoryError):
                pass  # as `resolve`: the rest of a path that is not there is taken as written
            except (OSError, ValueError):
                return None
        return Path(current)

    def _resolved(self, relative: str) -> Path | None:
        try:
            target = (self.folder / relative).resolve()
        except (OSError, RuntimeError, ValueError):  # a symlink loop (RuntimeError before Python 3.13)
            return None
        return target if target.is_relative_to(self.folder) else None


def confined(root: Path, relative: str) -> Path | None:
    """`Docs.confined` for one path."""
    return Docs(root).confined(relative)


def is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # e.g. a name longer than the file system allows
        return False


def shown(src_file: str, relative: str) -> str:
    """How a file under docs/ is named in a message: beside the sites.yaml it is shown with."""
    parent = src_file.replace("\\", "/").rpartition("/")[0]
    return f"{parent}/docs/{relative}" if parent else f"docs/{relative}"
