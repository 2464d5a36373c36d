import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.browser import browser, phone  # noqa: F401  (fixtures shared by all browser tests)

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


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A writable copy of the fixture project, for tests that change its files."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", target, ignore=shutil.ignore_patterns("site"))
    return target
