"""Rules across records: ids, references, coordinates, files, and the domain's standards.

`records` holds the records that passed validation, each with its index in its section, so that
every problem points at its own record even when an id is repeated or an earlier record failed.
Ids are taken as written (also from records that failed), so that one bad record does not make
every reference to it an error too.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

from ..domain import tours
from ..domain.geo import km_outside
from ..model import MIN_POINTS, Belt, Point, Route, Site
from . import maprules
from .docsfiles import confined, is_file
from .problems import Problem
from .yamlsource import Source, dotted

FAR_KM = 50
STALE_DAYS = 365
OFF_PATH_M = 200


Records = dict[str, list[tuple[int, Any]]]


def check(src: Source, site: Site, records: Records, root: Path, today: dt.date) -> list[Problem]:
    known = {name: _raw_ids(src, name) for name in ("points", "belts", "routes")}
    problems: list[Problem] = []
    for name in known:
        problems += _duplicate_ids(src, name)
    problems += _regions(src, site)
    problems += _references(src, records, known)
    problems += _checklists(src, site, records)
    problems += _coordinates(src, site, records)
    problems += _files(src, site, records, root)
    problems += maprules.check(src, site, root)
    problems += _standards(src, site, records, today)
    return problems


def _raw_items(src: Source, section: str) -> list:
    items = src.data.get(section) if isinstance(src.data, dict) else None
    return items if isinstance(items, list) else []


def _raw_id(item) -> str | None:
    # stripped as the model strips it, so `id: " a "` and a reference to `a` agree
    record_id = item.get("id") if isinstance(item, dict) else None
    return record_id.strip() if isinstance(record_id, str) else None


def _raw_ids(src: Source, section: str) -> dict[str, int]:
    """Ids as written, with their index, even for records that failed validation."""
    ids: dict[str, int] = {}
    for i, item in enumerate(_raw_items(src, section)):
        if _raw_id(item) is not None:
            ids.setdefault(_raw_id(item), i)
    return ids


def _duplicate_ids(src: Source, section: str) -> list[Problem]:
    first: dict[str, int] = {}
    problems = []
    for i, item in enumerate(_raw_items(src, section)):
        record_id = _raw_id(item)
        if record_id is None:
            continue
        if record_id in first:
            line = src.where((section, first[record_id], "id"))[0]
            problems.append(src.problem((section, i, "id"), "duplicate_id", params={"id": record_id, "first": line}, hint="duplicate_id"))
        else:
            first[record_id] = i
    return problems


def _dangling(src: Source, path: tuple, key: str, ref: str, known: dict[str, int]) -> Problem:
    close = difflib.get_close_matches(ref, list(known), n=6, cutoff=0.5)
    ids = close or sorted(known)[:8]
    shown = ", ".join(ids) + (" …" if len(known) > len(ids) and not close else "")
    return src.problem(path, key, params={"id": ref}, hint="known_ids", hint_params={"ids": shown or "—"})


def _regions(src: Source, site: Site) -> list[Problem]:
    problems = []
    for i, region in enumerate(site.regions):
        for low, high in (("south", "north"), ("west", "east")):
            if getattr(region, low) > getattr(region, high):
                problems.append(src.problem(("site", "regions", i, low), "region_inverted",
                                            params={"low": low, "high": high, "low_value": getattr(region, low),
                                                    "high_value": getattr(region, high)},
                                            hint="region_inverted", hint_params={"low": low, "high": high}))
    return problems


def _references(src: Source, records: Records, known: dict[str, dict]) -> list[Problem]:
    problems = []
    for i, belt in records["belts"]:
        for j, pid in enumerate(belt.points):
            if pid not in known["points"]:
                problems.append(_dangling(src, ("belts", i, "points", j), "unknown_point", pid, known["points"]))
    for i, route in records["routes"]:
        if route.belt not in known["belts"]:
            problems.append(_dangling(src, ("routes", i, "belt"), "unknown_belt", route.belt, known["belts"]))
        for j, stop in enumerate(route.stops):
            path = ("routes", i, "stops", j)
            if src.where(path + ("point",)) != src.where(path):
                path += ("point",)
            if stop.point not in known["points"]:
                problems.append(_dangling(src, path, "unknown_point", stop.point, known["points"]))
            elif j and route.stops[j - 1].point == stop.point:
                problems.append(src.problem(path, "stop_repeated", params={"n": j + 1, "id": stop.point}))
    return problems


def _checklists(src: Source, site: Site, records: Records) -> list[Problem]:
    problems = []
    for section, target in (("belts", "belt"), ("points", "point")):
        for i, record in records[section]:
            for name, results in record.checklists.items():
                path = (section, i, "checklists", name)
                definition = site.checklists.get(name)
                if definition is None:
                    problems.append(
                        src.problem(path, "unknown_checklist", at_key=True, params={"id": name}, hint="known_ids",
                                    hint_params={"ids": ", ".join(k for k, c in site.checklists.items() if c.applies_to == target)})
                    )
                    continue
                if definition.applies_to != target:
                    problems.append(src.problem(path, "wrong_checklist_target", at_key=True,
                                                params={"id": name, "target": definition.applies_to,
                                                        "target_zh": {"belt": "示范带", "point": "示范点"}[definition.applies_to]}))
                    continue
                item_ids = [item.id for item in definition.items]
                for item_id in results:
                    if item_id not in item_ids:
                        problems.append(src.problem(path + (item_id,), "unknown_item", at_key=True, params={"checklist": name, "id": item_id},
                                                    hint="checklist_items", hint_params={"ids": "、".join(f"{item.id}({item.name})" for item in definition.items)}))
    return problems


def _coordinates(src: Source, site: Site, records: Records) -> list[Problem]:
    problems = []
    for i, point in records["points"]:
        problems += _far(src, site, ("points", i, "lat"), point.lat, point.lon)
    for i, route in records["routes"]:
        # the model only knows a path vertex is two numbers; here they must also be a place
        for j, (lat, lon) in enumerate(route.path or []):
            bad = [(k, v, limit) for k, v, limit in ((0, lat, 90), (1, lon, 180)) if not -limit <= v <= limit]
            for k, value, limit in bad:
                problems.append(src.problem(("routes", i, "path", j, k), "range", params={"value": value, "low": -limit, "high": limit}))
            if not bad:
                problems += _far(src, site, ("routes", i, "path", j), lat, lon)
    return problems


def _far(src: Source, site: Site, path: tuple, lat: float, lon: float) -> list[Problem]:
    km = _km_from_regions(site, lat, lon)
    if km <= FAR_KM:
        return []
    region = "、".join(r.name for r in site.regions)
    params = {"lat": lat, "lon": lon, "km": round(km), "region": region}
    if _km_from_regions(site, lon, lat) <= FAR_KM:
        return [src.problem(path, "far_outside", params=params, hint="swapped", hint_params={"lat": lat, "lon": lon})]
    return [src.problem(path, "far_outside", params=params, hint="far")]


def _km_from_regions(site: Site, lat: float, lon: float) -> float:
    return min(km_outside(lat, lon, r.south, r.west, r.north, r.east) for r in site.regions)


def _files(src: Source, site: Site, records: Records, root: Path) -> list[Problem]:
    wanted: list[tuple[tuple, str]] = []
    for section in ("belts", "points"):
        for i, record in records[section]:
            for k, photo in enumerate(getattr(record, "photos", [])):
                wanted.append(((section, i, "photos", k, "src"), photo.src))
            for name, results in record.checklists.items():
                for item_id, result in results.items():
                    if result.photo:
                        wanted.append(((section, i, "checklists", name, item_id, "photo"), result.photo))
    problems = []
    for path, relative in wanted:
        target = confined(root, relative)
        if target is None:
            problems.append(src.problem(path, "path_outside", params={"path": relative}, hint="photo"))
        elif not is_file(target):
            problems.append(src.problem(path, "photo_missing", params={"path": relative}, hint="photo"))
    return problems


def _standards(src: Source, site: Site, records: Records, today: dt.date) -> list[Problem]:
    problems = []
    # as written, so a belt that failed validation does not make its points look orphaned
    on_belts = {pid.strip() for belt in _raw_items(src, "belts") if isinstance(belt, dict)
                for pid in (belt.get("points") if isinstance(belt.get("points"), list) else []) if isinstance(pid, str)}
    belt_ids = {belt.id: belt for _, belt in records["belts"]}
    point_ids = _raw_ids(src, "points")
    for i, belt in records["belts"]:
        problems += _belt_standards(src, site, i, belt)
    for i, point in records["points"]:
        if point.id not in on_belts:
            problems.append(_warn(src, ("points", i, "id"), "orphan_point", {"id": point.id}))
        if point.verified is None:
            problems.append(_warn(src, ("points", i), "never_verified", {}, hint="stale"))
        elif point.verified > today:
            problems.append(_warn(src, ("points", i, "verified"), "future_date", {"date": point.verified.isoformat()}))
        elif (today - point.verified).days > STALE_DAYS:
            problems.append(_warn(src, ("points", i, "verified"), "stale",
                                  {"days": (today - point.verified).days, "date": point.verified.isoformat()}, hint="stale"))
    for i, route in records["routes"]:
        belt: Belt | None = belt_ids.get(route.belt)
        if belt is None:
            continue
        for j, stop in enumerate(route.stops):
            if stop.point in point_ids and stop.point not in belt.points:
                problems.append(_warn(src, ("routes", i, "stops", j), "stop_off_belt", {"id": stop.point, "belt": belt.id}))
    points = {point.id: point for _, point in records["points"]}
    for i, route in records["routes"]:
        problems += _stops_off_path(src, site, i, route, points)
    return problems


def _stops_off_path(src: Source, site: Site, i: int, route: Route, points: dict[str, Point]) -> list[Problem]:
    """Distances along a drawn path are only as good as the path: a stop far from it is suspect."""
    if not route.path or any(abs(lat) > 90 or abs(lon) > 180 for lat, lon in route.path):
        return []  # no path, or one already reported as out of range
    path = tours.path_wgs84(site, route)
    if path is None:
        return []
    problems = []
    for j, stop in enumerate(route.stops):
        point = points.get(stop.point)
        if point is None:
            continue
        metres = tours.distance_to_path(tours.wgs84(site, point), path)
        if metres > OFF_PATH_M:
            problems.append(_warn(src, ("routes", i, "stops", j), "stop_off_path",
                                  {"n": j + 1, "id": stop.point, "metres": round(metres)}, hint="path"))
    return problems


def _belt_standards(src: Source, site: Site, i: int, belt: Belt) -> list[Problem]:
    problems = []
    if len(belt.points) < MIN_POINTS:
        problems.append(_warn(src, ("belts", i, "points"), "few_points", {"n": len(belt.points)}, hint="few_points"))
    for name, checklist in site.checklists.items():
        if checklist.applies_to != "belt":
            continue
        results = belt.checklists.get(name, {})
        missing = [item.name for item in checklist.items if item.id not in results or results[item.id].state.value == "unmet"]
        if missing:
            problems.append(_warn(src, ("belts", i, "checklists"), "incomplete_checklist", {"name": checklist.name, "items": "、".join(missing)}))
    return problems


def _warn(src: Source, path: tuple, key: str, params: dict, hint: str | None = None) -> Problem:
    line, col = src.where(path)
    return Problem(src.file, line, col, dotted(path), key, params, hint=hint, warning=True)
