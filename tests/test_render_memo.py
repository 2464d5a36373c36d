"""Outputs reused between builds (render/memo.py): unchanged pages and downloads are not made again,
and whatever an output shows (a neighbour's name, a template's text) makes it anew when it changes."""

from __future__ import annotations

import shutil

from pydantic import BaseModel

from generator.domain import tours
from generator import paths
from generator.paths import Urls
from generator.render import exportformats, mappage, memo, templating
from generator.render.build import build
from generator.render.context import BuildCache, Context
from generator.source import loader
from generator.source.loader import load_project

from conftest import FIXTURES

URL = "http://showcase.example.lan/"


def built(folder, cache: BuildCache, templates=None) -> dict:
    project = load_project(folder / "sites.yaml")
    return build(Context(project, folder, Urls(), templates, URL, cache))


def replaced(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def counting(monkeypatch, module, name: str) -> list:
    calls, real = [], getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(a) or real(*a, **k))
    return calls


def test_a_rebuild_of_the_same_data_renders_no_page_and_writes_no_download_again(monkeypatch):
    cache = BuildCache()
    first = built(FIXTURES / "site", cache)
    pages, kml = counting(monkeypatch, templating, "render"), counting(monkeypatch, exportformats, "kml")
    assert built(FIXTURES / "site", cache) == first
    rendered = [a[2] for a in pages]
    assert not [p for p in rendered if p.startswith(("points/", "belts/", "routes/"))], rendered
    assert kml == []


def test_a_neighbours_new_name_shows_on_the_pages_that_name_it(tmp_path):
    folder = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", folder, ignore=shutil.ignore_patterns("site"))
    cache = BuildCache()
    before = built(folder, cache)
    replaced(folder / "sites.yaml", "name: 五四路商务楼宇党委", "name: 五四路商务楼宇联合党委")
    after = built(folder, cache)
    assert after == built(folder, BuildCache())  # equals a clean build
    # gl-01's page says which stop comes next (gl-02): it changed though gl-01 did not.
    assert "五四路商务楼宇联合党委" in after["points/gl-01/index.md"]
    assert after["points/gl-01/index.md"] != before["points/gl-01/index.md"]
    assert after["points/gl-05/index.md"] == before["points/gl-05/index.md"]


def test_an_edited_template_renders_every_page_that_uses_it_again(tmp_path):
    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    partial = templates / "partials" / "map.md.j2"
    partial.write_text((templating.BUILTIN / "partials" / "map.md.j2").read_text(encoding="utf-8"), encoding="utf-8")
    cache = BuildCache()
    before = built(FIXTURES / "site", cache, templates)
    replaced(partial, "全屏查看地图", "全屏看地图")
    after = built(FIXTURES / "site", cache, templates)
    assert after == built(FIXTURES / "site", BuildCache(), templates)
    assert "全屏看地图" in after["points/gl-05/index.md"] and after != before


def test_under_serve_only_the_edited_record_is_hashed_again_and_only_changed_maps_are_made_again(tmp_path, monkeypatch):
    """With what one reading of sites.yaml leaves for the next (as the plugin keeps it under
    `mkdocs serve`), unchanged records are the same objects, hashed once; the maps whose drawing
    did not change are reused; the site equals a clean build."""
    folder = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", folder, ignore=shutil.ignore_patterns("site"))
    kept, cache = loader.Kept(), BuildCache()

    def rebuilt() -> dict:
        loaded = loader.load(folder / "sites.yaml", kept=kept)
        return build(Context(loaded.project, folder, Urls(), None, URL, cache))
    first = rebuilt()
    replaced(folder / "sites.yaml", "name: 五四路商务楼宇党委", "name: 五四路商务楼宇联合党委")
    pickled, maps = counting(monkeypatch, memo.pickle, "dumps"), counting(monkeypatch, mappage, "_page")
    after = rebuilt()
    monkeypatch.undo()
    assert after == built(folder, BuildCache())
    assert [type(a[0]).__name__ for a in pickled if isinstance(a[0], BaseModel)] == ["Point"]
    changed = {path for path in first if path.endswith("map.html") and after[path] != first[path]}
    assert changed and {a[1] for a in maps} == changed  # made again: exactly the maps that changed


def test_under_serve_the_board_is_made_again_only_when_what_it_shows_changed(tmp_path, monkeypatch):
    """A point renamed leaves the board as it was (it shows no point's name): it is not worked
    out again. Its status changed, it is. A file written as the benchmark writes it: the loader
    holds each repeated text once, so equal values are not always the same objects."""
    from benchmarks.datasets import dataset
    from benchmarks.projects import write_data
    from generator.render import board

    folder = tmp_path / "site"
    write_data(folder, dataset(60))
    sites = folder / "sites.yaml"
    kept, cache = loader.Kept(), BuildCache()

    def rebuilt() -> dict:
        return build(Context(loader.load(sites, kept=kept).project, folder, Urls(), None, URL, cache))
    rebuilt()
    made = counting(monkeypatch, board._Board, "tables")
    text = sites.read_text(encoding="utf-8")
    name = text.split("\n    name: ")[40].split("\n")[0]  # a point's, well into the file
    sites.write_text(text.replace(f"name: {name}", f"name: {name[:-1]}改{name[-1]}", 1), encoding="utf-8")
    after = rebuilt()
    assert made == []
    status = 'status: "demonstration"'
    sites.write_text(text.replace(status, status.replace("demonstration", "cultivating"), 1), encoding="utf-8")
    again = rebuilt()
    assert len(made) == 1 and again[paths.BOARD] != after[paths.BOARD]
    assert again[paths.BOARD] == built(folder, BuildCache())[paths.BOARD]


