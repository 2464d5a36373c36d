"""Figures (dated numbers such as "联建活动 9 次,截至 2021-05-31"): a point's as written, and totals
over points that only add what can be added (same name, same unit, each point's latest)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..model import Figure, Point


@dataclass(frozen=True)
class FigureTotal:
    """A figure, or the sum of figures with the same name AND unit over several points."""

    name: str
    unit: str
    value: float
    approx: bool
    first: dt.date
    """Earliest 截至 date among the summed figures."""
    last: dt.date
    """Latest 截至 date."""
    points: int = 1
    """How many points contributed."""

    @property
    def as_of_text(self) -> str:
        if self.first == self.last:
            return f"截至 {self.first.isoformat()}"
        return f"截至 {self.first.isoformat()} 至 {self.last.isoformat()}"


def figure_rows(figures: list[Figure]) -> list[FigureTotal]:
    """A point's own figures as they are (a series of dates stays a series)."""
    return [FigureTotal(f.name, f.unit, f.value, f.approx, f.as_of, f.as_of) for f in figures]


def latest_figures(point: Point) -> list[Figure]:
    """Per name and unit, the point's latest figure: a point reporting 9 activities in 2021 and 20
    in 2022 has done 20, not 29."""
    latest: dict[tuple[str, str], Figure] = {}
    for figure in point.figures:
        key = (figure.name, figure.unit)
        if key not in latest or figure.as_of >= latest[key].as_of:
            latest[key] = figure
    return list(latest.values())


def figure_totals(points: list[Point]) -> list[FigureTotal]:
    """Sums over points of figures whose name and unit both match (次 is never added to 人),
    in order of first appearance. Each point counts once, with its latest value."""
    groups: dict[tuple[str, str], list[Figure]] = {}
    for point in {p.id: p for p in points}.values():
        for figure in latest_figures(point):
            groups.setdefault((figure.name, figure.unit), []).append(figure)
    totals = []
    for (name, unit), figures in groups.items():
        dates = [f.as_of for f in figures]
        value = math.fsum(f.value for f in figures)
        totals.append(FigureTotal(name, unit, value, any(f.approx for f in figures), min(dates), max(dates), len(figures)))
    return totals
