"""The comparison board (比学树 · 考评看板): coverage and compliance by district, belt, kind, level.

"比、学、树" and "可量化考评" (source 004) ask that each district's and each belt's progress be
shown publicly. The numbers come from `standards`; the page shows them in tables that our own
few lines of JavaScript (board/sort.js) make sortable — without the script they read the same,
in the data's order — and in two bar charts drawn at build time as inline SVG. The tables are
raw HTML so that each cell can carry its sort key; their links are computed here because MkDocs
does not rewrite links inside raw HTML. The page is dated by the data, never by today.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..domain import checklists
from ..domain.checklists import Share
from ..domain.figures import figure_totals
from ..domain.progress import (
    belt_points,
    belt_progress,
    demonstration_share,
    reference_date,
)
from ..model import MIN_POINTS, RECORDS, Belt, Level, Point, PointKind, Project, Status
from . import memo
from .charts import Bar, bar_chart
from .context import Context
from .templating import number

STATIC = Path(__file__).parent.parent / "static"
DEMONSTRATION, CULTIVATING = Status.demonstration.label, Status.cultivating.label


@dataclass(frozen=True)
class Cell:
    text: str
    sort: float | None = None
    """Numeric sort key; None sorts by text."""
    href: str | None = None


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    foot: tuple[Cell, ...] | None = None


def render(ctx: Context) -> dict[str, str]:
    project = ctx.project
    facts = _facts(ctx)
    reference = reference_date(project)

    def derive() -> dict:
        board = _Board(project, ctx, reference.year if reference else None, [fact for fact, _ in facts])
        return {"totals": board.totals(), "charts": board.charts(), "tables": board.tables()}
    # Made again only when what it reads changed: a point's name, story or photos are not on it.
    read = memo.digest(b"".join(ref for _, ref in facts))
    page = ctx.render_derived(ctx.environment(), "board.md.j2", paths.BOARD, (project.site, *project.belts, read),
                              derive, reference=reference, min_points=MIN_POINTS, marks=checklists.MARKS)
    files = {paths.BOARD: page}
    for target, name in paths.BOARD_ASSETS.items():
        files[target] = (STATIC / name).read_text(encoding="utf-8")
    return files


def _facts(ctx: Context) -> list[tuple[tuple, bytes]]:
    """What the board reads of each point, in the points' order, with its hash; a point's kept
    from the last build while it and the site settings are unchanged (its checklists' outcomes
    took most of the board's time)."""
    site, hasher = ctx.project.site, ctx.hasher()

    def made(point: Point) -> tuple[tuple, bytes]:
        fact = _point_facts(site, point)
        # Hashed by its text: a pickle's bytes depend on which equal strings are one object,
        # and the loader shares them differently once a record is read again.
        return fact, memo.digest(repr(fact).encode("utf-8"))
    return [ctx.cache.recent("board facts", (hasher.ref(site), hasher.ref(p)), lambda p=p: made(p))
            for p in ctx.project.points]


def _point_facts(site, point: Point) -> tuple:
    """A point as the board reads it: `_Board` and `reference_date` read nothing else of it."""
    return (point.id, point.district, point.status, point.level, point.kind,
            tuple((o.id, o.complete) for o in checklists.checklist_outcomes(site, point)),
            tuple(tuple(vars(f).values()) for f in point.figures), point.verified,
            tuple(tuple(vars(c).values()) for c in point.status_history))


# --- cells -----------------------------------------------------------------------------------


def _count(n: int) -> Cell:
    return Cell(str(n), n)


def _share(share: Share) -> Cell:
    return Cell(share.text, -1 if share.ratio is None else round(share.ratio, 6))


def _demonstration(points: list[Point]) -> int:
    return demonstration_share(points).part


def _mark(ok: bool, text: str) -> Cell:
    return Cell(checklists.MARKS["met" if ok else "unmet"] + text, int(ok))


# --- the board -------------------------------------------------------------------------------


class _Board:
    """The board's numbers for one project, computed once per build."""

    def __init__(self, project: Project, ctx: Context, reference_year: int | None, facts: list[tuple]):
        self.project, self.site, self.ctx = project, project.site, ctx
        self.reference_year = reference_year
        self.point_lists = [(i, c) for i, c in self.site.checklists.items() if c.applies_to == "point"]
        self.belt_lists = [(i, c) for i, c in self.site.checklists.items() if c.applies_to == "belt"]
        # Point checklist outcomes are used by every grouping: worked out once per point (`_facts`).
        self.complete = {fact[0]: dict(fact[5]) for fact in facts}

    # groups of points

    def districts(self) -> list[tuple[str, list[Point]]]:
        """Districts in order of first appearance (points first, then belts without points there)."""
        names = dict.fromkeys([p.district for p in self.project.points] + [b.district for b in self.project.belts])
        return [(name, [p for p in self.project.points if p.district == name]) for name in names]

    def by_enum(self, attribute: str, members) -> list[tuple[str, list[Point]]]:
        groups = [(m.label, [p for p in self.project.points if getattr(p, attribute) == m]) for m in members]
        return [(label, points) for label, points in groups if points]

    def all_met(self, points: list[Point], checklist_id: str | None = None) -> Share:
        """Points meeting one point checklist (or all of them) fully."""
        def ok(p: Point) -> bool:
            results = self.complete[p.id]
            return results[checklist_id] if checklist_id else all(results.values())
        return Share(sum(1 for p in points if ok(p)), len(points))

    # summary, charts, tables

    def totals(self) -> dict:
        points, belts = self.project.points, self.project.belts
        belt_outcomes = {cid: [self._belt_outcome(b, cid) for b in belts] for cid, _ in self.belt_lists}
        return {
            "belts": len(belts),
            "belts_enough": sum(1 for b in belts if len(b.points) >= MIN_POINTS),
            "points": len(points),
            "demonstration": _demonstration(points),
            "cultivating": len(points) - _demonstration(points),
            "levels": [(label, len(group)) for label, group in self.by_enum("level", Level)],
            "belt_checklists": [(c.name, Share(sum(o.complete for o in belt_outcomes[cid]), len(belts)))
                                for cid, c in self.belt_lists],
            "point_checklists": [(c.name, self.all_met(points, cid)) for cid, c in self.point_lists],
        }

    def charts(self) -> dict[str, str]:
        districts = self.districts()
        scale = max((len(group) for _, group in districts), default=0)
        district_bars = []
        for name, group in districts:
            demo = _demonstration(group)
            counts = f"{DEMONSTRATION} {demo} · {CULTIVATING} {len(group) - demo}"
            district_bars.append(Bar(name, counts, ((demo, 0), (len(group) - demo, 1))))
        belt_bars = []
        for belt in self.project.belts:
            points = belt_points(self.project, belt)
            belt_bars.append(Bar(belt.name, heading=True))
            for cid, checklist in self.belt_lists:
                share = self._belt_outcome(belt, cid).share
                belt_bars.append(Bar(f"{checklist.name}达标条目", share.text, ((share.ratio or 0, 0),)))
            for cid, checklist in self.point_lists:
                share = self.all_met(points, cid)
                belt_bars.append(Bar(f"{checklist.name}全部达标的点", share.text, ((share.ratio or 0, 0),)))
        return {
            "districts": bar_chart(
                "board-chart-districts", "各县(市)区示范点与培育点数量",
                "每个县(市)区一条横条,实心为示范点,斜线为培育点;数字写在名称后,明细见下表。",
                district_bars, scale, legend=[DEMONSTRATION, f"{CULTIVATING}(斜线)"]),
            "belts": bar_chart(
                "board-chart-belts", "各示范带清单达标情况",
                "每条示范带下列出示范带清单的达标条目比例,以及各项示范点清单全部达标的点所占比例;"
                "框线为 100%,数字写在名称后,明细见下表。",
                belt_bars, 1, track=True),
        }

    def tables(self) -> dict[str, Table]:
        return {
            "districts": self._group_table("board-districts", "按县(市)区", "县(市)区", self.districts(), with_belts=True),
            "belts": self._belt_table(),
            "kinds": self._group_table("board-kinds", "按类型", "类型", self.by_enum("kind", PointKind)),
            "levels": self._group_table("board-levels", "按级别", "级别", self.by_enum("level", Level), levels=False),
            "figures": self._figure_table("board-figures", "全部示范点数据合计", [(None, self.project.points)]),
            "district_figures": self._figure_table("board-district-figures", "各县(市)区数据合计", self.districts(),
                                                   "县(市)区"),
        }

    # helpers grouped by what they make

    def _belt_outcome(self, belt: Belt, checklist_id: str) -> checklists.ChecklistOutcome:
        return next(o for o in checklists.checklist_outcomes(self.site, belt) if o.id == checklist_id)

    def _group_row(self, name: str, points: list[Point], belts: int | None, levels: bool) -> tuple[Cell, ...]:
        demo = _demonstration(points)
        city = sum(1 for p in points if p.level == Level.city)
        cells = [Cell(name)] + ([_count(belts)] if belts is not None else [])
        cells += [_count(len(points)), _count(demo), _count(len(points) - demo)]
        cells += [_count(city), _count(len(points) - city)] if levels else []
        cells += [_share(Share(demo, len(points)))]
        cells += [_share(self.all_met(points, cid)) for cid, _ in self.point_lists]
        return tuple(cells + [_share(self.all_met(points))])

    def _group_table(self, table_id: str, caption: str, first: str, groups, with_belts: bool = False,
                     levels: bool = True) -> Table:
        """One row per group of points; the footer totals all points (each point is in one group)."""
        belts_in: dict[str, int] = {}
        for belt in self.project.belts:
            belts_in[belt.district] = belts_in.get(belt.district, 0) + 1
        headers = [first] + ([RECORDS["belt"]] if with_belts else []) + ["点数", DEMONSTRATION, CULTIVATING]
        headers += [Level.city.label, Level.county.label] if levels else []
        headers += ["示范点占比"] + [f"{c.name}全部达标" for _, c in self.point_lists] + ["各项清单全部达标"]
        rows = [self._group_row(name, points, belts_in.get(name, 0) if with_belts else None, levels)
                for name, points in groups]
        foot = self._group_row("合计", self.project.points, len(self.project.belts) if with_belts else None, levels)
        return Table(table_id, caption, tuple(headers), rows, foot)

    def _belt_table(self) -> Table:
        headers = [RECORDS["belt"], "县(市)区", "点数", f"不少于 {MIN_POINTS} 个点", DEMONSTRATION, CULTIVATING]
        headers += [c.name for _, c in self.belt_lists]
        headers += [f"{c.name}全部达标的点" for _, c in self.point_lists] + ["建设阶段"]
        rows = []
        for belt in self.project.belts:
            points = belt_points(self.project, belt)
            demo = _demonstration(points)
            href = self.ctx.urls.href(paths.BOARD_HTML, paths.page("belt", belt.id))
            cells = [Cell(belt.name, href=href), Cell(belt.district), _count(len(points)),
                     _mark(len(points) >= MIN_POINTS, f"({len(points)} 个)"), _count(demo), _count(len(points) - demo)]
            for cid, _ in self.belt_lists:
                outcome = self._belt_outcome(belt, cid)
                cells.append(_mark(outcome.complete, f"({outcome.share.part}/{outcome.applicable} 项)"))
            cells += [_share(self.all_met(points, cid)) for cid, _ in self.point_lists]
            progress = belt_progress(self.project, belt, self.reference_year)
            cells.append(Cell(progress.stage if progress else "未填起步年份",
                              progress.year_number if progress and progress.year_number is not None else -99))
            rows.append(tuple(cells))
        return Table("board-belts", "按示范带", tuple(headers), rows)

    def _figure_table(self, table_id: str, caption: str, groups, first: str | None = None) -> Table:
        """Sums of figures with the same name and unit; `first` heads a column naming each group."""
        rows = []
        for name, points in groups:
            for total in figure_totals(points):
                value = number(total.value) + (" 余" if total.approx else "")
                cells = (Cell(total.name), Cell(total.unit), Cell(value, total.value), _count(total.points),
                         Cell(total.as_of_text))
                rows.append(((Cell(name),) if first else ()) + cells)
        headers = ((first,) if first else ()) + ("数据", "单位", "合计", "点数", "截至")
        return Table(table_id, caption, headers, rows)

