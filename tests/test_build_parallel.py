"""A one-off build renders the pages in this process and everything else in a forked one: the
files are the same as a build in one process, and a failure on either side stops the build with
its own message, leaving no process behind."""

import gzip
import multiprocessing
import pickle
import shutil
import sys

import pytest

from conftest import FIXTURES, ROOT
from generator.paths import Urls
from generator.render import build, guard, mappage, maps, pages
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


def mkdocs_build_here(project, site, cores, monkeypatch):
    """`mkdocs build` in this process, seeing `cores` cores (one: no worker)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(cores)))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    # as `mkdocs build` does: a plugin instance an earlier test used under serve is reused
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)
    return config


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    shutil.copytree(FIXTURES / "site", tmp_path / "project")
    return tmp_path / "project"


def test_the_worker_writes_its_files_and_gzip_copies_and_the_site_is_the_same(project, tmp_path, monkeypatch):
    # A hand-written file replaces a generated one that was staged: it is published, with a gzip
    # copy of its own, and the staged one is not.
    (project / "docs" / "downloads").mkdir()
    (project / "docs" / "downloads" / "points.csv").write_text("编号,名称\n" + "p,手写的点位表\n" * 40, encoding="utf-8")
    old_stage = tmp_path / "two" / ".showcase-stage-1" / "points"  # left behind by a killed build
    old_stage.mkdir(parents=True)
    (old_stage / "old.html").write_text("<script src='http://cdn.invalid/x.js'></script>")
    mkdocs_build_here(project, tmp_path / "one", 1, monkeypatch)
    mkdocs_build_here(project, tmp_path / "two", 2, monkeypatch)
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert list(one) == list(two)
    assert [path for path in one if one[path] != two[path]] == []
    assert "points.csv.gz" in " ".join(two) and gzip.decompress(two["downloads/points.csv.gz"]).decode().count("手写") == 40
    assert sum(path.endswith("map.html.gz") for path in two) > 5
    assert [p.name for p in (tmp_path / "two").iterdir() if p.name.startswith(".")] == []


def test_a_failed_build_leaves_neither_the_stage_nor_a_site_folder(project, tmp_path, monkeypatch):
    def broken(ctx):
        import time
        time.sleep(2)  # the worker has written its files by then
        raise ValueError("a page template failed")
    monkeypatch.setattr(pages, "render", broken)
    with pytest.raises(ValueError, match="a page template failed"):
        mkdocs_build_here(project, tmp_path / "site", 2, monkeypatch)
    assert not (tmp_path / "site").exists()
    assert multiprocessing.active_children() == []


def test_letting_go_of_each_page_once_used_changes_no_byte(project, tmp_path, monkeypatch):
    from generator.adapter import incremental
    assert mkdocs_build_here(project, tmp_path / "lean", 2, monkeypatch).plugins["showcase"].lean
    monkeypatch.setattr(incremental, "KNOWN_PLUGINS", set())  # as with another plugin in mkdocs.yml
    mkdocs_build_here(project, tmp_path / "kept", 2, monkeypatch)
    assert tree(tmp_path / "lean") == tree(tmp_path / "kept")


def test_with_a_theme_override_nothing_is_let_go(project, tmp_path, monkeypatch):
    # An override may read `page.markdown` (a reading-time box) or another page's content.
    (project / "overrides").mkdir()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1),
                      encoding="utf-8")
    assert "custom_dir: overrides" in config.read_text(encoding="utf-8")
    assert not mkdocs_build_here(project, tmp_path / "site", 2, monkeypatch).plugins["showcase"].lean


def test_a_staged_file_changed_after_its_gzip_copy_gets_a_new_one(tmp_path):
    from generator.render import compress
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.css").write_text("body{color:red}" * 40)
    compress.precompress(site)
    (site / "a.css").write_text("body{color:blue}" * 40)  # as a plugin would after the worker packed it
    compress.precompress(site, done=frozenset({"a.css"}))
    assert gzip.decompress((site / "a.css.gz").read_bytes()) == (site / "a.css").read_bytes()


def test_a_stage_is_removed_when_python_exits_without_the_build_error_event(tmp_path):
    # Ctrl-C in `mkdocs build` skips on_build_error; the stage must not stay in site/.
    import subprocess
    folder = tmp_path / "site" / ".showcase-stage-1"
    code = ("import sys; from pathlib import Path; from generator.render.build import Stage, write_tree; "
            f"s = Stage(Path({str(folder)!r})); write_tree({{'points/a/map.html': 'x'}}, s.folder); "
            "sys.exit(1)")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False)
    assert (tmp_path / "site").is_dir() and not folder.exists()


def test_under_serve_the_worker_sends_back_only_changed_files_and_what_it_cached(tmp_path, monkeypatch):
    """`mkdocs serve` keeps one cache: the first build runs in one process (it makes the Jinja
    environments, which a worker could not send back), later ones fork. Each equals a clean build;
    the worker sends only the files that changed, and the cache ends up holding what it made."""
    from generator.render.context import BuildCache
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1})
    folder = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", folder, ignore=shutil.ignore_patterns("site"))
    cache, sent = BuildCache(), []
    real = build._taken_back
    monkeypatch.setattr(build, "_taken_back", lambda cache, back: sent.append(pickle.loads(back)[0]) or real(cache, back))

    def serve_build():
        loaded = loader.load(folder / "sites.yaml")
        return build.build(Context(loaded.project, loaded.root, Urls(True), None, "http://10.1.2.3/showcase/", cache),
                           parallel=True, keep=True)

    first = serve_build()
    assert sent == [] and cache.forkable  # in one process
    # the worker's first build: it compares with the files the first build made
    assert serve_build() == first and len(sent) == 1 and all(content is None for content in sent[0].values())
    sites = folder / "sites.yaml"
    sites.write_text(sites.read_text(encoding="utf-8").replace("name: 五四路商务楼宇党委", "name: 五四路商务楼宇联合党委"), encoding="utf-8")
    second = serve_build()
    assert second == build.build(context(folder)) and len(sent) == 2
    changed = {path for path in sent[1] if first.get(path) != second[path]}
    assert any(path.endswith("map.html") for path in changed) and not any(path.endswith("qr.svg") for path in changed)
    assert {path for path, content in sent[1].items() if content is not None} == changed
    assert serve_build() == second and all(content is None for content in sent[2].values())
    made = []
    real_page = mappage._page
    monkeypatch.setattr(mappage, "_page", lambda *a: made.append(a) or real_page(*a))
    assert build.build(Context(loader.load(folder / "sites.yaml").project, folder, Urls(True), None,
                               "http://10.1.2.3/showcase/", cache)) == second
    assert made == []  # the map pages the worker made came back into this process's cache


def test_under_serve_a_failed_worker_makes_the_next_build_run_in_one_process(monkeypatch):
    from generator.render.context import BuildCache
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1})
    cache = BuildCache()
    loaded = loader.load(FIXTURES / "site" / "sites.yaml")

    def serve_build():
        return build.build(Context(loaded.project, loaded.root, Urls(True), None, "http://10.1.2.3/showcase/", cache),
                           parallel=True, keep=True)
    first = serve_build()
    real = maps.render
    monkeypatch.setattr(maps, "render", lambda ctx: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError, match="disk full"):
        serve_build()
    assert not cache.forkable and multiprocessing.active_children() == []
    monkeypatch.setattr(maps, "render", real)
    assert serve_build() == first and cache.forkable


def test_a_cache_that_let_go_of_its_outputs_starts_the_next_build():
    from generator.render.context import BuildCache
    cache = BuildCache()
    cache.recent("downloads", "a", lambda: "made")
    cache.latest("maps", "k", lambda: "drawn")
    cache.let_go_of_outputs()
    cache.next_build()
    assert cache.recent("downloads", "a", lambda: "again") == "again"
    assert cache.latest("maps", "k", lambda: "again") == "again"
