"""Where a belt or point stands: the three-year plan ("一年打基础、二年创品牌、三年全覆盖"), the
status history, and the values the page partials show.

Nothing here reads the clock: progress is measured against a reference year passed in, and
`reference_date` derives it from the data itself (the latest date an editor wrote), so the same
sites.yaml always builds the same site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import MIN_POINTS, Belt, Point, Project, Site, Status
from ..model.schema import title
from . import checklists, figures


def _partial_date(text: str) -> dt.date:
    """"2019" or "2019-06" → the first day of that period (the earliest the editor could mean)."""
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def reference_date(project: Project) -> dt.date | None:
    """The latest date written in the data (核实日期, 数据截至日期, 状态变化日期): "now" for the
    board and the plan's progress. Builds never depend on today's date."""
    dates = [p.verified for p in project.points if p.verified]
    dates += [f.as_of for p in project.points for f in p.figures]
    dates += [_partial_date(c.date) for p in project.points for c in p.status_history]
    return max(dates, default=None)


@dataclass(frozen=True)
class Indicator:
    """One piece of data evidence for a phase; `ok` is None where the sources set no threshold."""

    label: str
    value: str
    ok: bool | None = None


@dataclass(frozen=True)
class PhaseProgress:
    name: str
    year: int
    state: str
    """past, current or upcoming, relative to the reference year."""
    indicators: tuple[Indicator, ...]

    @property
    def state_text(self) -> str:
        return PHASE_STATES[self.state]


PHASES = ("一年打基础", "二年创品牌", "三年全覆盖")
PHASE_STATES = {"past": "已过", "current": "▶ 当前阶段", "upcoming": "未到"}


@dataclass(frozen=True)
class BeltProgress:
    """Where a belt stands in "一年打基础、二年创品牌、三年全覆盖"."""

    start_year: int
    reference_year: int | None
    phases: tuple[PhaseProgress, ...]

    @property
    def year_number(self) -> int | None:
        """1 in the start year; None without a reference year."""
        return None if self.reference_year is None else self.reference_year - self.start_year + 1

    @property
    def stage(self) -> str:
        n = self.year_number
        if n is None:
            return "无法判断(数据中没有日期)"
        if n < 1:
            return "尚未开始"
        if n > len(PHASES):
            return f"三年期满(第 {n} 年)"
        return PHASES[n - 1]


def belt_points(project: Project, belt: Belt) -> list[Point]:
    return [project.point(pid) for pid in belt.points]


def demonstration_share(points: list[Point]) -> checklists.Share:
    return checklists.Share(sum(1 for p in points if p.status == Status.demonstration), len(points))


def complete_share(site: Site, points: list[Point]) -> checklists.Share:
    """Points meeting every point checklist fully."""
    return checklists.Share(sum(1 for p in points if checklists.all_complete(site, p)), len(points))


def belt_progress(project: Project, belt: Belt, reference_year: int | None) -> BeltProgress | None:
    """The plan's phases for a belt with a start_year, with today's data as evidence for each."""
    if belt.start_year is None:
        return None
    points = belt_points(project, belt)
    demo, complete = demonstration_share(points), complete_share(project.site, points)
    evidence = (
        [Indicator("示范点数量", f"{len(points)} 个(要求不少于 {MIN_POINTS} 个)", len(points) >= MIN_POINTS)]
        + [Indicator(o.checklist.name, f"{o.share.part}/{o.applicable} 项达标", o.complete)
           for o in checklists.checklist_outcomes(project.site, belt)],
        [Indicator(title("Belt.brand"), belt.brand or "未填写", bool(belt.brand)),
         Indicator("已认定为示范点", demo.text)],
        [Indicator("已认定为示范点", demo.text, demo.full),
         Indicator("各项清单全部达标的点", complete.text, complete.full)],
    )
    phases = []
    for i, name in enumerate(PHASES):
        year = belt.start_year + i
        if reference_year is None or year > reference_year:
            state = "upcoming"
        else:
            state = "current" if year == reference_year else "past"
        phases.append(PhaseProgress(name, year, state, tuple(evidence[i])))
    return BeltProgress(belt.start_year, reference_year, tuple(phases))


# --- status history ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    status: Status
    date: str | None
    """As the editor wrote it (2019, 2019-06 or 2019-06-01); None for an undated current status."""
    current: bool


def status_timeline(point: Point) -> list[TimelineEntry]:
    """The status history in date order (ISO text sorts by date at any precision), ending in the
    current status; a current status the history does not reach is added without a date."""
    history = sorted(point.status_history, key=lambda change: change.date)
    entries = [(c.status, c.date) for c in history]
    if not entries or entries[-1][0] != point.status:
        entries.append((point.status, None))
    last = len(entries) - 1
    return [TimelineEntry(status, date, i == last) for i, (status, date) in enumerate(entries)]


# --- what the page partials expect -------------------------------------------------------------


def belt_values(project: Project, belt: Belt, reference_year: int | None = None) -> dict:
    """Variables for the partials on a belt page (checklists, figures, progress). Without a
    reference year, the year of `reference_date(project)` is used."""
    if reference_year is None:
        reference = reference_date(project)
        reference_year = reference.year if reference else None
    return {
        "checklist_outcomes": checklists.checklist_outcomes(project.site, belt),
        "figure_rows": figures.figure_totals(belt_points(project, belt)),
        "belt_progress": belt_progress(project, belt, reference_year),
    }


def point_values(project: Project, point: Point) -> dict:
    """Variables for the partials on a point page (checklists, figures, status timeline)."""
    return {
        "checklist_outcomes": checklists.checklist_outcomes(project.site, point),
        "figure_rows": figures.figure_rows(point.figures),
        "status_timeline": status_timeline(point) if point.status_history else [],
    }
