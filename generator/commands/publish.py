"""Building the site so that a failure never leaves a half-built site/ behind.

MkDocs cleans site/ and then writes page by page; a failure halfway would leave a broken site on
the intranet. We build into a fresh folder beside it and swap only after MkDocs succeeded.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..render import guard


def build_site(config_file: Path, site_dir: Path, engine: str = "mkdocs") -> int:
    """`engine` is a module run as `python -m engine build`: mkdocs, or its drop-in fork properdocs."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    command = [sys.executable, "-m", engine, "build", "--strict", "-f", str(config_file), "-d", str(staging)]
    if subprocess.run(command).returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"构建失败,{site_dir} 保持不变 / build failed; {site_dir} left as it was", file=sys.stderr)
        return 1
    swap(staging, site_dir)
    print(f"网站已生成:{site_dir}", file=sys.stderr)
    return 0


def swap(new: Path, target: Path) -> None:
    """Replace target with new using renames, so readers see the old or the new site, never a mix."""
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def scan_site(site_dir: Path, allowed: list[str]) -> int:
    """What the plugin checks after every build, for a site built without it (Zensical): 1 and
    each file and address if a page, stylesheet or script would load from another host."""
    if not site_dir.is_dir():
        print(f"错误: {site_dir} 不是目录 / {site_dir} is not a folder", file=sys.stderr)
        return 2
    files = {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*"))
             if p.is_file() and p.suffix.lower() in guard.TEXT_SUFFIXES}
    try:
        guard.require_local(files, allowed)
    except guard.ExternalLoadError as error:
        print(f"错误: {error}", file=sys.stderr)
        return 1
    print(f"{site_dir}: {len(files)} 个文件均不从外部加载资源 / nothing loads from another host", file=sys.stderr)
    return 0
