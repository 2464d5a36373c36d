"""The hostile fixture: every free-text field of the model carries every payload.

The text fields are found by walking the model (generator/model), so a field added there is
attacked here without anyone listing it; `python tests/helpers/hostile.py` rewrites
tests/fixtures/hostile/sites.yaml, and a test fails while the file is out of date.

Payload k sets `window.__pwned = k` (short ones call alert()) if it ever runs; half of them carry
`//`, which an earlier guard mistook for loads, and which slipped past checks that looked for it.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path

import yaml
from pydantic import BaseModel

from generator.model import Project

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"

PAYLOADS = [
    "东街</title><script>window.__pwned='{k}'</script>",
    "<img src=x onerror=\"window.__pwned='{k}'\">",
    "\"><svg onload=\"window.__pwned='{k}'\">",
    "{{{{ 7*7 }}}}{{% raw %}}[点我](javascript:window.__pwned='{k}')",
    "&lt;script&gt;window.__pwned='{k}'&lt;/script&gt; &#60;img src=x onerror=window.__pwned='{k}'&#62;",
    "';window.__pwned='{k}';//</script><script>window.__pwned='{k}'</script>",
    "<img src=//outside.test/{k}.png> url(//outside.test/{k}.png) ![示意](//outside.test/{k}.png)",
    "标题 {{ onclick=\"window.__pwned='{k}'\" }} *强调* | a | b | <a href=\"javascript:window.__pwned='{k}'\">链</a>",
    "<iframe src=\"javascript:window.__pwned='{k}'\"></iframe><object data=\"//outside.test/{k}.swf\"></object>",
    "名\n::error file=sites.yaml,line=1::伪造{k}\n::stop-commands::x\n##[error]伪造 红\u2028行\u202e反",
]
SHORT = ["<svg onload=alert()>", "<img src=x onerror=alert()>", "{{7*7}}{%raw%}", "[x](javascript:alert())",
         "//outside.test/a.png", "</title><script>", "名\n::error::伪造"]
"""For fields of at most 30 characters (units, tags)."""

PATHS = {("Photo", "src"), ("Evidence", "photo"), ("Point", "audio"), ("Site", "outline"), ("Tiles", "file"), ("TileLayer", "file"),
         ("Orientation", "file"), ("Tiles", "url"), ("TileLayer", "url")}
"""Strings that name files under docs/ or tile addresses: attacked by the docs/ tests and the
guard's, not with payloads."""


# --- the model's text fields ---------------------------------------------------------------


def _unwrap(tp) -> tuple[typing.Any, list]:
    """The type inside Annotated/Optional, and the metadata met on the way."""
    metadata: list = []
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp, *more = typing.get_args(tp)
            metadata += more
        elif origin in (typing.Union, types.UnionType):
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
        else:
            return tp, metadata


def _constraint(metadata: list, name: str):
    for meta in metadata:
        for item in [meta, *getattr(meta, "metadata", [])]:
            if getattr(item, name, None) is not None:
                return getattr(item, name)
    return None


def _shape(annotation, metadata: list) -> tuple[str, typing.Any, int | None]:
    """('text', None, max) for free text, ('list', inner, max) and ('dict', inner, None) for
    containers, ('model', cls, None) for records, ('other', None, None) for the rest."""
    tp, more = _unwrap(annotation)
    metadata = metadata + more
    origin = typing.get_origin(tp)
    if origin is list:
        kind, inner, limit = _shape(typing.get_args(tp)[0], [])
        return ("list", (kind, inner, limit), None)
    if origin is dict:
        return ("dict", _shape(typing.get_args(tp)[1], []), None)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return ("model", tp, None)
    if tp is str and _constraint(metadata, "pattern") is None:
        return ("text", None, _constraint(metadata, "max_length"))
    return ("other", None, None)


def _fields(cls: type[BaseModel]):
    for name, info in cls.model_fields.items():
        yield name, _shape(info.annotation, list(info.metadata))


def text_fields(cls: type[BaseModel] = Project, seen: set | None = None) -> set[tuple[str, str]]:
    """(class, field) of every free-text field reachable from `cls`."""
    seen = set() if seen is None else seen
    if cls in seen:
        return set()
    seen.add(cls)
    found = set()
    for name, shape in _fields(cls):
        while shape[0] in ("list", "dict"):
            shape = shape[1]
        if shape[0] == "text" and (cls.__name__, name) not in PATHS:
            found.add((cls.__name__, name))
        elif shape[0] == "model":
            found |= text_fields(shape[1], seen)
    return found


RECORDS = (len(PAYLOADS) + 1) // 2
"""Belts, points and routes in the fixture: each record carries two payloads, a short and a long
one, so every payload reaches every field and the site stays small enough to visit in full."""


