"""The words of a change list: values as a reviewer reads them (labels, 是/否, dates), cut to a
width, and records named by their names, ids as code spans (Markdown that cannot break out)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from ..model import LabelledEnum, Project
from ..render.templating import Md, md, number
from ..source.yamlsource import shown

VALUE_WIDTH = 60


def changed(old, new) -> Md:
    before, after = plain(old), plain(new)
    change = Md("{} → {}").format(value_text(before), value_text(after))
    if shown(before, VALUE_WIDTH) == shown(after, VALUE_WIDTH):  # both cut at the same place
        at = next((i for i, (x, y) in enumerate(zip(before, after)) if x != y), min(len(before), len(after)))
        change += Md("(第 {} 个字起不同)").format(at + 1)
    return change


def value_text(text: str) -> Md:
    return md(shown(text, VALUE_WIDTH)) if text else Md("(空)")


def plain(value) -> str:
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return plain({k: v for k, v in value if v != type(value).model_fields[k].default})
    if isinstance(value, dict):
        return ";".join(f"{k}: {plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "、".join(plain(v) for v in value)
    return "" if value is None else str(value)


def ref(record_id: str, name: str) -> Md:
    return Md("{} {}").format(code(record_id), md(name))


def code(text: str) -> Md:
    """An id, field name, file or revision as a code span; a backtick or line break in it cannot
    end the span."""
    return Md("`" + " ".join(str(text).replace("`", "'").split()) + "`")


def name_at(i: int, ids: list[str], *projects: Project) -> Md:
    return named(ids[i], *projects) if i < len(ids) else Md("")


def named(pid: str, *projects: Project) -> Md:
    """A point's name from the first project that has it, else its id."""
    for project in projects:
        point = next((p for p in project.points if p.id == pid), None)
        if point:
            return md(point.name)
    return code(pid)


def named_list(ids: list[str], *projects: Project) -> Md:
    return Md("、").join(named(pid, *projects) for pid in ids)


def distance_text(metres: float) -> str:
    if metres < 1:
        return "不到 1 米"
    if metres < 1000:
        return f"约 {round(metres)} 米"
    return f"约 {metres / 1000:.1f} 公里"


def dated_figure(figure) -> Md:
    return Md("{}{}{}(截至 {})").format(number(figure.value), "余" if figure.approx else "", md(figure.unit),
                                       figure.as_of.isoformat())
