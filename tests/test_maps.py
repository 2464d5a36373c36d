"""Maps: files and links, reproducible output, escaping, coordinates, and a real browser."""

import json
import posixpath
import re
from pathlib import Path

import pytest

from helpers.browser import ON_SCREEN, screenshot, serve, wait_until_still
from helpers.sitecheck import map_drawing as drawing
from generator.domain import geo
from generator.render import guard, mapassets, mappage, maps
from generator.source.loader import load
from generator.model import Project, Tiles
from generator.render.build import write_tree
from generator.render.context import Context

FIXTURE = Path(__file__).parent / "fixtures" / "maps" / "sites.yaml"
HOSTILE = "</script><img src=x onerror=alert(1)>\"' ${alert(2)} `"
HOSTILE_BELT = '台江<b>金融</b>示范带 & "江滨"'
TILES = Tiles(url="https://tiles.intranet.example/{z}/{x}/{y}.png", attribution="<b>内网</b>底图", crs="gcj02")
MAPS = ["map.html", "belts/gulou/map.html", "belts/taijiang/map.html", "routes/gulou-walk/map.html",
        "routes/taijiang-bus/map.html"] + [f"points/{p}/map.html" for p in
                                           ("gl-01", "gl-02", "gl-03", "gl-04", "gl-05", "tj-01", "tj-02", "cs-01")]


@pytest.fixture(scope="module")
def ctx():
    loaded = load(FIXTURE)
    assert loaded.project is not None, loaded.errors
    return Context(loaded.project, loaded.root)


def with_tiles(ctx, tiles=TILES):
    site = ctx.project.site.model_copy(update={"tiles": tiles})
    return Context(ctx.project.model_copy(update={"site": site}), ctx.root)


@pytest.fixture(scope="module")
def files(ctx):
    return maps.render(ctx)


def test_every_map_and_asset_is_produced(files):
    assert sorted(p for p in files if p.endswith("map.html")) == sorted(MAPS)
    for asset in (mapassets.LEAFLET_JS, mapassets.LEAFLET_CSS, mapassets.CLUSTER_JS, mapassets.SHOWCASE_JS,
                  mapassets.OUTLINE_JS, "assets/maps/leaflet/images/layers.png"):
        assert asset in files


@pytest.mark.parametrize("path", MAPS)
def test_maps_load_only_site_files_by_relative_paths(files, path):
    html = files[path]
    loads = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html)
    assert loads and all(not url.startswith(("/", "http")) for url in loads)
    for url in loads:
        assert posixpath.normpath(posixpath.join(posixpath.dirname(path), url)) in files
    assert not any(word in html for word in ("jquery", "bootstrap", "awesome", "font-awesome", "glyphicon"))
    assert "user-scalable=no" not in html and '<html lang="zh-CN">' in html
    assert guard.find_external({path: html}) == []


def test_rendering_twice_gives_identical_bytes(ctx):
    first = maps.render(Context(ctx.project, ctx.root))  # each with a fresh cache
    assert maps.render(Context(ctx.project, ctx.root)) == first


def test_an_unchanged_site_comes_from_the_cache(ctx, files, monkeypatch):
    maps.render(ctx)
    monkeypatch.setattr(maps, "_render", lambda *a: pytest.fail("rendered again"))
    assert maps.render(ctx) == files


def test_a_changed_point_reuses_the_folium_skeletons(ctx, files, monkeypatch):
    monkeypatch.setattr(mappage, "_figure", lambda *a: pytest.fail("folium ran again"))
    points = [p.model_copy(update={"name": "改名的示范点"}) if p.id == "tj-02" else p for p in ctx.project.points]
    changed = maps.render(Context(ctx.project.model_copy(update={"points": points}), ctx.root, cache=ctx.cache))
    # gl-05's map is the stop map of its first route, the walk, which tj-02 is not on
    assert sorted(path for path in files if changed[path] != files[path]) == [
        "belts/taijiang/map.html", "map.html", "points/tj-01/map.html", "points/tj-02/map.html",
        "routes/taijiang-bus/map.html"]


def test_hostile_names_stay_text(files):
    for path in MAPS:
        html = files[path]
        assert "<img" not in html and "</script><" not in html.replace("</script>\n", "")
        assert "<b>" not in html and "\u2028" not in html
    belt = drawing(files["belts/gulou/map.html"])
    assert belt["points"][2][3] == HOSTILE
    assert drawing(files["map.html"])["layers"][1]["name"] == HOSTILE_BELT
    assert "<title>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#x27; ${alert(2)} ` · 地图</title>" in \
        files["points/gl-03/map.html"]


