"""`init DIR`: a repository that holds only a site's data.

It gets what a site needs and nothing of the generator's code: mkdocs.yml, a starter sites.yaml
whose `$schema` line points at the schema written beside it (completion and hover in VS Code),
docs/, the CI files (generator/ci/), a pre-commit hook that runs the installed generator
offline, and requirements.txt pinning the generator to a git tag or a package on an index.
Everything is copied from files the wheel carries (generator/sitefiles/, generator/ci/).
"""

from __future__ import annotations

import shutil
import sys
from importlib import metadata
from pathlib import Path

from ..model import schema

PACKAGE = "belt-showcase"
HERE = Path(__file__).resolve().parents[1]
SITEFILES = HERE / "sitefiles"
# file in the package -> where it goes in the new repository
COPIES = {
    SITEFILES / "mkdocs.yml": "mkdocs.yml",
    SITEFILES / "sites.yaml": "sites.yaml",
    SITEFILES / "README.md": "README.md",
    SITEFILES / "gitignore": ".gitignore",
    SITEFILES / "pre-commit-config.yaml": ".pre-commit-config.yaml",
    SITEFILES / "docs": "docs",
    HERE / "ci" / "github-workflow.yml": ".github/workflows/site.yml",
    HERE / "ci" / "gitlab-ci.yml": ".gitlab-ci.yml",
}


def version() -> str:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "0.1.0"


def requirement(git: str | None, tag: str | None, index: str | None) -> str:
    """requirements.txt: the generator, pinned."""
    tag = tag or f"v{version()}"
    lines = ["# 生成器的版本:升级时改这里,然后重新安装(见 README.md)"]
    if git:
        url = git if git.startswith("git+") else f"git+{git}"
        # pip before 23.3 refuses `file:///path` in a requirement (no host); `localhost` works everywhere
        url = url.replace("git+file:///", "git+file://localhost/", 1)
        lines.append(f"{PACKAGE} @ {url}@{tag}")
    else:
        lines += [f"--index-url {index}", f"{PACKAGE}=={tag.removeprefix('v')}"]
    return "\n".join(lines) + "\n"


def create(target: Path, git: str | None, tag: str | None, index: str | None) -> list[str]:
    """Write the repository; returns the paths written, relative to target."""
    for source, name in COPIES.items():
        out = target / name
        out.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, out, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, out)
    (target / "requirements.txt").write_text(requirement(git, tag, index), encoding="utf-8", newline="\n")
    schema.write(str(target / "schema" / "sites.schema.json"))
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())


def main(directory: str, git: str | None, tag: str | None, index: str | None) -> int:
    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"错误: {target} 已存在且不是空目录 / {target} exists and is not an empty folder", file=sys.stderr)
        return 2
    if bool(git) == bool(index):
        print("错误: 请用 --git URL(加 --tag)或 --index URL 指明从哪里安装生成器 / "
              "say where the generator installs from: --git URL (with --tag) or --index URL", file=sys.stderr)
        return 2
    written = create(target, git, tag, index)
    print(f"{target}: 已写入 {len(written)} 个文件。下一步:cd {target},按 README.md 安装并检查。", file=sys.stderr)
    return 0
