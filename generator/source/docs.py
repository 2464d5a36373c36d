"""What docs/ holds, beyond the files sites.yaml names: MkDocs publishes all of it.

A symbolic link leading out of docs/ would publish what it points to (MkDocs follows links), so
it is refused whether or not anything refers to it; so is an SVG that could run script or load
from outside (svg.py), wherever it lies under docs/.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import svg
from .docsfiles import shown
from .problems import Problem


def problems(root: Path, yaml_file: str) -> list[Problem]:
    """Links out of docs/ and unsafe SVG files anywhere under root/docs/."""
    docs = root / "docs"
    if not docs.is_dir():
        return []
    real_docs = os.path.realpath(docs)
    found: list[Problem] = []
    for folder, dirs, files in os.walk(docs):  # links to folders are not walked into
        for name in sorted(dirs) + sorted(files):
            path = Path(folder, name)
            relative = path.relative_to(docs).as_posix()
            if path.is_symlink() and not _leads_inside(path, real_docs):
                found.append(Problem(shown(yaml_file, relative), 1, 1, "", "symlink_outside",
                                     {"path": relative, "target": os.readlink(path)}, hint="symlink"))
            elif not path.is_symlink() and name.lower().endswith(svg.SUFFIXES) and path.is_file():
                found += svg.problems(path, shown(yaml_file, relative))
    return found


def _leads_inside(link: Path, real_docs: str) -> bool:
    try:
        target = os.path.realpath(link, strict=True)
    except (OSError, RuntimeError):  # broken, or a loop
        return False
    return os.path.commonpath([target, real_docs]) == real_docs
