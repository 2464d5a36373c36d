"""A one-off build renders the pages in this process and everything else in a forked one: the
files are the same as a build in one process, and a failure on either side stops the build with
its own message, leaving no process behind."""

import multiprocessing
import sys

import pytest

from conftest import FIXTURES, ROOT
from generator.paths import Urls
from generator.render import build, guard, maps, pages
from generator.render.context import Context
from generator.source import loader

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the worker is forked, on Linux only")


def context(folder) -> Context:
    loaded = loader.load(folder / "sites.yaml")
    return Context(loaded.project, loaded.root, Urls(True), None, "http://10.1.2.3/showcase/")


@pytest.mark.parametrize("folder", [FIXTURES / "site", ROOT], ids=["fixture", "sample"])
def test_the_same_files_in_one_process_or_two(folder, monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1})
    one = build.build(context(folder))
    two = build.build(context(folder), parallel=True)
    assert list(one) == list(two)
    assert [path for path in one if one[path] != two[path]] == []
    assert any(path.endswith("map.html") for path in two) and any(path.endswith(".kml") for path in two)


def test_an_error_in_the_worker_is_raised_with_its_message(monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1})

    def outside(ctx):
        raise guard.ExternalLoadError("1 outside load(s) in the built site: map.html: http://tiles.invalid/a.png")
    monkeypatch.setattr(maps, "render", outside)
    with pytest.raises(guard.ExternalLoadError, match="tiles.invalid") as raised:
        build.build(context(FIXTURES / "site"), parallel=True)
    assert any("in the process rendering maps" in note for note in raised.value.__notes__)
    assert multiprocessing.active_children() == []


def test_an_error_in_the_pages_stops_the_worker(monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1})

    def broken(ctx):
        raise ValueError("a page template failed")
    monkeypatch.setattr(pages, "render", broken)
    with pytest.raises(ValueError, match="a page template failed"):
        build.build(context(FIXTURES / "site"), parallel=True)
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_is_reported(monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(maps, "render", lambda ctx: __import__("os")._exit(3))
    with pytest.raises(RuntimeError, match="exit code 3"):
        build.build(context(FIXTURES / "site"), parallel=True)
