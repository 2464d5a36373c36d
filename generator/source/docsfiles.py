"""Files an editor names in sites.yaml: always relative to docs/, and never outside it."""

from __future__ import annotations

from pathlib import Path


def confined(root: Path, relative: str) -> Path | None:
    """The file a docs-relative path names, or None when it would leave docs/.

    Symlinks are followed before the check (resolve), so a link inside docs/ that points outside
    is refused like `../`; a path the system cannot even resolve (a link loop) is refused too.
    """
    docs = (root / "docs").resolve()
    if relative.startswith(("/", "\\")) or ":" in relative or "\\" in relative:
        return None
    try:
        target = (docs / relative).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop (RuntimeError before Python 3.13)
        return None
    return target if target.is_relative_to(docs) else None


def is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # e.g. a name longer than the file system allows
        return False


def shown(src_file: str, relative: str) -> str:
    """How a file under docs/ is named in a message: beside the sites.yaml it is shown with."""
    parent = src_file.replace("\\", "/").rpartition("/")[0]
    return f"{parent}/docs/{relative}" if parent else f"docs/{relative}"
