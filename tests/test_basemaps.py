"""Base maps a publisher really has: an MBTiles file or an XYZ folder published with the site (only
the tiles over its regions), or an intranet tile server with a label overlay (天地图 vec_w +
cva_w). `check` explains a file that cannot work; the build publishes tiles as static files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from helpers.tiles import BEIJING_TILE, FUZHOU, png, tiles_over, write_mbtiles, write_xyz
from generator.render import build, tiles
from generator.render.context import Context
from generator.source import tilesets
from generator.source.loader import load

HEAD = """\
site:
  title: 底图测试
  regions:
    - {name: 福州市, south: 25.95, west: 119.15, north: 26.2, east: 119.45}
  crs: wgs84
"""
POINTS = """\
points:
  - {id: gl-01, name: 东街口党群服务中心, kind: community, level: city, district: 鼓楼区, address: 东街 1 号, lat: 26.087, lon: 119.299}
"""
ZOOMS = range(12, 15)


def project(tmp_path: Path, tiles_yaml: str) -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    path = tmp_path / "sites.yaml"
    path.write_text(HEAD + textwrap.indent(textwrap.dedent(tiles_yaml), "  ") + POINTS, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    return [p.format() for p in load(path, shown_as="sites.yaml").errors]


MBTILES = "tiles:\n  file: basemap.mbtiles\n  attribution: 测试底图\n"


def test_an_mbtiles_file_is_read_in_xyz_terms(tmp_path):
    write_mbtiles(tmp_path / "a.mbtiles", [(12, 3418, 1747)])
    tileset = tilesets.open_tileset(tmp_path / "a.mbtiles", None)
    assert list(tileset.stored) == [(12, 3418, 1747)] and tileset.tms  # stored as row 4095 - 1747


@pytest.mark.parametrize("make, expected", [
    (lambda docs: None,
     "sites.yaml:7:11: 错误: site.tiles.file: 找不到瓦片文件或文件夹 `basemap.mbtiles`\n"
     "    提示:把 .mbtiles 文件或 XYZ 瓦片文件夹({z}/{x}/{y}.png)放进 docs/ 下,路径相对 docs/ 书写"),
    (lambda docs: (docs / "basemap.mbtiles").write_bytes(b"not a database, just text " * 100),
     "sites.yaml:7:11: 错误: site.tiles.file: 瓦片文件 `basemap.mbtiles` 无法读取(file is not a database)\n"
     "    提示:文件可能没有复制完整:重新复制,或重新导出(QGIS:生成 XYZ 瓦片(MBTiles))"),
    (lambda docs: write_mbtiles(docs / "basemap.mbtiles", tiles_over(FUZHOU, ZOOMS), tms=False),
     "sites.yaml:7:11: 错误: site.tiles.file: `basemap.mbtiles` 的行号按 TMS 顺序读时,没有一块瓦片在 site.regions 内;"
     "按 XYZ 顺序读才在:行号顺序反了\n"
     "    提示:在这一层写 `tms: false`,或重新导出:.mbtiles 按 TMS(行号自南向北),XYZ 文件夹按 XYZ(自北向南)"),
    (lambda docs: write_mbtiles(docs / "basemap.mbtiles", [BEIJING_TILE]),
     "sites.yaml:7:11: 错误: site.tiles.file: `basemap.mbtiles` 在缩放级别 0~18 没有瓦片落在 site.regions 内"
     "(瓦片范围:纬度、经度 39.84~39.91, 116.37~116.46)\n"
     "    提示:导出本站区域的瓦片,或检查 site.regions、tiles.crs 和本层的 min_zoom/max_zoom"),
    (lambda docs: write_mbtiles(docs / "basemap.mbtiles", tiles_over(FUZHOU, [12]), data=b"\x1f\x8b gzip pbf"),
     "sites.yaml:7:11: 错误: site.tiles.file: `basemap.mbtiles` 中的瓦片 12/3404/1740 不是 PNG、JPEG 或 WebP 图片\n"
     "    提示:重新导出瓦片,格式选 PNG、JPEG 或 WebP(矢量瓦片 pbf 不支持)"),
], ids=["missing", "corrupt", "rows-flipped", "outside-regions", "not-images"])
def test_check_explains_a_tile_file_that_cannot_work(tmp_path, make, expected):
    path = project(tmp_path, MBTILES)
    make(tmp_path / "docs")
    assert problems(path) == [expected]


def test_check_warns_when_the_site_would_carry_too_many_tiles(tmp_path):
    """Every zoom to 20 over the fixture area (inside the region) is some 60,000 tiles: a warning
    (the build may go on) that names the zoom which stays under the limit, and its tile count."""
    (tmp_path / "docs").mkdir()
    stored = tiles_over(FUZHOU, range(12, 21))
    write_mbtiles(tmp_path / "docs" / "basemap.mbtiles", stored, data=png(12, 0, 0, "#f4e9c8"))
    up_to_19 = sum(1 for t in stored if t[0] <= 19)
    assert len(stored) > tilesets.MANY_TILES >= up_to_19
    path = project(tmp_path, "tiles:\n  file: basemap.mbtiles\n  attribution: 测试底图\n  max_zoom: 20\n")
    loaded = load(path, shown_as="sites.yaml")
    assert loaded.errors == [] and [p.format() for p in loaded.warnings if p.key == "tiles_many"] == [
        f"sites.yaml:7:11: 警告: site.tiles.file: `basemap.mbtiles` 将随网站发布 {len(stored)} 块瓦片(超过 20000 块):"
        "网站变大,构建、复制和上传都变慢\n"
        f"    提示:在这一层写 `max_zoom: 19`(发布 {up_to_19} 块),或缩小 site.regions 和 tiles.margin_km"]
    path = project(tmp_path, "tiles:\n  file: basemap.mbtiles\n  attribution: 测试底图\n  max_zoom: 19\n")
    assert [p for p in load(path).problems if p.key.startswith("tiles")] == []


def test_check_explains_a_tms_folder_and_accepts_it_when_told(tmp_path):
    write_xyz(tmp_path / "docs" / "xyz", tiles_over(FUZHOU, ZOOMS), tms=True)
    path = project(tmp_path, "tiles:\n  file: xyz\n  attribution: 测试底图\n")
    assert problems(path) == [
        "sites.yaml:7:11: 错误: site.tiles.file: `xyz` 的行号按 XYZ 顺序读时,没有一块瓦片在 site.regions 内;"
        "按 TMS 顺序读才在:行号顺序反了\n"
        "    提示:在这一层写 `tms: true`,或重新导出:.mbtiles 按 TMS(行号自南向北),XYZ 文件夹按 XYZ(自北向南)"]
    path = project(tmp_path, "tiles:\n  file: xyz\n  tms: true\n  attribution: 测试底图\n")
    assert problems(path) == []


def test_check_wants_a_url_or_a_file_and_keeps_files_inside_docs(tmp_path):
    path = project(tmp_path, "tiles:\n  attribution: 测试底图\n  overlays:\n    - {file: ../outside.mbtiles}\n")
    assert problems(path) == [
        "sites.yaml:7:5: 错误: site.tiles: 写 `url` 或 `file` 二者之一\n"
        "    提示:内网瓦片服务写 url;随网站发布的 .mbtiles 文件或 XYZ 瓦片文件夹写 file(相对 docs/)",
        "sites.yaml:9:16: 错误: site.tiles.overlays[0].file: 路径 `../outside.mbtiles` 不在 docs/ 目录内\n"
        "    提示:把 .mbtiles 文件或 XYZ 瓦片文件夹({z}/{x}/{y}.png)放进 docs/ 下,路径相对 docs/ 书写"]


def test_the_old_single_url_form_still_loads(tmp_path):
    path = project(tmp_path, "tiles:\n  url: https://tiles.intranet.example/{z}/{x}/{y}.png\n  attribution: 内网底图\n"
                             "  crs: gcj02\n  max_zoom: 17\n")
    loaded = load(path)
    assert loaded.errors == [] and loaded.project.site.tiles.max_zoom == 17
    plan = tiles.plan(loaded.project.site, loaded.root)
    assert tiles.origins(plan) == ["https://tiles.intranet.example/"]


def test_only_tiles_over_the_regions_are_published_up_to_max_zoom(tmp_path):
    wanted = tiles_over(FUZHOU, range(12, 16))
    (tmp_path / "docs").mkdir()
    write_mbtiles(tmp_path / "docs" / "basemap.mbtiles", wanted + [BEIJING_TILE])
    write_xyz(tmp_path / "docs" / "labels", tiles_over(FUZHOU, [13, 14]))
    path = project(tmp_path, MBTILES + "  max_zoom: 14\n  overlays:\n    - {file: labels, attribution: 注记}\n")
    loaded = load(path)
    assert loaded.errors == []
    files = build.build(Context(loaded.project, loaded.root))
    base = sorted(p for p in files if p.startswith("assets/tiles/0/"))
    assert base == sorted(f"assets/tiles/0/{z}/{x}/{y}.png" for z, x, y in wanted if z <= 14)
    assert files[base[0]][:8] == b"\x89PNG\r\n\x1a\n"
    assert len([p for p in files if p.startswith("assets/tiles/1/")]) == len(tiles_over(FUZHOU, [13, 14]))
    route_map = files["points/gl-01/map.html"]
    assert '"../../assets/tiles/0/{z}/{x}/{y}.png"' in route_map and '"../../assets/tiles/1/{z}/{x}/{y}.png"' in route_map
    assert '"maxNativeZoom":14' in route_map and build.allowed_loads(Context(loaded.project, loaded.root)) == []
    assert build.source_only(Context(loaded.project, loaded.root)) == ["basemap.mbtiles", "labels"]


TIANDITU = """\
tiles:
  url: "http://t{s}.tianditu.test:PORT/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=TESTKEY"
  subdomains: "01234567"
  attribution: 天地图 审图号:GS(2099)0000号(测试)
  overlays:
    - url: "http://t{s}.tianditu.test:PORT/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cva&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=TESTKEY"
      subdomains: "01234567"
