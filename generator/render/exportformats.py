"""The download formats: one writer each for GeoJSON, GPX, KML and CSV, from one `Collection`.

Output is byte-for-byte deterministic: no timestamps, ids counted from zero on every file.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import re
from dataclasses import dataclass, field

import gpxpy.gpx

from ..model.schema import model_schema

CREATOR = "belt-showcase"

# Property keys (GeoJSON, KML) and their column headers (CSV, KML display names): a field copied
# as written keeps the model's title; these columns are worked out for the download.
COMPUTED = {
    "stop": "站序", "order": "顺序", "belt_name": "所属示范带", "dwell_min": "停留(分钟)",
    "leg_m": "距上一站(米)", "leg_min": "距上一站用时(分钟)", "lat": "纬度(WGS-84)", "lon": "经度(WGS-84)",
    "url": "网页", "distance_m": "全程(米)", "travel_min": "路上用时(分钟)", "total_min": "合计用时(分钟)",
    "stops": "站数",
}
AS_WRITTEN = {"Point": ("id", "name", "kind", "level", "status", "district", "street", "address", "open_hours",
                        "contact", "summary", "highlights"),
              "Route": ("belt", "mode"), "Stop": ("note",)}


@functools.cache
def headers() -> dict[str, str]:
    definitions = model_schema()["definitions"]
    titles = {key: definitions[cls]["properties"][key]["title"] for cls, keys in AS_WRITTEN.items() for key in keys}
    return {**titles, **COMPUTED}


@dataclass
class Place:
    """A point in a download, with its properties in column order."""

    lat: float
    lon: float
    props: dict[str, str | int | float]


@dataclass
class Line:
    """A route in a download: its line, its stops in order, and whether the line is a drawn path."""

    coords: list[tuple[float, float]]
    stops: list[Place]
    drawn: bool
    props: dict[str, str | int | float]
    color: str


@dataclass
class Collection:
    name: str
    places: list[Place]
    lines: list[Line] = field(default_factory=list)


# Characters XML 1.0 cannot hold at all (escaping does not help): C0 controls but tab/newline/CR,
# lone surrogates, U+FFFE/U+FFFF. YAML lets an editor write them as "\x01".
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value) -> str:
    return _NOT_XML.sub("", str(value))


def clean(props: dict) -> dict:
    """Drop those characters from every download, not only the XML ones."""
    return {k: _text(v) if isinstance(v, str) else v for k, v in props.items()}


def geojson(c: Collection) -> str:
    """RFC 7946: a FeatureCollection, positions [lon, lat] in WGS-84, no `crs` member."""

    def linestring(line: Line) -> dict:
        return {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [_lonlat(*ll) for ll in line.coords]},
                "properties": {**line.props, "drawn_path": line.drawn}}

    features = [_feature_text(linestring(line)) for line in c.lines] + [_geojson_place(p) for p in c.places]
    return _geojson_file(c.name, features)


def _geojson_place(place: Place) -> str:
    return _feature_text({"type": "Feature", "geometry": {"type": "Point", "coordinates": _lonlat(place.lat, place.lon)},
                          "properties": place.props})


def _feature_text(feature: dict) -> str:
    return json.dumps(feature, ensure_ascii=False)


def _geojson_file(name: str, features: list[str]) -> str:
    # One feature a line: small files that diff well. `name` is a foreign member RFC 7946 allows.
    head = json.dumps(name, ensure_ascii=False)
    body = ",\n".join(features)
    return f'{{"type": "FeatureCollection", "name": {head}, "features": [\n{body}\n]}}\n'


def _lonlat(lat: float, lon: float) -> list[float]:
    return [round(lon, 6), round(lat, 6)]


def gpx(c: Collection) -> str:
    """GPX 1.1: a waypoint per place (once per point), a <rte> per line with its stops in order,
    and a <trk> where the line is a drawn path."""
    doc = _gpx_document(c.name)
    doc.waypoints += [_gpx_waypoint(place) for place in _once_each(c.places)]
    for line in c.lines:
        name = _text(line.props["name"])
        route = gpxpy.gpx.GPXRoute(name=name, description=_text(_description(line.props)))
        route.points = [gpxpy.gpx.GPXRoutePoint(round(s.lat, 6), round(s.lon, 6), name=_stop_name(s))
                        for s in line.stops]
        doc.routes.append(route)
        if line.drawn:
            segment = gpxpy.gpx.GPXTrackSegment([gpxpy.gpx.GPXTrackPoint(round(la, 6), round(lo, 6))
                                                 for la, lo in line.coords])
            track = gpxpy.gpx.GPXTrack(name=name)
            track.segments.append(segment)
            doc.tracks.append(track)
    return doc.to_xml(version="1.1") + "\n"


def _gpx_document(name: str) -> gpxpy.gpx.GPX:
    doc = gpxpy.gpx.GPX()
    doc.creator = CREATOR
    doc.name = _text(name)
    return doc


def _gpx_waypoint(place: Place) -> gpxpy.gpx.GPXWaypoint:
    return gpxpy.gpx.GPXWaypoint(round(place.lat, 6), round(place.lon, 6), name=_text(place.props["name"]),
                                 description=_text(_description(place.props)), type=_text(place.props["kind"]))


def _gpx_waypoint_text(place: Place) -> str:
    """A waypoint's element as `gpx` writes it into a file, cut out of a file holding it alone:
    waypoints come right after the metadata, each written the same wherever it stands."""
    alone = _gpx_document("")
    alone.waypoints.append(_gpx_waypoint(place))
    text = alone.to_xml(version="1.1")
    return text[text.index("  <wpt "):-len(_GPX_END)]


_GPX_END = "</gpx>"


def _once_each(places: list[Place]) -> list[Place]:
    """A waypoint per point: a route may visit one twice."""
    first: dict[str, Place] = {}
    for place in places:
        first.setdefault(place.props["id"], place)
    return list(first.values())


def _stop_name(place: Place) -> str:
    return _text(f"{place.props['stop']}. {place.props['name']}")


def _description(props: dict) -> str:
    """The human lines of a feature: address, hours, what to see, the stop's note."""
    wanted = ("belt_name", "address", "open_hours", "highlights", "summary", "note", "mode")
    return "\n".join(f"{headers()[k]}：{props[k]}" for k in wanted if props.get(k))