def test_script_json_cannot_end_a_script():
    text = mappage.script_json({"a": "</script><!-- & \u2028\u2029"})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029"}


def test_overview_has_a_layer_per_belt_and_each_point_once(files):
    d = drawing(files["map.html"])
    assert [layer["name"] for layer in d["layers"]] == ["鼓楼区楼宇党建示范带", HOSTILE_BELT, "其他示范点"]
    assert [layer["color"] for layer in d["layers"]] == ["#c8102e", "#1f77b4", maps.OTHER_COLOR]
    assert sorted(p[2] for p in d["points"]) == sorted(["gl-01", "gl-02", "gl-03", "gl-04", "gl-05", "tj-01", "tj-02", "cs-01"])
    ids = [p[2] for p in d["points"]]
    assert [ids[i] for i in d["layers"][1]["line"]] == ["tj-01", "tj-02", "gl-05"]
    assert d["cluster"] and d["control"] and d["href"] == "points/{id}/"


def test_point_map_off_routes_highlights_the_point_among_its_belts(ctx):
    project = ctx.project
    no_routes = Context(Project(site=project.site, belts=project.belts, points=project.points), ctx.root)
    d = drawing(maps.render(no_routes)["points/gl-05/map.html"])
    ids = [p[2] for p in d["points"]]
    current = d["layers"][-1]["markers"]
    assert [ids[m[0]] for m in current] == ["gl-05"] and current[0][1:] == ["5", "current", "本站"]
    others = [(ids[m[0]], m[1], m[2]) for layer in d["layers"][:-1] for m in layer["markers"]]
    assert others == [("gl-01", "1", "faded"), ("gl-02", "2", "faded"), ("gl-03", "3", "faded"), ("gl-04", "4", "faded"),
                      ("tj-01", "1", "faded"), ("tj-02", "2", "faded")]
    assert d["href"] == "../../points/{id}/" and d["back"] == "./" and d["title"] == "三坊七巷红色文化广场"


def test_a_stop_map_marks_this_stop_and_the_next_and_the_leg_between(files):
    d = drawing(files["points/gl-02/map.html"])
    ids = [p[2] for p in d["points"]]
    (walk,) = d["layers"]
    assert walk["name"] == "鼓楼楼宇半日步行线" and walk["muted"]
    assert [(ids[m[0]], *m[1:]) for m in walk["markers"]] == [
        ("gl-01", "1", "start", "起点"), ("gl-02", "2", "current", "本站"), ("gl-03", "3", "next", "下一站"),
        ("gl-05", "4", "end", "终点")]
    assert walk["leg"] == [d["points"][1][:2], d["points"][2][:2]]  # no drawn path: straight
    bus_end = drawing(files["points/tj-02/map.html"])["layers"][0]
    assert [m[2] for m in bus_end["markers"]] == ["start", "current", "next"]
    path = [list(maps.display(lat, lon, "gcj02", "wgs84")) for lat, lon in [(26.0700, 119.3050)]]
    assert bus_end["leg"][1:-1] == path  # along the drawn path, through its vertex between the stops


def test_route_map_numbers_stops_and_follows_the_path(ctx, files):
    walk = drawing(files["routes/gulou-walk/map.html"])["layers"][0]
    assert [m[1:] for m in walk["markers"]] == [["1", "start", "起点"], ["2"], ["3"], ["4", "end", "终点"]]
    assert walk["line"] == [0, 1, 2, 3] and walk["dashed"]
    bus = drawing(files["routes/taijiang-bus/map.html"])["layers"][0]
    path = ctx.project.route("taijiang-bus").path
    assert bus["line"] == [list(maps.display(lat, lon, "gcj02", "wgs84")) for lat, lon in path] and not bus["dashed"]


def test_without_tiles_maps_are_wgs84_with_labels(ctx, files):
    d = drawing(files["belts/gulou/map.html"])
    gl01, gl04 = d["points"][0], d["points"][3]
    assert geo.distance_m(gl01[:2], geo.convert(26.0870, 119.2990, "gcj02", "wgs84")) < 0.1
    assert gl04[:2] == [26.1, 119.27]  # written in wgs84 already
    assert d["labels"] and not d["tiles"] and "L.tileLayer" not in files["map.html"]


