"""Rules for places: region bounds the right way round, and coordinates inside the site's regions."""

from __future__ import annotations

from ..domain.geo import km_outside
from ..model import Site
from .positions import Source
from .problems import Problem
from .rawrecords import Records

FAR_KM = 50


def regions(src: Source, site: Site) -> list[Problem]:
    problems = []
    for i, region in enumerate(site.regions):
        for low, high in (("south", "north"), ("west", "east")):
            if getattr(region, low) > getattr(region, high):
                problems.append(src.problem(("site", "regions", i, low), "region_inverted",
                                            params={"low": low, "high": high, "low_value": getattr(region, low),
                                                    "high_value": getattr(region, high)},
                                            hint="region_inverted", hint_params={"low": low, "high": high}))
    return problems


def coordinates(src: Source, site: Site, records: Records) -> list[Problem]:
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
