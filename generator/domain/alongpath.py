"""Legs measured along a route's drawn path:

* each stop is snapped to a position on the path — its perpendicular foot on some segment, or a
  vertex — and the positions must not go backwards, stop after stop;
* among all such assignments we take the one whose snaps are closest in total (a small dynamic
  programme), so an out-and-back path that passes a stop twice snaps it to the right pass;
* a leg is the length of the path between its two positions; the short walk from a stop to the
  path is not counted (editors draw paths from door to door).

Everything is in WGS-84 (lat, lon).
"""

from __future__ import annotations

import math

from .geo import distance_m

LatLon = tuple[float, float]


def leg_lengths(path: list[LatLon], stops: list[LatLon]) -> list[float]:
    """Leg lengths along `path` between consecutive stops (the rule is in the module docstring)."""
    cumulative = [0.0]
    for a, b in zip(path, path[1:]):
        cumulative.append(cumulative[-1] + distance_m(a, b))
    # One candidate per segment: the stop's nearest place on it, as (position, distance to it).
    candidates = [
        [_snap(stop, a, b, cumulative[j], cumulative[j + 1]) for j, (a, b) in enumerate(zip(path, path[1:]))]
        for stop in stops
    ]
    chosen = _monotone(candidates)
    return [max(0.0, b - a) for a, b in zip(chosen, chosen[1:])]


def distance_to_path(p: LatLon, path: list[LatLon]) -> float:
    """Metres from p to the nearest place on the path (all WGS-84)."""
    return min(_snap(p, a, b, 0.0, 0.0)[1] for a, b in zip(path, path[1:]))


def _snap(p: LatLon, a: LatLon, b: LatLon, pos_a: float, pos_b: float) -> tuple[float, float]:
    """Nearest place to p on segment a–b: its position along the path and its distance from p.

    Uses a flat (equirectangular) frame around `a`: exact enough for segments of a city walk."""
    scale = math.cos(math.radians(a[0]))
    bx, by = (b[1] - a[1]) * scale, b[0] - a[0]
    px, py = (p[1] - a[1]) * scale, p[0] - a[0]
    length2 = bx * bx + by * by
    t = 0.0 if length2 == 0 else min(1.0, max(0.0, (px * bx + py * by) / length2))
    foot = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    return pos_a + t * (pos_b - pos_a), distance_m(p, foot)


def _monotone(candidates: list[list[tuple[float, float]]]) -> list[float]:
    """Pick one candidate per stop, positions never decreasing, least total snap distance.

    A stop on segment j may follow a stop on an earlier segment, or on the same segment at a
    position not further on. If nothing fits (stops ordered against the path), the rest of the
    stops are put at the path's end, so legs are never negative."""
    segments = len(candidates[0])
    inf = math.inf
    cost = [d for _, d in candidates[0]]
    back: list[list[int]] = []
    for k in range(1, len(candidates)):
        best_before, best_j = inf, -1  # best cost over segments strictly before j
        new_cost, links = [inf] * segments, [-1] * segments
        for j in range(segments):
            pos, dist = candidates[k][j]
            options = [(best_before, best_j)]
            if candidates[k - 1][j][0] <= pos:
                options.append((cost[j], j))
            prior, link = min(options)
            if prior < inf:
                new_cost[j], links[j] = prior + dist, link
            if cost[j] < best_before:
                best_before, best_j = cost[j], j
        cost = new_cost
        back.append(links)
    j = min(range(segments), key=lambda i: cost[i])
    if cost[j] == inf:
        return _greedy(candidates)
    chosen = [j]
    for links in reversed(back):
        j = links[j]
        chosen.append(j)
    chosen.reverse()
    return [candidates[k][j][0] for k, j in enumerate(chosen)]


def _greedy(candidates: list[list[tuple[float, float]]]) -> list[float]:
    """Fallback: nearest candidate not behind the previous stop's position."""
    chosen: list[float] = []
    for options in candidates:
        floor = chosen[-1] if chosen else 0.0
        ahead = [(d, pos) for pos, d in options if pos >= floor]
        chosen.append(min(ahead)[1] if ahead else floor)
    return chosen
