"""The orientation layer: a publisher's GeoJSON of roads, rivers, metro lines and parks, plus
landmarks, checked with file:line messages and drawn muted under the route of every map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT
from helpers.browser import screenshot, serve
from generator.domain import geo
from generator.render import mapassets, maps
from generator.render.context import Context
from generator.source import geojson
from generator.source.loader import load

SITE = """\
site:
  title: 方位测试
  regions:
    - {name: 福州市, south: 25.95, west: 119.15, north: 26.2, east: 119.45}
  crs: gcj02
  orientation:
    file: maps/streets.geojson
    crs: gcj02
    attribution: 道路为示意
    landmarks:
      - {name: 地铁东街口站, lat: 26.0868, lon: 119.298, kind: 地铁}
points:
  - {id: gl-01, name: 东街口党群服务中心, kind: community, level: city, district: 鼓楼区, address: 东街 1 号, lat: 26.087, lon: 119.299}
"""
STREETS = """\
{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"kind": "road", "name": "五四路", "source": "survey 2020"},
   "geometry": {"type": "LineString", "coordinates": [[119.3045, 26.0866], [119.3066, 26.0930]]}},
  {"type": "Feature", "properties": {"kind": "公园", "name": "温泉公园"},
   "geometry": {"type": "Polygon", "coordinates": [[[119.303, 26.095], [119.3075, 26.095], [119.3075, 26.098], [119.303, 26.095]]]}}
]}
"""


def project(tmp_path: Path, streets: str) -> Path:
    (tmp_path / "docs" / "maps").mkdir(parents=True)
    (tmp_path / "docs" / "maps" / "streets.geojson").write_text(streets, encoding="utf-8")
    (tmp_path / "sites.yaml").write_text(SITE, encoding="utf-8")
    return tmp_path / "sites.yaml"


def test_the_layer_is_one_script_in_the_map_crs_with_names_and_kinds_only(tmp_path):
    loaded = load(project(tmp_path, STREETS))
    assert loaded.errors == []
    files = maps.render(Context(loaded.project, loaded.root))
    data = json.loads(files[mapassets.ORIENTATION_JS].removeprefix("window.showcaseOrientation = ").rstrip(";\n"))
    assert data["attribution"] == "道路为示意"
    road, park, metro = data["features"]
    assert road["properties"] == {"kind": "road", "name": "五四路"}  # other properties are not published
    assert park["properties"] == {"kind": "park", "name": "温泉公园"}  # a Chinese label is read as its kind
    assert metro["properties"] == {"kind": "metro", "name": "地铁东街口站"} and metro["geometry"]["type"] == "Point"
    lon, lat = road["geometry"]["coordinates"][0]  # no tiles: maps are WGS-84
    assert geo.distance_m((lat, lon), geo.convert(26.0866, 119.3045, "gcj02", "wgs84")) < 0.2
    html = files["points/gl-01/map.html"]
    assert '<script src="../../assets/maps/orientation.js">' in html and '"orientation":true' in html


@pytest.mark.parametrize("streets, expected", [
    ('{"type": "FeatureCollection", "features": [\n  {"type": "Feature",}\n]}',
     "docs/maps/streets.geojson:2:22: 错误: 不是有效的 JSON:Expecting property name enclosed in double quotes\n"
     "    提示:检查这一行附近的逗号、引号和括号;用 QGIS 等工具导出 GeoJSON 可避免手写错误"),
    (STREETS.replace("[119.3066, 26.0930]", "[26.0930, 119.3066]"),
     "docs/maps/streets.geojson:3:76: 错误: features[0].geometry.coordinates[1]: 坐标 [26.093, 119.3066] 超出范围\n"
     "    提示:GeoJSON 的坐标写成 [经度, 纬度](经度在前,RFC 7946)"),
    (STREETS.replace('[119.303, 26.095]]]', '[119.303, 26.0951]]]'),
     "docs/maps/streets.geojson:5:52: 错误: features[1].geometry.coordinates[0]: 多边形的环没有闭合:第一个和最后一个坐标要相同\n"
     "    提示:GeoJSON 的坐标写成 [经度, 纬度](经度在前,RFC 7946)"),
    (STREETS.replace('"kind": "road"', '"kind": "boundary"'),
     "docs/maps/streets.geojson:2:46: 错误: features[0].properties.kind: kind `boundary` 无效\n"
     "    提示:可用的取值:road(道路)、river(河流)、water(水面)、metro(地铁)、park(公园)、square(广场)、landmark(地标)"),
    (STREETS.replace('"LineString"', '"Line"'),
     "docs/maps/streets.geojson:3:25: 错误: features[0].geometry.type: type 为 `Line`,应为 GeometryCollection, LineString, "
     "MultiLineString, MultiPoint, MultiPolygon, Point, Polygon 之一\n"
     "    提示:GeoJSON 的坐标写成 [经度, 纬度](经度在前,RFC 7946)"),
], ids=["syntax", "lat-lon-swapped", "open-ring", "unknown-kind", "unknown-type"])
def test_check_points_at_the_line_of_the_geojson(tmp_path, streets, expected):
    path = project(tmp_path, streets)
    assert [p.format() for p in load(path, shown_as="sites.yaml").errors] == [expected]


def test_a_missing_file_is_named_in_sites_yaml(tmp_path):
    path = project(tmp_path, STREETS)
    (tmp_path / "docs" / "maps" / "streets.geojson").unlink()
    assert [p.format() for p in load(path, shown_as="sites.yaml").errors] == [
        "sites.yaml:7:11: 错误: site.orientation.file: 找不到文件 `maps/streets.geojson`\n"
        "    提示:把 GeoJSON 文件放进 docs/ 下,路径相对 docs/ 书写,如 maps/orientation.geojson"]


def test_the_samples_layer_is_illustrative_and_has_no_boundaries():
    raw = (ROOT / "docs" / "maps" / "orientation.geojson").read_bytes()
    data, problems = geojson.validate(raw, "orientation.geojson")
    assert problems == [] and "示意" in data["description"] and "不含行政区界线" in data["description"]
    kinds = {properties["kind"] for _, properties in geojson.geometries(data)}
    assert kinds <= {"road", "river", "water", "metro", "park", "square", "landmark"}
    names = {properties["name"] for _, properties in geojson.geometries(data)}
    assert {"闽江", "五四路", "八一七路", "鸿福路", "东莞运河"} <= names


def test_the_sample_route_map_shows_streets_and_landmarks(phone, sample_site):
    with serve(sample_site) as base:
        page = phone.page
        page.goto(base + "routes/gulou-walk/map.html")
        page.wait_for_function("() => window.showcase && showcase.maps.length > 0")
        shown = page.evaluate("""() => {
            const box = document.querySelector('.leaflet-container').getBoundingClientRect();
            return [...document.querySelectorAll('.sc-orient-name')].filter(label => {
                const r = label.getBoundingClientRect();
                return getComputedStyle(label).display !== 'none' && r.left >= box.left && r.right <= box.right
                    && r.top >= box.top && r.bottom <= box.bottom;
            }).map(label => label.querySelector('.sc-orient-text').textContent);
        }""")
        lines = page.locator(".leaflet-sc-orientation-pane path").count()
        screenshot(page, "orientation-sample-route")
    assert {"五四路", "东街", "温泉公园"} <= set(shown) and "地铁东街口站" in shown
    assert lines > 5
    assert phone.outside == [] and phone.errors == []