def test_with_tiles_maps_use_the_tile_crs(ctx):
    tiled = maps.render(with_tiles(ctx))
    d = drawing(tiled["belts/gulou/map.html"])
    assert d["points"][0][:2] == [26.087, 119.299]  # gcj02 as written
    assert geo.distance_m(d["points"][3][:2], geo.convert(26.1, 119.27, "wgs84", "gcj02")) < 0.1
    assert not d["labels"] and d["locate"]["crs"] == "gcj02"
    html = tiled["belts/gulou/map.html"]
    assert '"https://tiles.intranet.example/{z}/{x}/{y}.png"' in html and "<b>" not in html
    assert guard.find_external(tiled, ["https://tiles.intranet.example/"]) == []


def test_a_tile_layer_from_elsewhere_is_refused(ctx, monkeypatch):
    monkeypatch.setattr(mappage.View, "allowed", property(lambda self: []))
    with pytest.raises(guard.ExternalLoadError, match="tiles.intranet.example"):
        maps.render(with_tiles(ctx, TILES.model_copy(update={"attribution": "changed, so not cached"})))


def test_outline_is_data_in_the_map_crs_without_properties(files):
    outline = files[mapassets.OUTLINE_JS]
    data = json.loads(outline.removeprefix("window.showcaseOutline = ").rstrip(";\n"))
    ring = data["geometries"][0]["coordinates"][0]
    assert ring[0] == [119.255, 26.04] and "示意轮廓" not in outline
    assert '<script src="../../assets/maps/outline.js">' in files["points/gl-01/map.html"]


def test_a_broken_outline_is_named(ctx, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "outline.geojson").write_text('{"type": "Feature", "geometry": {"type": "Circle"}}')
    with pytest.raises(ValueError, match="outline.geojson is not GeoJSON"):
        maps.render(Context(ctx.project, tmp_path))


def test_english_sites_get_english_maps(ctx):
    site = ctx.project.site.model_copy(update={"language": "en"})
    files = maps.render(Context(ctx.project.model_copy(update={"site": site}), ctx.root))
    html = files["routes/gulou-walk/map.html"]
    assert '<html lang="en">' in html and "鼓楼楼宇半日步行线 · map</title>" in html
    assert drawing(html)["locate"]["texts"]["button"] == "Show my position"


def test_an_empty_site_shows_its_region(ctx):
    empty = Context(Project(site=ctx.project.site.model_copy(update={"outline": None})), ctx.root)
    d = drawing(maps.render(empty)["map.html"])
    assert d["layers"] == []
    (south, west), (north, east) = d["bounds"]  # the gcj02 box, in wgs84
    assert [south, west, north, east] == pytest.approx([25.95, 119.15, 26.2, 119.45], abs=0.01)


# --- in Chromium -----------------------------------------------------------------------------

COUNTS = {"map.html": 8, "belts/gulou/map.html": 5, "belts/taijiang/map.html": 3, "points/gl-05/map.html": 4,
          "points/gl-03/map.html": 4, "points/cs-01/map.html": 1, "routes/gulou-walk/map.html": 4,
          "routes/taijiang-bus/map.html": 3}


@pytest.fixture
def site(files, tmp_path):
    write_tree(files, tmp_path)
    (tmp_path / "embed.html").write_text('<!DOCTYPE html><iframe src="belts/gulou/map.html" '
                                         'style="width:800px;height:500px"></iframe>', "utf-8")
    with serve(tmp_path) as base:
        yield base


def open_map(b, url):
    b.page.goto(url)
    b.page.wait_for_function("() => window.showcase && showcase.maps.length > 0")
    wait_until_still(b.page)  # Leaflet has finished fitting and the cluster has settled


def test_maps_draw_every_marker_offline(browser, site):
    dialogs = []
    browser.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path, count in COUNTS.items():
        open_map(browser, site + path)
        browser.page.wait_for_function(f"() => showcase.maps[0].markers() === {count}", timeout=5000)
        # What is on screen: each point once, as a marker or inside a cluster's count (waiting
        # because the cluster briefly shows old and new icons while it animates).
        browser.page.wait_for_function(f"() => ({ON_SCREEN})() === {count}", timeout=5000)
        screenshot(browser.page, "map-" + path.replace("/", "-").removesuffix(".html"))
    assert browser.outside == [] and browser.errors == [] and dialogs == []


