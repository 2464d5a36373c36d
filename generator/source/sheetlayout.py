"""The sheets of a sites.yaml workbook, and which field of the model each column holds.

One sheet per kind of row an editor keeps in a 台账: belts, points, routes with their stops,
and the lists that hang off a point or a belt (figures, photos, status changes, checklist
results). Headers and their comments are the model's own titles and descriptions
(`model_schema()`), so a label is written once, in the model.

A sheet either *owns* its section (its rows are the records: a record missing from it is
deleted) or only fills one list field of records another sheet owns. Where a record has a list
of members (a belt's points, a route's stops, a point's figures), each member takes a row; the
record's own columns are filled on its first row and its id on every row.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from ..model import (
    Belt,
    Checklist,
    ChecklistItem,
    Evidence,
    Figure,
    LabelledEnum,
    Organisation,
    Photo,
    Point,
    Route,
    StatusChange,
    Stop,
    YearMonth,
)
from ..model.schema import model_schema
from .modeltypes import unwrap

# Which field refers to which section's ids (the dropdowns offer those ids).
REFS = {("Route", "belt"): "belts", ("Stop", "point"): "points", ("Belt", "points"): "points"}
YES, NO = "是", "否"
OPTIONS_SHEET, README_SHEET = "选项", "说明"


@dataclass(frozen=True)
class Column:
    """One column: the field it holds (a path inside its record or member) and how to read it."""

    field: tuple[str, ...]
    header: str
    description: str
    kind: str  # text, list, number, integer, date, yearmonth, bool, enum, checklist, item
    enum: type[LabelledEnum] | None = None
    ref: str | None = None  # the section whose ids the column holds
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    name: str
    section: str
    owns: bool
    key: Column  # the record's id
    columns: tuple[Column, ...] = ()  # the record's own fields, on its first row
    members: str | None = None  # the list field with one member a row
    member_columns: tuple[Column, ...] = ()

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return (self.key, *self.columns, *self.member_columns)

    @property
    def scalar_members(self) -> bool:
        """Members that are bare values (a belt's point ids), not records."""
        return bool(self.member_columns) and self.member_columns[0].field == ()


def _kind(info) -> tuple[str, type | None]:
    annotation = info.annotation
    # `YearMonth` keeps its metadata inside `X | None`; a bare one has it moved to the field
    written = [*info.metadata, *(m for a in typing.get_args(annotation) for m in getattr(a, "__metadata__", ()))]
    if any(m in written for m in YearMonth.__metadata__):
        return "yearmonth", None
    tp = unwrap(annotation)
    if isinstance(tp, type) and issubclass(tp, LabelledEnum):
        return "enum", tp
    if typing.get_origin(tp) is list:
        return "list", None
    simple = {bool: "bool", int: "integer", float: "number", dt.date: "date"}
    return simple.get(tp, "text"), None


def column(model: type[BaseModel], *names: str, header: str | None = None) -> Column:
    """The column of field `names` (a path through nested models) of `model`."""
    cls, owner = model, model
    for name in names:
        owner = cls
        info = cls.model_fields[name]
        cls = unwrap(info.annotation)
    prop = model_schema()["definitions"][owner.__name__]["properties"][names[-1]]
    kind, enum = _kind(info)
    ref = REFS.get((owner.__name__, names[-1]))
    kind = "text" if ref and kind == "list" else kind
    return Column(names, header or prop["title"], prop.get("description", ""), kind, enum, ref, info.is_required())


def _member(model: type[BaseModel], name: str) -> Column:
    """A member that is a bare value (a belt's point id): the column holds the list's items."""
    col = column(model, name)
    return Column((), col.header, col.description, "text", None, col.ref, True)


def _parent(section: str, title: str) -> Column:
    return Column(("id",), f"{title}编号", f"{title}的编号(见“{title}”表)。", "text", None, section, True)


def _evidence(section: str, title: str) -> Sheet:
    checklist = column(Checklist, "name")
    item = column(ChecklistItem, "name")
    return Sheet(
        f"{title}达标情况", section, False, _parent(section, title), members="checklists",
        member_columns=(
            Column(("checklist",), checklist.header, checklist.description + "也可以写清单编号,如 six-haves。", "checklist", required=True),
            Column(("item",), item.header, item.description + "也可以写条目编号,如 flag。", "item", required=True),
            column(Evidence, "state"), column(Evidence, "note"), column(Evidence, "photo"),
        ),
    )


@cache
def sheets() -> tuple[Sheet, ...]:
    point_fields = ["name", "kind", "level", "status", "district", "street", "address", "lat", "lon", "crs"]
    point_after = ["model", "summary", "highlights", "services", "open_hours", "contact", "honours", "tags", "audio", "verified"]
    return (
        Sheet("示范带", "belts", True, column(Belt, "id"),
              tuple(column(Belt, n) for n in ["name", "district", "brand", "color", "start_year", "summary", "highlights"]),
              "points", (_member(Belt, "points"),)),
        Sheet("示范点", "points", True, column(Point, "id"),
              (*(column(Point, n) for n in point_fields),
               *(column(Point, "organisation", n) for n in Organisation.model_fields),
               *(column(Point, n) for n in point_after))),
        Sheet("路线与站点", "routes", True, column(Route, "id"),
              tuple(column(Route, n) for n in ["name", "belt", "mode", "summary"]),
              "stops", tuple(column(Stop, n) for n in Stop.model_fields)),
        Sheet("数据", "points", False, _parent("points", "示范点"), members="figures",
              member_columns=tuple(column(Figure, n) for n in Figure.model_fields)),
        Sheet("照片", "points", False, _parent("points", "示范点"), members="photos",
              member_columns=tuple(column(Photo, n) for n in Photo.model_fields)),
        Sheet("状态变化", "points", False, _parent("points", "示范点"), members="status_history",
              member_columns=tuple(column(StatusChange, n) for n in StatusChange.model_fields)),
        _evidence("belts", "示范带"),
        _evidence("points", "示范点"),
    )


MODELS = {"belts": Belt, "points": Point, "routes": Route}


def item_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model of a field's nested record or of its list's items; None for bare values."""
    tp = unwrap(model.model_fields[name].annotation)
    if typing.get_origin(tp) is list:
        tp = unwrap(typing.get_args(tp)[0])
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None