def text(k: int, limit: int | None = None) -> str:
    """The text record k puts in a field of at most `limit` characters."""
    first, second = (PAYLOADS[i % len(PAYLOADS)].format(k=i % len(PAYLOADS)) for i in (k, len(PAYLOADS) - 1 - k))
    for candidate in (f"{first} {second}", first, second):
        if limit is None or len(candidate) <= limit:
            return candidate
    return SHORT[k % len(SHORT)][:limit]


def fill(cls: type[BaseModel], data: dict, k: int, filled: set) -> None:
    """Put payload k into every free-text field of `data` (a record of `cls`), in place."""
    for name, shape in _fields(cls):
        if name in data:
            data[name] = _filled(shape, data[name], k, (cls.__name__, name), filled)


def _filled(shape, value, k: int, where: tuple, filled: set):
    kind, inner, limit = shape
    if kind == "text" and where not in PATHS:
        filled.add(where)
        return text(k, limit)
    if kind == "list":
        return [_filled(inner, item, k + i, where, filled) for i, item in enumerate(value)]
    if kind == "dict":
        return {key: _filled(inner, item, k, where, filled) for key, item in value.items()}
    if kind == "model" and isinstance(value, dict):  # a stop may be just its point's id
        fill(inner, value, k, filled)
    return value


# --- the project -----------------------------------------------------------------------------


def _point(k: int) -> dict:
    return {
        "id": f"point-{k}", "name": "", "kind": "office_tower", "level": "city", "district": "", "street": "",
        "address": "", "lat": 26.08 + k / 1000, "lon": 119.30 + k / 1000, "crs": "wgs84",
        "organisation": {"name": "", "kind": "branch", "founded": "2018-10", "members": 3},
        "model": "", "summary": "", "highlights": ["", ""], "services": ["", ""], "open_hours": "", "contact": "",
        "figures": [{"name": "", "value": 9, "unit": "", "as_of": "2021-05-31"}],
        "honours": [""], "checklists": {"six-haves": {"venue": {"state": "met", "note": "", "photo": "photos/ok.svg"}}},
        "photos": [{"src": "photos/ok.svg", "caption": "", "credit": ""}],
        "story": "", "tags": ["", ""], "verified": "2026-10-01",
        "status_history": [{"status": "demonstration", "date": "2019"}],
    }


def project() -> tuple[dict, set]:
    """The hostile sites.yaml as data, and the (class, field) pairs it filled."""
    n = RECORDS
    filled: set = set()
    site = {
        "title": "", "description": "", "crs": "wgs84", "outline": "outline.geojson",
        "regions": [{"name": "", "south": 25.9, "west": 119.1, "north": 26.3, "east": 119.6} for _ in range(2)],
        "tiles": {"url": "/tiles/{z}/{x}/{y}.png", "attribution": "", "crs": "wgs84",
                  "overlays": [{"url": "/labels/{z}/{x}/{y}.png", "attribution": ""}]},
        "orientation": {"landmarks": [{"name": "", "lat": 26.1, "lon": 119.35}, {"name": "", "lat": 26.05, "lon": 119.25}],
                        "attribution": ""},
        "checklists": {
            "five-ones": {"name": "", "applies_to": "belt", "items": [{"id": "route", "name": ""}, {"id": "logo", "name": ""}]},
            "six-haves": {"name": "", "applies_to": "point", "items": [{"id": "venue", "name": ""}, {"id": "flag", "name": ""}]},
        },
    }
    fill(_model("site"), site, 0, filled)
    site["description"] = "\n\n".join(p.format(k=k) for k, p in enumerate(PAYLOADS))
    belts, points, routes = [], [], []
    for k in range(n):
        belt = {"id": f"belt-{k}", "name": "", "district": "", "brand": "", "color": "#c8102e", "summary": "",
                "highlights": ["", ""], "points": [f"point-{k}", f"point-{(k + 1) % n}"], "start_year": 2020,
                "checklists": {"five-ones": {"route": {"state": "met", "note": "", "photo": "photos/ok.svg"}}}}
        fill(_model("belts"), belt, k, filled)
        point = _point(k)
        fill(_model("points"), point, k, filled)
        point["story"] = f"正文 **粗体**\n\n{text(k)}\n"
        route = {"id": f"route-{k}", "name": "", "belt": f"belt-{k}", "mode": "walk", "summary": "",
                 "stops": [{"point": f"point-{k}", "note": "", "directions": "", "dwell": 10}, f"point-{(k + 1) % n}"]}
        fill(_model("routes"), route, k, filled)
        belts.append(belt), points.append(point), routes.append(route)
    return {"site": site, "belts": belts, "points": points, "routes": routes}, filled


def _model(section: str) -> type[BaseModel]:
    tp, _ = _unwrap(Project.model_fields[section].annotation)
    return typing.get_args(tp)[0] if typing.get_origin(tp) is list else tp


def sites_yaml() -> str:
    data, _ = project()
    head = "# Generated by tests/helpers/hostile.py: every text field of the model carries XSS payloads.\n"
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


if __name__ == "__main__":
    (FIXTURE / "sites.yaml").write_text(sites_yaml(), encoding="utf-8")
