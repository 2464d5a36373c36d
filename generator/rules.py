"""Rules across records: ids, references, coordinates, files, and the domain's standards."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

from .geo import km_outside
from .model import Belt, Point, Route, Site
from .problems import Problem
from .yamlsource import Source, dotted

FAR_KM = 50
STALE_DAYS = 365
MIN_POINTS = 8


def check(src: Source, site: Site, records: dict[str, list], root: Path, today: dt.date) -> list[Problem]:
    known = {name: _raw_ids(src, name) for name in ("points", "belts", "routes")}
    problems: list[Problem] = []
    for name in known:
        problems += _duplicate_ids(src, name)
    problems += _references(src, records, known)
    problems += _checklists(src, site, records, known)
    problems += _coordinates(src, site, records["points"], known)
    problems += _files(src, site, records, root, known)
    problems += _standards(src, site, records, today, known)
    return problems


def _raw_ids(src: Source, section: str) -> dict[str, int]:
    """Ids as written, with their index, even for records that failed validation."""
    items = src.data.get(section) if isinstance(src.data, dict) else None
    ids: dict[str, int] = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            ids.setdefault(item["id"], i)
    return ids


def _duplicate_ids(src: Source, section: str) -> list[Problem]:
    items = src.data.get(section) if isinstance(src.data, dict) else None
    first: dict[str, int] = {}
    problems = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        record_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(record_id, str):
            continue
        if record_id in first:
            line = src.where((section, first[record_id], "id"))[0]
            problems.append(src.problem((section, i, "id"), "duplicate_id", params={"id": record_id, "first": line}))
        else:
            first[record_id] = i
    return problems


def _dangling(src: Source, path: tuple, key: str, ref: str, known: dict[str, int]) -> Problem:
    close = difflib.get_close_matches(ref, list(known), n=6, cutoff=0.5)
    ids = close or sorted(known)[:8]
    shown = ", ".join(ids) + (" …" if len(known) > len(ids) and not close else "")
    return src.problem(path, key, params={"id": ref}, hint="known_ids", hint_params={"ids": shown or "(无)"})


def _references(src: Source, records: dict[str, list], known: dict[str, dict]) -> list[Problem]:
    problems = []
    for belt in records["belts"]:
        i = known["belts"][belt.id]
        for j, pid in enumerate(belt.points):
            if pid not in known["points"]:
                problems.append(_dangling(src, ("belts", i, "points", j), "unknown_point", pid, known["points"]))
    for route in records["routes"]:
        i = known["routes"][route.id]
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


def _checklists(src: Source, site: Site, records: dict[str, list], known: dict) -> list[Problem]:
    problems = []
    for section, target in (("belts", "belt"), ("points", "point")):
        for record in records[section]:
            i = known[section][record.id]
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
                                                params={"id": name, "target": "示范带" if definition.applies_to == "belt" else "示范点"}))
                    continue
                item_ids = [item.id for item in definition.items]
                for item_id in results:
                    if item_id not in item_ids:
                        problems.append(src.problem(path + (item_id,), "unknown_item", at_key=True, params={"checklist": name, "id": item_id},
                                                    hint="checklist_items", hint_params={"ids": ", ".join(item_ids)}))
    return problems


def _coordinates(src: Source, site: Site, points: list[Point], known: dict) -> list[Problem]:
    problems = []
    for point in points:
        km = _km_from_regions(site, point.lat, point.lon)
        if km <= FAR_KM:
            continue
        path = ("points", known["points"][point.id], "lat")
        region = "、".join(r.name for r in site.regions)
        params = {"lat": point.lat, "lon": point.lon, "km": round(km), "region": region}
        if _km_from_regions(site, point.lon, point.lat) <= FAR_KM:
            problems.append(src.problem(path, "far_outside", params=params, hint="swapped", hint_params={"lat": point.lat, "lon": point.lon}))
        else:
            problems.append(src.problem(path, "far_outside", params=params, hint="far"))
    return problems


def _km_from_regions(site: Site, lat: float, lon: float) -> float:
    return min(km_outside(lat, lon, r.south, r.west, r.north, r.east) for r in site.regions)


def confined(root: Path, relative: str) -> Path | None:
    """The file a docs-relative path names, or None when it would leave docs/."""
    docs = (root / "docs").resolve()
    if relative.startswith(("/", "\\")) or ":" in relative or "\\" in relative:
        return None
    target = (docs / relative).resolve()
    return target if target.is_relative_to(docs) else None


def _files(src: Source, site: Site, records: dict[str, list], root: Path, known: dict) -> list[Problem]:
    wanted: list[tuple[tuple, str]] = []
    if site.outline:
        wanted.append((("site", "outline"), site.outline))
    for section in ("belts", "points"):
        for record in records[section]:
            i = known[section][record.id]
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
        elif not target.is_file():
            problems.append(src.problem(path, "photo_missing", params={"path": relative}, hint="photo"))
    return problems


def _standards(src: Source, site: Site, records: dict[str, list], today: dt.date, known: dict) -> list[Problem]:
    problems = []
    on_belts = {pid for belt in records["belts"] for pid in belt.points}
    belt_ids = {belt.id: belt for belt in records["belts"]}
    for belt in records["belts"]:
        problems += _belt_standards(src, site, belt, known)
    for point in records["points"]:
        i = known["points"][point.id]
        if point.id not in on_belts:
            problems.append(_warn(src, ("points", i, "id"), "orphan_point", {"id": point.id}))
        if point.verified is None:
            problems.append(_warn(src, ("points", i), "never_verified", {}, hint="stale"))
        elif (today - point.verified).days > STALE_DAYS:
            problems.append(_warn(src, ("points", i, "verified"), "stale",
                                  {"days": (today - point.verified).days, "date": point.verified.isoformat()}, hint="stale"))
    for route in records["routes"]:
        belt: Belt | None = belt_ids.get(route.belt)
        if belt is None:
            continue
        i = known["routes"][route.id]
        for j, stop in enumerate(route.stops):
            if stop.point in known["points"] and stop.point not in belt.points:
                problems.append(_warn(src, ("routes", i, "stops", j), "stop_off_belt", {"id": stop.point, "belt": belt.id}))
    return problems


def _belt_standards(src: Source, site: Site, belt: Belt, known: dict) -> list[Problem]:
    i = known["belts"][belt.id]
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