def test_hostile_name_is_shown_as_text(browser, site):
    open_map(browser, site + "belts/gulou/map.html")
    page = browser.page
    assert page.locator('img[src="x"]').count() == 0
    assert HOSTILE in page.locator(".leaflet-tooltip").all_text_contents()
    page.locator(".sc-marker", has_text="3").click()
    link = page.locator(".sc-popup a")
    assert link.text_content() == HOSTILE and link.get_attribute("target") == "_top"
    assert link.evaluate("a => a.href") == site + "points/gl-03/"


def test_overview_layers_toggle_and_shared_points_stay(browser, site):
    open_map(browser, site + "map.html")
    page = browser.page
    assert page.locator(".leaflet-control-layers-overlays label").all_text_contents()[1].strip() == HOSTILE_BELT
    page.locator(".leaflet-control-layers-selector").nth(1).evaluate("input => input.click()")  # hide 台江
    page.wait_for_function("() => showcase.maps[0].markers() === 6")  # tj-01, tj-02 gone; gl-05 is also on 鼓楼
    page.locator(".leaflet-control-layers-selector").nth(0).evaluate("input => input.click()")  # hide 鼓楼
    page.wait_for_function("() => showcase.maps[0].markers() === 1")  # only the point on no belt
    assert browser.errors == []


def test_map_in_an_iframe(browser, site):
    browser.page.goto(site + "embed.html")
    frame = browser.page.frame_locator("iframe")
    frame.locator(".sc-marker").first.wait_for()
    assert frame.locator(".sc-marker").count() == 5
    screenshot(browser.page, "map-in-iframe")
    assert browser.outside == [] and browser.errors == []


def test_locate_me_converts_the_gps_position(browser, site):
    browser.context.grant_permissions(["geolocation"])
    browser.context.set_geolocation({"latitude": 26.0753, "longitude": 119.2965, "accuracy": 30})
    open_map(browser, site + "map.html")
    page = browser.page
    page.locator(".sc-locate a").click()
    page.wait_for_function("() => showcase.maps[0].map.getZoom() >= 16")
    center = page.evaluate("(c => [c.lat, c.lng])(showcase.maps[0].map.getCenter())")
    assert geo.distance_m(center, (26.0753, 119.2965)) < 1  # no tiles: maps are WGS-84 like GPS
    for crs in ("gcj02", "bd09"):
        js = page.evaluate(f"showcase.fromWgs(26.0753, 119.2965, '{crs}')")
        assert geo.distance_m(js, geo.convert(26.0753, 119.2965, "wgs84", crs)) < 0.01
    screenshot(page, "map-located")


def test_locate_me_explains_a_refusal(browser, site):
    open_map(browser, site + "routes/gulou-walk/map.html")
    browser.page.locator(".sc-locate a").click()
    message = browser.page.locator(".sc-message")
    message.wait_for(state="visible")
    browser.page.wait_for_function("() => document.querySelector('.sc-message').textContent !== '正在定位…'")
    assert message.text_content() == "未获得定位权限。"


def test_phone_view_of_a_route(phone, site):
    open_map(phone, site + "routes/gulou-walk/map.html")
    assert phone.page.locator(".sc-marker").count() == 4
    screenshot(phone.page, "map-route-phone")
    assert phone.outside == [] and phone.errors == []


def test_locate_me_explains_that_http_pages_get_no_position(browser, site):
    # Chromium counts 127.0.0.1 as secure; an intranet http:// address is not.
    browser.page.add_init_script("Object.defineProperty(window, 'isSecureContext', {value: false})")
    open_map(browser, site + "belts/gulou/map.html")
    browser.page.locator(".sc-locate a").click()
    assert browser.page.locator(".sc-message").text_content().startswith("浏览器只在 https 网址或本机上提供定位")


def test_tiles_come_only_from_the_configured_server(browser, ctx, tmp_path):
    write_tree(maps.render(with_tiles(ctx)), tmp_path)
    with serve(tmp_path) as base:
        open_map(browser, base + "routes/gulou-walk/map.html")
        browser.page.wait_for_function(f"() => ({ON_SCREEN})() === 4")
    assert browser.outside and all(url.startswith("https://tiles.intranet.example/") for url in browser.outside)
    assert all("Failed to load resource" in error for error in browser.errors)  # the blocked tiles
    assert browser.page.locator(".leaflet-control-attribution").text_content().endswith("<b>内网</b>底图")
