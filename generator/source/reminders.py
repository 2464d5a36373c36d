"""Warnings for editors: what the standards ask (points per belt, checklists met), points never or
long ago verified, points on no belt, stops off their belt or far from their route's path.

They never stop a build: `check` shows them, and the plugin logs them at info level.
"""

from __future__ import annotations

import datetime as dt

from ..domain import alongpath, checklists, tours
from ..model import MIN_POINTS, Belt, Point, Route, Site
from .positions import Source, dotted
from .problems import Problem
from .rawrecords import Records, raw_ids, raw_items

STALE_DAYS = 365
OFF_PATH_M = 200


def check(src: Source, site: Site, records: Records, today: dt.date) -> list[Problem]:
    problems = []
    # as written, so a belt that failed validation does not make its points look orphaned
    on_belts = {pid.strip() for belt in raw_items(src, "belts") if isinstance(belt, dict)
                for pid in (belt.get("points") if isinstance(belt.get("points"), list) else []) if isinstance(pid, str)}
    belt_ids = {belt.id: belt for _, belt in records["belts"]}
    point_ids = raw_ids(src, "points")
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
        metres = alongpath.distance_to_path(tours.wgs84(site, point), path)
        if metres > OFF_PATH_M:
            problems.append(_warn(src, ("routes", i, "stops", j), "stop_off_path",
                                  {"n": j + 1, "id": stop.point, "metres": round(metres)}, hint="path"))
    return problems


def _belt_standards(src: Source, site: Site, i: int, belt: Belt) -> list[Problem]:
    problems = []
    if len(belt.points) < MIN_POINTS:
        problems.append(_warn(src, ("belts", i, "points"), "few_points", {"n": len(belt.points), "min": MIN_POINTS},
                              hint="few_points"))
    for outcome in checklists.checklist_outcomes(site, belt):
        if not outcome.complete:
            params = {"name": outcome.checklist.name, "items": "、".join(item.name for item in outcome.short_of)}
            problems.append(_warn(src, ("belts", i, "checklists"), "incomplete_checklist", params))
    return problems


def _warn(src: Source, path: tuple, key: str, params: dict, hint: str | None = None) -> Problem:
    line, col = src.where(path)
    return Problem(src.file, line, col, dotted(path), key, params, hint=hint, warning=True)
