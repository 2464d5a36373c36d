"""A repository that holds only a site's data, end to end: `init` scaffolds it, the generator
installs into a fresh venv from a local git URL and tag (as requirements.txt says), pre-commit
runs `check` through the scaffolded hook (offline: `repo: local`), and the site builds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from generator.commands.cli import main

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def git(where: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@localhost", "-c", "init.defaultBranch=main",
                    *args], cwd=where, check=True, capture_output=True)


def tagged_generator(tmp_path: Path) -> Path:
    """This checkout's generator as a git repository with the tag v0.1.0."""
    repo = tmp_path / "generator-repo"
    shutil.copytree(ROOT / "generator", repo / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "generator")
    git(repo, "tag", "v0.1.0")
    return repo


def fresh_venv(tmp_path: Path) -> tuple[Path, dict]:
    """A new venv whose dependencies come from this one (a .pth line): nothing to download but
    the build backend, and the generator itself must come from requirements.txt."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    site_packages = Path(sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"])
    (site_packages / "shared-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env['PATH']}", NO_MKDOCS_2_WARNING="1",
               PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    return venv, env


def commit(site: Path, env: dict, message: str) -> subprocess.CompletedProcess:
    return run(["git", "-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-q", "-m", message], site, env)


def run(args: list, where: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=where, env=env, capture_output=True, text=True)


def test_init_writes_a_site_whose_schema_line_resolves(tmp_path: Path):
    site = tmp_path / "site"
    assert main(["init", str(site), "--index", "https://pypi.intranet.example/simple"]) == 0
    first = (site / "sites.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./schema/sites.schema.json"
    assert (site / "schema" / "sites.schema.json").is_file()
    assert (site / "requirements.txt").read_text(encoding="utf-8").splitlines()[1:] == [
        "--index-url https://pypi.intranet.example/simple", "belt-showcase==0.1.0"]
    for name in ("mkdocs.yml", ".github/workflows/site.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml", "docs/about.md"):
        assert (site / name).is_file(), name
    hook = yaml.safe_load((site / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    assert hook["language"] == "system" and hook["always_run"] and not hook["pass_filenames"]


def test_init_refuses_a_folder_in_use_and_a_missing_source(tmp_path: Path, capsys):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x")
    assert main(["init", str(tmp_path / "used"), "--git", "file:///x"]) == 2
    assert main(["init", str(tmp_path / "new")]) == 2
    assert "--git URL" in capsys.readouterr().err and not (tmp_path / "new").exists()


def test_data_repository_end_to_end(tmp_path: Path):
    if shutil.which("git") is None:
        pytest.fail("git is missing") if os.environ.get("CI") else pytest.skip("git is missing")
    generator = tagged_generator(tmp_path)
    site = tmp_path / "site"
    assert main(["init", str(site), "--git", generator.as_uri(), "--tag", "v0.1.0"]) == 0
    venv, env = fresh_venv(tmp_path)
    python = venv / "bin" / "python"

    installed = run([python, "-m", "pip", "install", "--no-deps", "-q", "-r", "requirements.txt"], site, env)
    assert installed.returncode == 0, installed.stderr
    where = run([python, "-c", "import generator; print(generator.__file__)"], site, env).stdout
    assert where.startswith(str(venv)), where  # the tagged copy, not this checkout

    git(site, "init", "-q")
    assert run([PRE_COMMIT, "install"], site, env).returncode == 0
    git(site, "add", "-A")
    committed = commit(site, env, "site")
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert re.search(r"检查 sites\.yaml\.+Passed", committed.stderr), committed.stderr

    # deleting a photo that sites.yaml still shows: the hook runs on a deletion and stops the commit
    git(site, "rm", "-q", "docs/photos/example-01.svg")
    refused = commit(site, env, "remove the photo")
    assert refused.returncode == 1 and "找不到图片文件 `photos/example-01.svg`" in refused.stderr, refused.stderr
    git(site, "reset", "-q", "--hard")

    built = run([python, "-m", "generator", "build"], site, env)
    assert built.returncode == 0, built.stderr
    assert (site / "site" / "index.html").is_file() and (site / "site" / "points" / "example-01" / "index.html").is_file()


def test_the_wheel_carries_what_init_copies():
    from generator.commands import newsite

    declared = yaml.safe_load("[" + (ROOT / "pyproject.toml").read_text(encoding="utf-8")
                              .split("[tool.setuptools.package-data]")[1].split("generator = [")[1].split("]")[0] + "]")
    for source in newsite.COPIES:
        relative = source.relative_to(newsite.HERE).as_posix()
        top = relative.split("/")[0]
        assert f"{top}/*" in declared, relative
        if source.is_dir():
            assert f"{top}/**/*" in declared, relative
