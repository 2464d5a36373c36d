"""Base maps in Chromium at 390×844, served as publishers serve them.

An MBTiles base and an XYZ label folder published with a MkDocs-built site: served by nginx under
/showcase/ and, copied with `cp -r`, by Python's http.server; the route and stop maps show tiles
from the site itself and request nothing else. A stand-in 天地图 on 127.0.0.1 (its t0…t7 hosts
mapped there by Chromium's resolver) gets both layers' requests, each with its tk= key."""

from __future__ import annotations

import contextlib
import http.server
import json
import re
import shutil
import threading
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import FIXTURES, mkdocs_build
from helpers.browser import phone_browser, save_route_offline, screenshot, serve
from helpers.nginx import copy_site, nginx
from helpers.tiles import FUZHOU, png, tiles_over, write_mbtiles, write_xyz
from generator.render import maps, offline
from generator.render.build import write_tree
from generator.render.context import Context
from generator.source.loader import load

TILES = """\
  tiles:
    file: basemap.mbtiles
    attribution: 测试底图(MBTiles)
    max_zoom: 15
    overlays:
      - {file: labels, attribution: 测试注记(XYZ)}
"""
MAPS = ["routes/gulou-walk/map.html", "points/gl-02/map.html"]


@pytest.fixture(scope="module")
def tiled_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("tiled") / "project"
    shutil.copytree(FIXTURES / "site", project, ignore=shutil.ignore_patterns("site"))
    write_mbtiles(project / "docs" / "basemap.mbtiles", tiles_over(FUZHOU, range(12, 17)))
    write_xyz(project / "docs" / "labels", tiles_over(FUZHOU, [13, 14, 15]))
    source = (project / "sites.yaml").read_text(encoding="utf-8")
    (project / "sites.yaml").write_text(source.replace("  crs: wgs84\n", "  crs: wgs84\n" + TILES, 1), encoding="utf-8")
    out = project.parent / "site"
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    return out


LOADING_DONE = """() => {
    const loading = [];
    showcase.maps[0].map.eachLayer(l => l instanceof L.TileLayer && l.isLoading() && loading.push(l));
    return loading.length === 0;
}"""
"""Every tile layer has an answer (loaded or failed) for every tile in view."""


def show_tiles(b, url: str, name: str) -> list[str]:
    """Open a map full screen; wait until its tiles are drawn; the URLs the page requested."""
    requested: list[str] = []
    b.page.on("request", lambda r: requested.append(r.url))
    b.page.goto(url)
    b.page.wait_for_function("() => window.showcase && showcase.maps.length > 0")
    b.page.wait_for_function("""() => {
        const tiles = [...document.querySelectorAll('.leaflet-tile')];
        return tiles.length > 0 && tiles.every(t => t.complete) && !document.querySelector('.leaflet-tile:not(.leaflet-tile-loaded)');
    }""")
    screenshot(b.page, name)
    return requested


def assert_tiles_from_the_site(requested: list[str], base: str, b) -> None:
    assert requested and all(url.startswith(base) for url in requested), [u for u in requested if not u.startswith(base)]
    tiles = [url for url in requested if "/assets/tiles/" in url]
    assert {url.removeprefix(base).split("/")[2] for url in tiles} == {"0", "1"}  # the base and the labels
    assert all(re.fullmatch(r"assets/tiles/[01]/\d+/\d+/\d+\.png", url.removeprefix(base)) for url in tiles)
    assert b.outside == []  # no request outside
    assert b.failed == [] and b.errors == []  # no tile missing (404)


def test_the_source_files_are_not_published(tiled_site):
    assert not (tiled_site / "basemap.mbtiles").exists() and not (tiled_site / "labels").exists()
    assert (tiled_site / "assets/tiles/0/14").is_dir() and not (tiled_site / "assets/tiles/0/16").exists()


def test_mbtiles_on_nginx_under_a_sub_path(tiled_site, tmp_path, phone):
    with nginx(tiled_site, tmp_path / "nginx") as base:
        assert base.endswith("/showcase/")
        for path in MAPS:
            requested = show_tiles(phone, base + path, "basemap-nginx-" + path.split("/")[1])
            assert_tiles_from_the_site(requested, base, phone)
        attribution = phone.page.locator(".leaflet-control-attribution").text_content()
        assert attribution == "Leaflet | 测试底图(MBTiles), 测试注记(XYZ)"  # plain text, no flag
        assert phone.page.locator(".leaflet-control-attribution svg, .leaflet-control-attribution a").count() == 0


def test_mbtiles_from_a_copy_on_python_http_server(tiled_site, tmp_path, phone):
    copy = copy_site(tiled_site, tmp_path / "copy")
    with serve(copy) as base:
        for path in MAPS:
            requested = show_tiles(phone, base + path, "basemap-copy-" + path.split("/")[1])
            assert_tiles_from_the_site(requested, base, phone)