"""


def test_a_tianditu_setup_names_every_subdomain_it_loads_from(tmp_path):
    loaded = load(project(tmp_path, TIANDITU.replace("PORT", "8080")))
    assert loaded.errors == []
    ctx = Context(loaded.project, loaded.root)
    assert build.allowed_loads(ctx) == [f"http://t{n}.tianditu.test:8080/" for n in range(8)]
    files = build.build(ctx)  # the guard passes: the maps load only from those hosts
    html = files["points/gl-01/map.html"]
    assert html.count("L.tileLayer(") == 2 and "tk=TESTKEY" in html and "审图号" in html


def test_a_relative_tile_url_is_a_path_inside_the_site_from_every_map(tmp_path):
    loaded = load(project(tmp_path, "tiles:\n  url: tiles/{z}/{x}/{-y}.png\n  attribution: 站内瓦片\n"))
    assert loaded.errors == []
    ctx = Context(loaded.project, loaded.root)
    files = build.build(ctx)
    assert 'L.tileLayer("tiles/{z}/{x}/{-y}.png"' in files["map.html"]
    assert 'L.tileLayer("../../tiles/{z}/{x}/{-y}.png"' in files["points/gl-01/map.html"]
    assert build.allowed_loads(ctx) == []


@pytest.mark.parametrize("url", ["javascript:{z}{x}{y}", "file:///tiles/{z}/{x}/{y}.png", "../tiles/{z}/{x}/{y}.png",
                                 "https://tiles.example/{z}/{x}.png"])
def test_a_tile_url_that_cannot_work_is_refused(tmp_path, url):
    found = problems(project(tmp_path, f"tiles:\n  url: '{url}'\n  attribution: 底图\n"))
    assert len(found) == 1 and found[0].startswith("sites.yaml:7:10: 错误: site.tiles.url: 取值")


def test_export_leaves_the_tile_file_out_and_writes_its_tiles(project_copy):
    from generator.commands.cli import main

    write_mbtiles(project_copy / "docs" / "basemap.mbtiles", tiles_over(FUZHOU, [12, 13]))
    source = (project_copy / "sites.yaml").read_text(encoding="utf-8")
    (project_copy / "sites.yaml").write_text(source.replace("  crs: wgs84\n", "  crs: wgs84\n  " + MBTILES.replace("\n  ", "\n    "), 1),
                                             encoding="utf-8")
    out = project_copy / "out" / "docs"
    assert main(["export", str(out), str(project_copy / "sites.yaml"), "-f", str(project_copy / "mkdocs.yml")]) == 0
    assert not (out / "basemap.mbtiles").exists() and (out / "about.md").is_file()
    assert len(list((out / "assets/tiles/0").rglob("*.png"))) == len(tiles_over(FUZHOU, [12, 13]))