def test_under_serve_a_route_keeps_its_itinerary_until_its_route_stops_or_settings_change(tmp_path):
    folder = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", folder, ignore=shutil.ignore_patterns("site"))
    kept, cache = loader.Kept(), BuildCache()

    def itineraries() -> dict:
        loaded = loader.load(folder / "sites.yaml", kept=kept)
        return Context(loaded.project, folder, Urls(), None, URL, cache).itineraries()
    first = itineraries()
    replaced(folder / "sites.yaml", "name: 五四路商务楼宇党委", "name: 五四路商务楼宇联合党委")  # gl-02, a gulou-walk stop
    second = itineraries()
    assert second["taijiang-bus"] is first["taijiang-bus"]
    assert second["gulou-walk"] is not first["gulou-walk"]
    assert second["gulou-walk"].stops[1].point.name == "五四路商务楼宇联合党委"
    loaded = loader.load(folder / "sites.yaml")
    assert second == {route.id: tours.itinerary(loaded.project, route) for route in loaded.project.routes}


def test_under_serve_a_renamed_checklist_item_of_the_site_shows_on_every_page_that_lists_it(tmp_path):
    """The site's checklist items are hashed once and stand for themselves in every page's key
    (memo.Hasher `shared`): a new name must still reach every page that lists the item."""
    folder = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", folder, ignore=shutil.ignore_patterns("site"))
    items = {"route": "一条线路", "logo": "一个红色标识", "centre": "一个中心", "square": "一个广场", "corridor": "一条长廊"}
    own = ("  checklists:\n    five-ones:\n      name: 五个一\n      applies_to: belt\n      items:\n"
           + "".join(f"        - {{id: {key}, name: {name}}}\n" for key, name in items.items()) + "  crs: wgs84\n")
    replaced(folder / "sites.yaml", "  crs: wgs84\n", own)
    kept, cache = loader.Kept(), BuildCache()

    def rebuilt() -> dict:
        loaded = loader.load(folder / "sites.yaml", kept=kept)
        assert loaded.project, [p.format() for p in loaded.errors]
        return build(Context(loaded.project, folder, Urls(), None, URL, cache))
    first = rebuilt()
    belt_pages = [path for path in first if path.startswith("belts/") and "一个红色标识" in str(first[path])]
    assert len(belt_pages) == 2  # both belts have their five-ones filled in
    replaced(folder / "sites.yaml", "name: 一个红色标识}", "name: 一块红色标识牌}")
    after = rebuilt()
    assert after == built(folder, BuildCache())
    assert all("一块红色标识牌" in after[path] and "一个红色标识" not in after[path] for path in belt_pages)


def test_a_hasher_is_freed_without_the_cycle_collector(site_project):
    """A one-off build freezes the collector while MkDocs renders the pages (plugin
    `_keep_out_of_collections`): a Hasher in a reference cycle would keep every record alive
    until the build ends (at 10,000 points, 70 MB more at the build's peak)."""
    import gc
    import weakref

    ctx = Context(site_project, FIXTURES / "site")
    ctx.hasher().digest(site_project.points[0])
    hasher = weakref.ref(ctx.hasher())
    gc.disable()
    try:
        ctx._hasher = None
        assert hasher() is None
    finally:
        gc.enable()


def _leaves(value, path=()):
    """(path, value) of every scalar in parsed YAML, lists of scalars as one leaf."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        for n, item in enumerate(value):
            yield from _leaves(item, (*path, n))
    else:
        yield path, value


def _changed(value):
    """Another value of the same kind: what an editor's edit of that field could be (the next
    member of a choice such as a point's kind, another colour, a list in another order)."""
    from generator.model import LabelledEnum

    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return round(value + 0.0013, 6)
    if isinstance(value, str):
        for choice in LabelledEnum.__subclasses__():
            codes = [member.value for member in choice]
            if value in codes:
                return codes[(codes.index(value) + 1) % len(codes)]
        return "#2ca02c" if value.startswith("#") else value + "改"
    if isinstance(value, list):
        return list(reversed(value)) if len(value) > 1 else [*value, "新增一项"]
    return None


def _left_out(model: str, record: dict) -> list[tuple[str, object]]:
    """The fields of `model` the record leaves out, each with a value an editor could write:
    the data model's example, else the next choice after its default (a point's status)."""
    from generator.model.schema import model_schema

    fields = model_schema()["definitions"][model]["properties"]
    added = []
    for name, field in fields.items():
        if name in record:
            continue
        value = field["examples"][0] if field.get("examples") else _changed(field.get("default"))
        if value not in (None, [], {}):
            added.append((name, value))
    return added