def test_a_route_saved_offline_keeps_its_base_map(tiled_site, phone):
    """离线保存本路线 saves the published tiles around the route's stops (whole zoom levels, within
    a budget): offline, the saved route map still draws its streets, and asks for nothing missing."""
    listed = json.loads((tiled_site / "routes/gulou-walk/offline.json").read_text(encoding="utf-8"))["files"]
    tiles = [f for f in listed if f.startswith("assets/tiles/")]
    assert tiles and len(tiles) <= offline.TILE_BUDGET and all((tiled_site / f).is_file() for f in tiles)
    assert {f.split("/")[2] for f in tiles} == {"0", "1"}  # the base and the labels
    with serve(tiled_site) as base:
        assert save_route_offline(phone.page, base + "routes/gulou-walk/").startswith("已保存")
        phone.context.set_offline(True)
        failed = []
        phone.page.on("requestfailed", lambda r: failed.append(r.url))
        phone.page.goto(base + "routes/gulou-walk/map.html")
        phone.page.wait_for_function("() => window.showcase && showcase.maps.length > 0")
        phone.page.wait_for_function(LOADING_DONE)
        screenshot(phone.page, "basemap-offline-route")
        drawn = phone.page.evaluate("() => [...document.querySelectorAll('.leaflet-tile-loaded')].map(t => t.src)")
    assert drawn and all(url.removeprefix(base) in tiles for url in drawn)
    assert failed == [] and phone.failed == [] and phone.outside == []


def test_the_edges_of_the_published_area_ask_for_no_missing_tile(tiled_site, phone):
    """Leaflet asks for a neighbour tile whose edge merely touches the layer's bounds unless the
    bounds sit just inside: look at each corner at each published zoom."""
    with serve(tiled_site) as base:
        show_tiles(phone, base + MAPS[0], "basemap-edges")
        corners = phone.page.evaluate("""() => {
            const layers = [];
            showcase.maps[0].map.eachLayer(l => l instanceof L.TileLayer && layers.push(l));
            const b = L.latLngBounds(layers[0].options.bounds);
            return [b.getSouthWest(), b.getNorthEast(), b.getNorthWest(), b.getSouthEast()].map(c => [c.lat, c.lng]);
        }""")
        for zoom in (12, 13, 14, 15):
            for corner in corners:
                phone.page.evaluate("([c, z]) => showcase.maps[0].map.setView(c, z, {animate: false})", [corner, zoom])
                phone.page.wait_for_function(LOADING_DONE)
    assert phone.failed == [] and phone.errors == []


# --- a stand-in 天地图 ---------------------------------------------------------------------------


class _Tianditu(http.server.BaseHTTPRequestHandler):
    """Answers /vec_w/wmts and /cva_w/wmts with a PNG tile (labels transparent); 403 without tk."""

    def do_GET(self):
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.server.seen.append((self.headers["Host"].split(":")[0], parts.path, query))
        layer = parts.path.split("/")[1]
        if query.get("tk") != "TESTKEY" or layer not in ("vec_w", "cva_w"):
            self.send_error(403)
            return
        z, x, y = int(query["TILEMATRIX"]), int(query["TILECOL"]), int(query["TILEROW"])
        body = png(z, x, y, "#e6f0d8", transparent=layer == "cva_w")
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def tianditu():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Tianditu)
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


WMTS = ("http://t{{s}}.tianditu.test:{port}/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}"
        "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk=TESTKEY")


def test_a_tianditu_base_and_label_layer_both_load_and_nothing_else(tmp_path):
    loaded = load(FIXTURES / "site" / "sites.yaml")
    with tianditu() as server:
        port = server.server_address[1]
        layer = {"subdomains": "01234567"}
        tiles = {"url": WMTS.format(port=port, layer="vec"), "attribution": "天地图 审图号:GS(2099)0000号(测试)",
                 "overlays": [{"url": WMTS.format(port=port, layer="cva"), **layer}], **layer}
        site = loaded.project.site.model_validate({**loaded.project.site.model_dump(), "tiles": tiles})
        project = loaded.project.model_validate({**loaded.project.model_dump(), "site": site.model_dump()})
        write_tree(maps.render(Context(project, loaded.root)), tmp_path)
        hosts = [f"t{n}.tianditu.test" for n in range(8)]
        with serve(tmp_path) as base, phone_browser(args=["--host-resolver-rules=MAP *.tianditu.test 127.0.0.1"],
                                                   hosts=hosts) as b:
            requested = show_tiles(b, base + "routes/gulou-walk/map.html", "basemap-tianditu")
            attribution = b.page.locator(".leaflet-control-attribution").text_content()
    own = [url for url in requested if url.startswith(base)]
    others = [url for url in requested if not url.startswith(base)]
    assert others and all(re.match(rf"http://t[0-7]\.tianditu\.test:{port}/(vec|cva)_w/wmts\?", url) for url in others)
    layers = {path for _, path, _ in server.seen}
    assert layers == {"/vec_w/wmts", "/cva_w/wmts"}
    assert all(query["tk"] == "TESTKEY" for _, _, query in server.seen)
    assert len({host for host, _, _ in server.seen}) > 1  # the requests spread over the subdomains
    assert len(own) + len(others) == len(requested) and b.outside == [] and b.errors == []
    assert attribution == "Leaflet | 天地图 审图号:GS(2099)0000号(测试)"
