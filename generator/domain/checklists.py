"""The standards' checklists as computations: each item of each checklist of a belt or point, met
or not, and shares such as "3/4(75%)". Pure functions over the model (figures and the three-year
plan are in `figures` and `progress`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ..model import Belt, Checklist, ChecklistItem, Evidence, ItemState, Point, Site

# Every state is shown as a symbol AND words, never by colour alone. "missing": the editor has not
# recorded the item; it counts as not met, so an empty checklist never looks complete.
SYMBOLS = {"met": "✅", "unmet": "❌", "na": "➖", "missing": "❔"}
MARKS = {**{state.value: f"{SYMBOLS[state.value]} {state.label}" for state in ItemState}, "missing": "❔ 未填"}


@dataclass(frozen=True)
class Share:
    """`part` out of `whole`, e.g. 3 of 4 points; shown as "3/4(75%)"."""

    part: int
    whole: int

    @property
    def ratio(self) -> float | None:
        return self.part / self.whole if self.whole else None

    @property
    def percent(self) -> int | None:
        """Rounded half up with integers only, so 1/8 is 13% on every machine."""
        return (200 * self.part + self.whole) // (2 * self.whole) if self.whole else None

    @property
    def full(self) -> bool:
        return self.whole > 0 and self.part == self.whole

    @property
    def text(self) -> str:
        return f"{self.part}/{self.whole}({self.percent}%)" if self.whole else "—"


# --- checklists ------------------------------------------------------------------------------


class ItemOutcome(NamedTuple):
    """One checklist item of one belt or point. A named tuple, not a frozen dataclass: 85,000 are
    made a build at 3,000 points, and a frozen dataclass takes ten times as long to make."""

    item: ChecklistItem
    evidence: Evidence | None

    @property
    def state(self) -> str:
        # `_value_`, which LabelledEnum sets: `.value` is a Python-level property, and the board
        # asks every item of every point (80,000 at 3,000 points) on each save under serve.
        return self.evidence.state._value_ if self.evidence else "missing"

    @property
    def mark(self) -> str:
        return MARKS[self.state]


@dataclass(frozen=True)
class ChecklistOutcome:
    """One checklist of one belt or point, item by item."""

    id: str
    checklist: Checklist
    items: tuple[ItemOutcome, ...]

    def count(self, state: str) -> int:
        return sum(1 for outcome in self.items if outcome.state == state)

    @property
    def applicable(self) -> int:
        """Items that apply (not marked 不适用); unrecorded items apply."""
        return len(self.items) - self.count("na")

    @property
    def share(self) -> Share:
        """Items met among applicable items."""
        return Share(self.count("met"), self.applicable)

    @property
    def short_of(self) -> list[ChecklistItem]:
        """Items that apply and are not met (marked unmet, or not recorded)."""
        return [outcome.item for outcome in self.items if outcome.state in ("unmet", "missing")]

    @property
    def complete(self) -> bool:
        """Every applicable item met: pages, the board and `check`'s incomplete_checklist warning."""
        return all(outcome.state not in ("unmet", "missing") for outcome in self.items)


def checklist_outcomes(site: Site, record: Belt | Point) -> list[ChecklistOutcome]:
    """Every checklist that applies to this kind of record, in the site's order, recorded or not."""
    target = "belt" if isinstance(record, Belt) else "point"
    outcomes = []
    for checklist_id, checklist in site.checklists.items():
        if checklist.applies_to != target:
            continue
        results = record.checklists.get(checklist_id, {})
        items = tuple(ItemOutcome(item, results.get(item.id)) for item in checklist.items)
        outcomes.append(ChecklistOutcome(checklist_id, checklist, items))
    return outcomes


def all_complete(site: Site, record: Belt | Point) -> bool:
    """Every applicable checklist fully met (True when the site defines none)."""
    return all(outcome.complete for outcome in checklist_outcomes(site, record))
