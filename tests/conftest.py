import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.browser import browser, phone  # noqa: F401  (fixtures shared by all browser tests)
from helpers.checkrun import TODAY, Result
from helpers.sample import Visit

from generator.commands import cli
from generator.source import loader
from generator.source.loader import load_project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def mkdocs_build(project: Path, out: Path) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` on a project folder, as a publisher would."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
        capture_output=True, text=True, env=env, cwd=project,
    )


def _built(project: Path, factory) -> Path:
    out = factory.mktemp(project.name) / "site"
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The end-to-end fixture project (tests/fixtures/site), built once per test run."""
    return _built(FIXTURES / "site", tmp_path_factory)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The project's own sample site (sites.yaml at the top), built once per test run."""
    return _built(ROOT, tmp_path_factory)


# Projects are loaded in fixtures, not at import: a data error then fails the tests that use the
# data, with its message, instead of stopping the whole collection.


@pytest.fixture(scope="session")
def site_project():
    """The end-to-end fixture's data (tests/fixtures/site/sites.yaml)."""
    return load_project(FIXTURES / "site" / "sites.yaml")


@pytest.fixture(scope="session")
def board_project():
    """The board fixture's data (tests/fixtures/board/sites.yaml), worked out by hand in test_board."""
    return load_project(FIXTURES / "board" / "sites.yaml")


@pytest.fixture(scope="session")
def sample_project():
    """The project's own sample data (sites.yaml at the top)."""
    return load_project(ROOT / "sites.yaml")


@pytest.fixture(scope="session")
def sample_visit(sample_project) -> Visit:
    """The sample's belt, point and route that browser tests visit, and each map's marker count."""
    return Visit.of(sample_project)


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A writable copy of the fixture project, for tests that change its files."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", target, ignore=shutil.ignore_patterns("site"))
    return target


@pytest.fixture
def check(monkeypatch, capsys):
    """Run the check command from tests/fixtures/ (so files show as `bad/…`), today fixed."""
    monkeypatch.chdir(FIXTURES)
    real_load = loader.load
    monkeypatch.setattr(loader, "load", lambda path, today=None, shown_as=None: real_load(path, TODAY, shown_as))

    def run(*args: str) -> Result:
        code = cli.main(["check", *args])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Result(code, captured.out, captured.err)

    return run
