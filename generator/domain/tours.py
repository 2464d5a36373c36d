"""Tours: what a visitor following a route needs — stops in order, legs, distances and times.

Pure computation over the model; pages, printables and exports all read the same `Itinerary`.

Distances are in WGS-84 (every coordinate is converted first: a point's own `crs`, else the
site's; `Route.path` is in the site's `crs`). Without a path a leg is the great-circle distance
between its two stops; with a path the leg is measured along it (`alongpath`).

Times: leg minutes = leg distance at the route's mode speed (`site.speeds`, km/h), rounded *up*
to whole minutes (visitors would rather arrive early); totals are sums of the shown numbers so a
page's figures add up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import paths
from ..model import Point, Project, Route, Site, Stop, TravelMode
from .alongpath import leg_lengths
from .geo import convert, distance_m
from .wording import distance_text, minutes_text

LatLon = tuple[float, float]


@dataclass(frozen=True)
class Leg:
    """The way from one stop to the next."""

    start: int
    """Index (0-based) of the stop the leg leaves."""
    end: int
    """Index of the stop it reaches (start + 1)."""
    metres: float
    """Length in metres: great-circle, or along `Route.path` when the route has one."""
    minutes: int
    """Travel time at the route's mode speed, rounded up."""
    mode: TravelMode
    """How the visitor travels (for the label 步行/大巴…)."""
    bearing: float
    """Compass bearing (degrees from north) from this stop straight to the next."""

    @property
    def distance_text(self) -> str:
        return distance_text(self.metres)

    @property
    def direction_text(self) -> str:
        """Where the next stop lies as the crow flies: 北, 东北, 东 …"""
        return _COMPASS[round(self.bearing / 45) % 8]

    @property
    def minutes_text(self) -> str:
        return minutes_text(self.minutes)

    @property
    def way_text(self) -> str:
        """"往东南步行 510 米，约 7 分钟" (no direction for a step of a few metres)."""
        heading = f"往{self.direction_text}" if self.metres >= 20 else ""
        return f"{heading}{self.mode.label} {self.distance_text}，{self.minutes_text}"


@dataclass(frozen=True)
class StopInfo:
    """One stop as a visitor meets it: "第 n 站 / 共 N 站", with the legs in and out."""

    n: int
    """Number of this stop, from 1."""
    total: int
    """Number of stops on the route."""
    stop: Stop
    """The stop as written (dwell, note)."""
    point: Point
    """The point visited."""
    leg_in: Leg | None
    """The leg arriving here; None at the first stop."""
    leg_out: Leg | None
    """The leg leaving; None at the last stop."""
    previous: Point | None
    """The point of the stop before, if any."""
    next: Point | None
    """The point of the stop after, if any."""
    route: Route
    """The route this stop belongs to."""

    @property
    def page(self) -> str:
        """Site path of the point's page (give it to `rel()` in a template)."""
        return paths.page("point", self.point.id)

    @property
    def previous_page(self) -> str | None:
        return paths.page("point", self.previous.id) if self.previous else None

    @property
    def next_page(self) -> str | None:
        return paths.page("point", self.next.id) if self.next else None

    @property
    def route_page(self) -> str:
        return paths.page("route", self.route.id)

    @property
    def dwell_text(self) -> str:
        return minutes_text(self.stop.dwell)


@dataclass(frozen=True)
class Itinerary:
    """A route worked out: its stops, legs and totals."""

    route: Route
    stops: list[StopInfo]
    legs: list[Leg]
    metres: float
    """Total travel distance."""
    travel_minutes: int
    """Sum of the legs' minutes."""
    dwell_minutes: int
    """Sum of the stops' dwell times."""

    @property
    def mode(self) -> TravelMode:
        return self.route.mode

    @property
    def total_minutes(self) -> int:
        return self.travel_minutes + self.dwell_minutes

    @property
    def page(self) -> str:
        return paths.page("route", self.route.id)

    @property
    def distance_text(self) -> str:
        return distance_text(self.metres)

    @property
    def travel_text(self) -> str:
        return minutes_text(self.travel_minutes)

    @property
    def dwell_text(self) -> str:
        return minutes_text(self.dwell_minutes)

    @property
    def total_text(self) -> str:
        return minutes_text(self.total_minutes)


# --- coordinates ---------------------------------------------------------------------------


def wgs84(site: Site, point: Point) -> LatLon:
    """A point's coordinates in WGS-84, from its own crs or the site's."""
    return convert(point.lat, point.lon, point.crs or site.crs, "wgs84")


def path_wgs84(site: Site, route: Route) -> list[LatLon] | None:
    """The route's drawn path in WGS-84 (it is written in the site's crs); None without one
    (a single vertex is no path)."""
    if not route.path or len(route.path) < 2:
        return None
    return [convert(lat, lon, site.crs, "wgs84") for lat, lon in route.path]


# --- the itinerary -------------------------------------------------------------------------


def itinerary_made_from(project: Project, route: Route) -> tuple:
    """What `itinerary` reads: the route, the site settings and its stops' points."""
    return (route, project.site, *(project.point(s.point) for s in route.stops))


def positions_made_from(project: Project, point: Point) -> tuple:
    """What a point's `positions` read (and the point and the site settings): the itineraries'
    inputs of every route the point is on."""
    return (point, project.site, *(x for route in project.routes_of(point.id) for x in itinerary_made_from(project, route)))


def itinerary(project: Project, route: Route) -> Itinerary:
    site = project.site
    points = [project.point(s.point) for s in route.stops]
    where = [wgs84(site, p) for p in points]
    path = path_wgs84(site, route)
    metres = leg_lengths(path, where) if path else [distance_m(a, b) for a, b in zip(where, where[1:])]
    speed = getattr(site.speeds, route.mode.value)
    legs = [
        Leg(i, i + 1, m, _minutes(m, speed), route.mode, _bearing(where[i], where[i + 1]))
        for i, m in enumerate(metres)
    ]
    total = len(points)
    stops = [
        StopInfo(
            n=i + 1,
            total=total,
            stop=stop,
            point=points[i],
            leg_in=legs[i - 1] if i else None,
            leg_out=legs[i] if i < len(legs) else None,
            previous=points[i - 1] if i else None,
            next=points[i + 1] if i + 1 < total else None,
            route=route,
        )
        for i, stop in enumerate(route.stops)
    ]
    return Itinerary(
        route=route,
        stops=stops,
        legs=legs,
        metres=sum(metres),
        travel_minutes=sum(leg.minutes for leg in legs),
        dwell_minutes=sum(s.dwell for s in route.stops),
    )


def positions(
    project: Project, point_id: str, itins: dict[str, Itinerary] | None = None
) -> list[tuple[Route, StopInfo]]:
    """Every place the point has on a route, in route order: one entry per visit, so a point a
    route passes twice (a loop back to the start) has two entries for that route."""
    found = []
    for route in project.routes_of(point_id):
        itin = itins[route.id] if itins is not None else itinerary(project, route)
        found += [(route, s) for s in itin.stops if s.point.id == point_id]
    return found


def _minutes(metres: float, speed_kmh: float) -> int:
    return math.ceil(round(metres / (speed_kmh * 1000 / 60), 6))


_COMPASS = ["北", "东北", "东", "东南", "南", "西南", "西", "西北"]


def _bearing(a: LatLon, b: LatLon) -> float:
    """Initial great-circle bearing from a to b, 0–360°."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    y = math.sin(lon2 - lon1) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(lon2 - lon1)
    return math.degrees(math.atan2(y, x)) % 360