def test_under_serve_an_edit_of_any_field_gives_what_a_clean_build_gives(tmp_path):
    """Pages, maps, printables and the board key a value made from records (a stop's legs, a
    map's drawing, a point's checklist outcomes) by the records it is made from (Context.render_derived,
    maps' `made_from`). Each field of a point on two belts and a route, of a belt, of a route and
    of the site is set where the fixture leaves it out, then edited in turn; after each edit the
    rebuild with serve's cache equals a clean build, file for file."""
    import yaml

    folder = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", folder, ignore=shutil.ignore_patterns("site"))
    sites = folder / "sites.yaml"
    data = yaml.safe_load(sites.read_text(encoding="utf-8"))
    kept, cache = loader.Kept(), BuildCache()

    def rebuilt() -> dict | None:
        loaded = loader.load(sites, kept=kept)
        return build(Context(loaded.project, folder, Urls(), None, URL, cache)) if loaded.project else None

    def edit(holder, key, new) -> bool:
        """The edit, kept and checked; undone when the loader refuses it (an id, a colour, a date)."""
        old = holder.get(key) if isinstance(holder, dict) else holder[key]
        holder[key] = new
        sites.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        after = rebuilt()
        if after is None:
            if old is None and isinstance(holder, dict):
                del holder[key]
            else:
                holder[key] = old
            return False
        assert after == built(folder, BuildCache()), (key, new)
        return True
    rebuilt()
    records = [("points", 7, "Point"), ("belts", 1, "Belt"), ("routes", 0, "Route"), ("routes", 1, "Route")]  # gl-08 is on both belts
    added = {name for section, n, model in records for name, value in _left_out(model, data[section][n])
             if edit(data[section][n], name, value)}
    added |= {name for name, value in _left_out("Site", data["site"]) if edit(data["site"], name, value)}
    assert {"status", "checklists", "honours", "start_year"} <= added, added
    leaves = [(section, n, *path) for section, n, _ in records for path, _ in _leaves(data[section][n]) if path[0] != "id"]
    leaves += [("site", *path) for path, _ in _leaves(data["site"])]
    edited = 0
    for path in leaves:
        holder = data
        for key in path[:-1]:
            holder = holder[key]
        new = _changed(holder[path[-1]])
        if new is not None and edit(holder, path[-1], new):
            edited += 1
    assert edited >= 50, edited


def test_under_serve_a_photo_replaced_under_its_name_is_inlined_anew_in_the_offline_route_file(tmp_path):
    """The offline route file holds each stop's photos as data: URLs, and stands for them in its
    key by their files' size and time (reading every photo on each save took longer than the
    rest): a photo replaced under the same name, or grown past the limit, changes the file."""
    import base64
    import os

    from generator.render import offlineroute

    folder = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", folder, ignore=shutil.ignore_patterns("site"))
    (folder / "docs" / "photos").mkdir()
    photo = folder / "docs" / "photos" / "gl-01.svg"
    photo.write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="3" fill="red"/></svg>', encoding="utf-8")
    replaced(folder / "sites.yaml", "\n  - id: gl-02\n", "\n    photos: [{src: photos/gl-01.svg, caption: 东门}]\n  - id: gl-02\n")
    cache, page = BuildCache(), paths.offline_route("gulou-walk")

    def inlined(site: dict) -> bool:
        return base64.b64encode(photo.read_bytes()).decode() in site[page]
    first = built(folder, cache)
    assert inlined(first)
    photo.write_text(photo.read_text(encoding="utf-8").replace("red", "blue"), encoding="utf-8")
    os.utime(photo, ns=(1, 1))  # a copy that keeps an old time: the size and time still differ from before
    second = built(folder, cache)
    assert inlined(second) and second == built(folder, BuildCache())
    photo.write_bytes(b"<svg>" + b" " * offlineroute.PHOTO_MAX_BYTES + b"</svg>")
    third = built(folder, cache)
    assert not inlined(third) and third == built(folder, BuildCache())


def test_under_serve_the_whole_sites_downloads_remake_only_the_edited_points_parts(tmp_path, monkeypatch):
    """Each point's part of the whole site's four downloads is kept while its place is the same
    object (only when the cache outlives the build: a one-off build would only hold them)."""
    folder = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", folder, ignore=shutil.ignore_patterns("site"))
    kept, cache = loader.Kept(), BuildCache()

    def rebuilt() -> dict:
        return build(Context(loader.load(folder / "sites.yaml", kept=kept).project, folder, Urls(), None, URL, cache), keep=True)
    rebuilt()
    made = counting(monkeypatch, exportformats, "place_part")
    replaced(folder / "sites.yaml", "name: 五四路商务楼宇党委", "name: 五四路商务楼宇联合党委")
    after = rebuilt()
    monkeypatch.undo()
    assert sorted(a[2] for a in made) == ["csv", "geojson", "gpx", "kml"]  # one point's four parts
    assert after == built(folder, BuildCache())
