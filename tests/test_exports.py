"""Downloads: each format parsed back with its own reader, WGS-84 everywhere, hostile text."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import gpxpy
import pytest
import yaml

from generator.render import exports
from generator.domain import geo
from generator.model import Project
from generator.render.context import Context

FIXTURES = Path(__file__).parent / "fixtures" / "tours"
KML = {"k": "http://www.opengis.net/kml/2.2"}


def render(name: str = "sites.yaml", **context) -> dict[str, str | bytes]:
    project = Project.model_validate(yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8")))
    # one collection's files at a time, as a staged build writes them
    return {path: content for files in exports.render(Context(project, FIXTURES, **context)) for path, content in files.items()}


@pytest.fixture(scope="module")
def files() -> dict[str, str | bytes]:
    return render()


def test_one_set_per_route_belt_and_site(files):
    stems = sorted({path.rsplit(".", 1)[0] for path in files})
    assert stems == ["belts/dongcheng/dongcheng", "belts/xinyuan-belt/xinyuan-belt", "downloads/points",
                     "routes/bus/bus", "routes/loop/loop", "routes/walk/walk"]
    assert all(sorted(p.rsplit(".", 1)[1] for p in files if p.startswith(stem + ".")) == ["csv", "geojson", "gpx", "kml"]
               for stem in stems)
    assert [path for _, path in exports.files("route", "walk")] == [
        "routes/walk/walk.gpx", "routes/walk/walk.kml", "routes/walk/walk.geojson", "routes/walk/walk.csv"]
    assert all(path in files for _, path in exports.files("site"))


def test_deterministic():
    assert render() == render()


# --- GeoJSON -------------------------------------------------------------------------------


def test_geojson_route(files):
    doc = json.loads(files["routes/bus/bus.geojson"])
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    line, *stops = doc["features"]
    assert line["geometry"] == {"type": "LineString", "coordinates": [[113.75, 23.0], [113.75, 23.01], [113.76, 23.01]]}
    assert line["properties"]["drawn_path"] is True and line["properties"]["distance_m"] == 2135
    assert [(f["properties"]["stop"], f["properties"]["id"]) for f in stops] == [(1, "dongmen"), (2, "qiaotou")]
    assert stops[1]["geometry"] == {"type": "Point", "coordinates": [113.76, 23.01]}  # [lon, lat]
    assert stops[1]["properties"]["belt"] == "dongcheng"


def test_geojson_route_without_path_joins_the_stops(files):
    line = json.loads(files["routes/loop/loop.geojson"])["features"][0]
    assert line["geometry"]["coordinates"] == [[113.75, 23.0], [113.75, 23.01], [113.75, 23.0]]
    assert line["properties"]["drawn_path"] is False


def test_geojson_converts_to_wgs84(files):
    features = json.loads(files["downloads/points.geojson"])["features"]
    jinrong = next(f for f in features if f["properties"]["id"] == "jinrong")
    lat, lon = geo.convert(23.0205, 113.7781, "gcj02", "wgs84")
    assert jinrong["geometry"]["coordinates"] == [round(lon, 6), round(lat, 6)]
    assert (jinrong["properties"]["lat"], jinrong["properties"]["lon"]) == (round(lat, 6), round(lon, 6))


def test_geojson_point_on_two_belts(files):
    features = json.loads(files["downloads/points.geojson"])["features"]
    xinyuan = next(f for f in features if f["properties"]["id"] == "xinyuan")["properties"]
    assert xinyuan["belt"] == "dongcheng,xinyuan-belt"
    assert xinyuan["belt_name"] == "东城党建示范带、新苑社区示范带"


def test_urls_are_absolute_with_a_site_url():
    features = json.loads(render(public_url="https://x.example.org/show/")["downloads/points.geojson"])["features"]
    assert features[0]["properties"]["url"] == "https://x.example.org/show/points/dongmen/"


# --- GPX -----------------------------------------------------------------------------------


def test_gpx_route(files):
    doc = gpxpy.parse(files["routes/walk/walk.gpx"])
    assert doc.version == "1.1" and doc.creator == "belt-showcase"
    assert [w.name for w in doc.waypoints] == ["东门党群服务中心", "新苑小区党支部", "桥头科创园党委"]
    (route,) = doc.routes
    assert [(p.name, p.latitude, p.longitude) for p in route.points] == [
        ("1. 东门党群服务中心", 23.0, 113.75), ("2. 新苑小区党支部", 23.01, 113.75), ("3. 桥头科创园党委", 23.01, 113.76)]
    assert doc.tracks == []
    assert "<time>" not in files["routes/walk/walk.gpx"]


def test_gpx_track_for_a_drawn_path_and_a_point_visited_twice(files):
    bus = gpxpy.parse(files["routes/bus/bus.gpx"])
    assert [(p.latitude, p.longitude) for p in bus.tracks[0].segments[0].points] == [(23.0, 113.75), (23.01, 113.75), (23.01, 113.76)]
    loop = gpxpy.parse(files["routes/loop/loop.gpx"])
    assert [w.name for w in loop.waypoints] == ["东门党群服务中心", "新苑小区党支部"]
    assert [p.name for p in loop.routes[0].points] == ["1. 东门党群服务中心", "2. 新苑小区党支部", "3. 东门党群服务中心"]


def test_gpx_belt_has_a_route_per_route(files):
    doc = gpxpy.parse(files["belts/dongcheng/dongcheng.gpx"])
    assert [r.name for r in doc.routes] == ["东城步行线", "东城大巴线", "东门骑行环线"]
    assert len(doc.waypoints) == 4


# --- KML -----------------------------------------------------------------------------------


def _placemarks(text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(text.encode("utf-8"))
    return {m.findtext("k:name", namespaces=KML): m for m in root.iterfind(".//k:Placemark", KML)}


def test_kml_matches_geojson_coordinates(files):
    marks = _placemarks(files["routes/bus/bus.kml"])
    line = marks["东城大巴线"].findtext("k:LineString/k:coordinates", namespaces=KML)
    geometry = json.loads(files["routes/bus/bus.geojson"])["features"][0]["geometry"]["coordinates"]
    assert [[float(v) for v in c.split(",")] for c in line.split()] == geometry
    assert marks["2. 桥头科创园党委"].findtext("k:Point/k:coordinates", namespaces=KML) == "113.76,23.01"
    assert marks["东城大巴线"].findtext("k:styleUrl", namespaces=KML) == "#route-1"


def test_kml_extended_data_in_schema_order(files):
    mark = _placemarks(files["routes/walk/walk.kml"])["2. 新苑小区党支部"]
    data = {d.get("name"): d for d in mark.iterfind("k:ExtendedData/k:Data", KML)}
    assert [child.tag.split("}")[1] for child in data["note"]] == ["displayName", "value"]
    assert data["note"].findtext("k:value", namespaces=KML) == "从北门进入"
    assert [child.tag.split("}")[1] for child in mark] == ["name", "description", "ExtendedData", "Point"]


# --- CSV -----------------------------------------------------------------------------------


def _rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_csv_route(files):
    rows = _rows(files["routes/walk/walk.csv"])
    assert [(r["站序"], r["名称"], r["距上一站(米)"]) for r in rows] == [
        ("1", "东门党群服务中心", "0"), ("2", "新苑小区党支部", "1112"), ("3", "桥头科创园党委", "1023")]
    assert rows[0]["简介"] == "社区党群服务中心,设党员活动室和图书室。"  # a comma survives quoting
    assert b"\r\n" in files["routes/walk/walk.csv"]


def test_csv_site(files):
    rows = _rows(files["downloads/points.csv"])
    assert [r["编号"] for r in rows] == ["dongmen", "xinyuan", "qiaotou", "jinrong"]
    assert float(rows[3]["纬度(WGS-84)"]) == pytest.approx(geo.convert(23.0205, 113.7781, "gcj02", "wgs84")[0], abs=1e-6)


# --- hostile text --------------------------------------------------------------------------

NAME = "A <b>&\"'</b> ]]><![CDATA[ x ]]> *粗* [链接](http://x) {: .y} | 表"


@pytest.fixture(scope="module")
def hostile() -> dict[str, str | bytes]:
    return render("hostile.yaml")


def test_hostile_geojson(hostile):
    doc = json.loads(hostile["routes/evil-walk/evil-walk.geojson"])
    assert doc["features"][1]["properties"]["name"] == NAME
    assert doc["features"][2]["properties"]["name"] == "名称含控制字符 </name></wpt>"


def test_hostile_gpx(hostile):
    doc = gpxpy.parse(hostile["routes/evil-walk/evil-walk.gpx"])
    assert [w.name for w in doc.waypoints] == [NAME, "名称含控制字符 </name></wpt>"]
    assert doc.routes[0].name == '路线 "]]> <trk>'
    assert doc.tracks == [] and len(doc.routes) == 1


def test_hostile_kml(hostile):
    for path in ("routes/evil-walk/evil-walk.kml", "belts/evil/evil.kml", "downloads/points.kml"):
        marks = _placemarks(hostile[path])
        assert NAME in marks or f"1. {NAME}" in marks
    mark = _placemarks(hostile["downloads/points.kml"])["名称含控制字符 </name></wpt>"]
    # The description is HTML for KML viewers: the editor's text arrives as escaped HTML.
    assert mark.findtext("k:description", namespaces=KML) == "所属示范带：&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt; 示范带<br>详细地址：&lt;/description&gt;&lt;Placemark&gt;"
    assert len(_placemarks(hostile["downloads/points.kml"])) == 2


def test_hostile_csv_cannot_start_a_formula(hostile):
    rows = _rows(hostile["downloads/points.csv"])
    assert rows[0]["详细地址"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["所在县(市)区"] == "'+1+1"
    assert rows[0]["简介"].startswith("'-2+3")
    assert rows[0]["特色亮点"] == "'@SUM(A1)；<![CDATA[ 未闭合"
    assert rows[0]["名称"] == NAME
    assert rows[1]["名称"] == "名称含控制字符 </name></wpt>"
    assert float(rows[0]["经度(WGS-84)"]) == 113.75  # numbers are not text: never prefixed


def _kml_by_elementtree(c) -> str:
    """The KML writer as it was, on ElementTree: the text writer must give the same bytes."""
    from generator.render.exportformats import _description, _kml_color, _kml_coord, _stop_name, _text, headers
    import html

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, tag, attrs)
        if text is not None:
            element.text = _text(text)
        return element

    def placemark(folder, name, props, style=None):
        mark = sub(folder, "Placemark")
        sub(mark, "name", name)
        sub(mark, "description", "<br>".join(html.escape(line) for line in _description(props).split("\n")))
        if style:
            sub(mark, "styleUrl", style)
        data = sub(mark, "ExtendedData")
        for key, value in props.items():
            item = sub(data, "Data", name=key)
            sub(item, "displayName", headers().get(key, key))
            sub(item, "value", value)
        return mark

    root = ET.Element("kml", xmlns="http://www.opengis.net/kml/2.2")
    doc = sub(root, "Document")
    sub(doc, "name", c.name)
    for i, line in enumerate(c.lines, 1):
        style = sub(sub(doc, "Style", id=f"route-{i}"), "LineStyle")
        sub(style, "color", _kml_color(line.color))
        sub(style, "width", "4")
    if c.lines:
        folder = sub(doc, "Folder")
        sub(folder, "name", "路线")
        for i, line in enumerate(c.lines, 1):
            mark = placemark(folder, line.props["name"], line.props, f"#route-{i}")
            sub(sub(mark, "LineString"), "coordinates", " ".join(_kml_coord(*ll) for ll in line.coords))
    folder = sub(doc, "Folder")
    sub(folder, "name", "示范点")
    for place in c.places:
        name = _stop_name(place) if "stop" in place.props else place.props["name"]
        sub(sub(placemark(folder, name, place.props), "Point"), "coordinates", _kml_coord(place.lat, place.lon))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@pytest.mark.parametrize("name", ["sites.yaml", "hostile.yaml"])
def test_kml_text_is_what_elementtree_writes(name, monkeypatch):
    from generator.render import exportformats
    from generator.render.exportformats import Collection, Line, Place
    seen = []
    monkeypatch.setattr(exports, "_formats", lambda stem, c: seen.append(c) or {})
    render(name)
    odd = ' & < > " \' \r\n\t ]]> <![CDATA[ \x01 \ud800 \ufffe 0 '
    seen.append(Collection(odd, [Place(1.5, 2.25, {"name": odd, "empty": "", "n": 3, "f": 0.5, "none": None}),
                                 Place(0, 0, {"name": ""})],
                           [Line([(1, 2), (3.0000001, 4)], [], False, {"name": odd, "note": "a\nb"}, "#ff0000")]))
    seen.append(Collection("", [], []))
    assert len(seen) > 3
    for collection in seen:
        assert exportformats.kml(collection) == _kml_by_elementtree(collection)


@pytest.mark.parametrize("name", ["sites.yaml", "hostile.yaml"])
def test_the_whole_sites_files_written_from_each_places_parts_are_the_writers_bytes(name):
    """The whole site's downloads are joined from each point's own parts (kept from one save
    to the next under `mkdocs serve`): byte for byte what each writer makes of the collection,
    for every collection's places (a route's stops visit a point twice; hostile text)."""
    from generator.render import exportformats as formats

    project = Project.model_validate(yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8")))
    ctx = Context(project, FIXTURES)
    collections = [exports._site(ctx)] + [formats.Collection(line.props["name"], line.stops)
                                          for line in (exports._line(ctx, itin) for itin in ctx.itineraries().values())]
    for collection in collections:
        whole = {"geojson": formats.geojson(collection), "gpx": formats.gpx(collection),
                 "kml": formats.kml(collection), "csv": formats.csv_bytes(collection)}
        assert {ext: formats.of_places(collection.name, collection.places, ext) for ext in whole} == whole
    twice = any(len({p.props["id"] for p in c.places}) < len(c.places) for c in collections)
    assert twice or name != "sites.yaml"  # the loop route visits a point twice