def kml(c: Collection) -> str:
    """KML 2.2: a folder of routes (if any), then one of points, written as ElementTree writes it
    (two-space indents, `<tag />` when empty) but as text: ElementTree took two thirds of the
    time of all downloads.

    Not simplekml: it writes elements out of the schema's order (Style before name, value before
    displayName), numbers ids from a process-wide counter, writes ExtendedData values unescaped
    and copies `<![CDATA[` in a name through raw. Descriptions are HTML in KML viewers, so their
    text is HTML-escaped before it is XML-escaped."""
    names: dict[str, str] = {}  # each column's <displayName> line, written once
    out = [_kml_start(c.name)]
    for i, line in enumerate(c.lines, 1):
        out.append(f'    <Style id="route-{i}">\n      <LineStyle>\n{_leaf(4, "color", _kml_color(line.color))}'
                   f'{_leaf(4, "width", "4")}      </LineStyle>\n    </Style>\n')
    if c.lines:
        out.append(f'    <Folder>\n{_leaf(3, "name", "路线")}')
        for i, line in enumerate(c.lines, 1):
            coordinates = " ".join(_kml_coord(*ll) for ll in line.coords)
            out.append(_placemark(line.props["name"], line.props, f"#route-{i}", "LineString", coordinates, names))
        out.append("    </Folder>\n")
    out.append(_kml_places_folder())
    out += [_kml_place(place, names) for place in c.places]
    out.append(_KML_END)
    return "".join(out)


_KML_END = "    </Folder>\n  </Document>\n</kml>\n"


def _kml_places_folder() -> str:
    return f'    <Folder>\n{_leaf(3, "name", "示范点")}'


def _kml_start(name: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n  <Document>\n' + _leaf(2, "name", name)


def _kml_place(place: Place, names: dict[str, str]) -> str:
    name = _stop_name(place) if "stop" in place.props else place.props["name"]
    return _placemark(name, place.props, None, "Point", _kml_coord(place.lat, place.lon), names)


def _placemark(name: str, props: dict, style: str | None, geometry: str, coordinates: str, names: dict[str, str]) -> str:
    """A Placemark's children in schema order: name, description, styleUrl, ExtendedData, geometry."""
    description = "<br>".join(html.escape(line) for line in _description(props).split("\n"))
    parts = ["      <Placemark>\n", _leaf(4, "name", name), _leaf(4, "description", description)]
    if style:
        parts.append(_leaf(4, "styleUrl", style))
    parts.append("        <ExtendedData>\n" if props else "        <ExtendedData />\n")
    for key, value in props.items():
        if key not in names:
            names[key] = f'          <Data name="{_xml_attr(key)}">\n' + _leaf(6, "displayName", headers().get(key, key))
        parts += [names[key], _leaf(6, "value", value), "          </Data>\n"]
    if props:
        parts.append("        </ExtendedData>\n")
    parts.append(f"        <{geometry}>\n{_leaf(5, 'coordinates', coordinates)}        </{geometry}>\n      </Placemark>\n")
    return "".join(parts)


def _leaf(depth: int, tag: str, value) -> str:
    """An element holding text, on its own line; `<tag />` when the text is empty, as ElementTree."""
    text = "" if value is None else _text(value)
    if not text:
        return f"{'  ' * depth}<{tag} />\n"
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"{'  ' * depth}<{tag}>{text}</{tag}>\n"


def _xml_attr(value: str) -> str:
    value = _text(value)
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        value = value.replace(raw, escaped)
    return value


def _kml_coord(lat: float, lon: float) -> str:
    return f"{round(lon, 6)},{round(lat, 6)}"


def _kml_color(hex_rgb: str) -> str:
    """#RRGGBB → KML's aabbggrr."""
    r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"ff{b}{g}{r}".lower()


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_bytes(c: Collection) -> bytes:
    """One row per place, a header row of Chinese column names; UTF-8 with BOM so that Excel
    reads Chinese; text starting like a formula gets a leading ' so spreadsheets show it as text."""
    keys = _columns(c.places)
    return _csv_file(keys, [_csv_row(place, keys) for place in c.places])


def _columns(places: list[Place]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for place in places for k in place.props))


def _csv_row(place: Place, keys: tuple[str, ...]) -> str:
    return _csv_line([_cell(place.props.get(k, "")) for k in keys])


def _csv_line(cells: list) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def _csv_file(keys: tuple[str, ...], rows: list[str]) -> bytes:
    return ("\ufeff" + _csv_line([headers().get(k, k) for k in keys]) + "".join(rows)).encode("utf-8")


def place_part(place: Place, keys: tuple[str, ...], ext: str) -> str:
    """A place's own text in the file of format `ext` that `of_places` writes (`keys`: the CSV's
    columns); under `mkdocs serve` the whole site's downloads keep it from one save to the next."""
    if ext == "geojson":
        return _geojson_place(place)
    if ext == "gpx":
        return _gpx_waypoint_text(place)
    return _kml_place(place, {}) if ext == "kml" else _csv_row(place, keys)


def of_places(name: str, places: list[Place], ext: str, part=place_part) -> str | bytes:
    """The file of format `ext` of a collection of places alone, from each place's
    `part(place, keys, ext)` (see `place_part`): the same bytes as the writers above."""
    keys = _columns(places)
    if ext == "gpx":
        waypoints = "".join(part(place, keys, "gpx") for place in _once_each(places))  # as `gpx` writes them
        gpx_empty = _gpx_document(name).to_xml(version="1.1")
        return gpx_empty[:-len(_GPX_END)] + waypoints + _GPX_END + "\n"
    texts = [part(place, keys, ext) for place in places]
    if ext == "geojson":
        return _geojson_file(name, texts)
    if ext == "kml":
        return _kml_start(name) + _kml_places_folder() + "".join(texts) + _KML_END
    return _csv_file(keys, texts)


def _cell(value) -> str | int | float:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value
