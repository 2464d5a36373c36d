"""Loading sites.yaml: strict YAML, then the model, then the cross-record rules.

Every record is validated on its own so that one run reports every problem, each at its line.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..model import SLUG, Belt, LabelledEnum, Point, Project, Route, Site
from . import docs, hints, pasted, rules
from .problems import Problem, ProjectError
from .yamlsource import Source, dotted, parse, shown

SECTIONS: dict[str, type[BaseModel]] = {"belts": Belt, "points": Point, "routes": Route}
TOP_KEYS = ["site", *SECTIONS]


@dataclass
class Loaded:
    """The outcome of loading: a project (when there are no errors) and every problem found."""

    project: Project | None
    problems: list[Problem]
    root: Path
    partial: Project | None = None
    """The records that are valid on their own, also when others have errors (for `diff`)."""
    invalid: dict[str, set[str]] = field(default_factory=dict)
    """Per section, the ids of records that are not valid on their own."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]


def load(path: str | Path, today: dt.date | None = None, shown_as: str | None = None) -> Loaded:
    path = Path(path)
    name = shown_as or str(path)
    try:
        raw = path.read_bytes()
        root = path.resolve().parent
    except FileNotFoundError:
        return Loaded(None, [Problem(name, 1, 1, "", "not_found", hint="not_found")], path.parent)
    except IsADirectoryError:
        return Loaded(None, [Problem(name, 1, 1, "", "is_directory", hint="not_found")], path)
    except (OSError, RuntimeError) as exc:  # no permission, a symlink loop
        reason = getattr(exc, "strerror", None) or str(exc)
        return Loaded(None, [Problem(name, 1, 1, "", "unreadable", {"reason": reason})], path.parent)
    return load_bytes(raw, name, root, today)


def load_bytes(raw: bytes, file: str, root: Path, today: dt.date | None = None) -> Loaded:
    src = parse(raw, file)
    if src.problems and src.data is None:
        return Loaded(None, src.problems, root)
    problems = list(src.problems)
    site, records = _validate(src, problems)
    partial = None
    if site is not None:
        problems += rules.check(src, site, records, root, today or dt.date.today())
        partial = Project(site=site, **{name: [r for _, r in pairs] for name, pairs in records.items()})
    problems += docs.problems(root, file)  # published whether sites.yaml names them or not
    project = partial if not any(not p.warning for p in problems) else None
    # One mistake can be seen twice (a key that is itself a mapping with a list as key): say it once.
    problems = sorted({p.format(): p for p in problems}.values(), key=lambda p: (p.file, p.line, p.col, p.warning))
    return Loaded(project, problems, root, partial, _invalid_ids(src.data, records))


def _invalid_ids(data, records: dict[str, list]) -> dict[str, set[str]]:
    if not isinstance(data, dict):
        return {}
    invalid = {}
    for name, pairs in records.items():
        valid = {i for i, _ in pairs}
        items = data.get(name) if isinstance(data.get(name), list) else []
        invalid[name] = {str(item["id"]) for i, item in enumerate(items)
                         if i not in valid and isinstance(item, dict) and isinstance(item.get("id"), str)}
    return invalid


def load_project(path: str | Path, today: dt.date | None = None) -> Project:
    """Load or raise ProjectError with every problem (warnings ignored)."""
    loaded = load(path, today)
    if loaded.project is None:
        raise ProjectError(loaded.errors)
    return loaded.project


def _validate(src: Source, problems: list[Problem]) -> tuple[Site | None, dict[str, list[tuple[int, BaseModel]]]]:
    """The site settings and the valid records of each section, each with its index in the file."""
    data = src.data
    records: dict[str, list] = {name: [] for name in SECTIONS}
    if not isinstance(data, dict):
        problems.append(src.problem((), "top_not_mapping"))
        return None, records
    for key in data:
        if key not in TOP_KEYS:
            problems.append(hints.unknown_field(src, (key,), TOP_KEYS, hints.titles(Project)))
    site = _model(src, Site, data.get("site"), ("site",), problems) if "site" in data else None
    if "site" not in data:
        problems.append(src.problem((), "missing", params={"field": "site"}, hint="missing", hint_params={"field": "site", "doc": "(全站设置)"}))
    for name, cls in SECTIONS.items():
        items = data.get(name)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(src.problem((name,), "not_list"))
            continue
        for i, item in enumerate(items):
            record = _model(src, cls, item, (name, i), problems)
            if record is not None:
                records[name].append((i, record))
    return site, records


def _model(src: Source, cls: type[BaseModel], value, path: tuple, problems: list[Problem]):
    try:
        return cls.model_validate(value)
    except ValidationError as exc:
        found = [_from_pydantic(src, cls, path, error) for error in exc.errors(include_url=False)]
        # `adress` (or `地址`) written and `address` missing are one mistake: report it once.
        typos = {(p.path.rpartition(".")[0], p.hint_params["name"]) for p in found if p.hint in ("did_you_mean", "field_label")}
        problems += [p for p in found if not (p.key == "missing" and (p.path, p.params["field"]) in typos)]
        return None


SIMPLE = {
    "float_parsing": "not_number", "float_type": "not_number", "finite_number": "not_number",
    "int_parsing": "not_integer", "int_type": "not_integer", "int_from_float": "not_integer",
    "bool_parsing": "not_bool", "bool_type": "not_bool",
    "date_parsing": "not_date", "date_type": "not_date", "date_from_datetime_parsing": "not_date",
    "date_from_datetime_inexact": "not_date",
    "string_type": "not_text", "list_type": "not_list",
    "dict_type": "not_mapping", "model_type": "not_mapping", "model_attributes_type": "not_mapping",
}


def _from_pydantic(src: Source, cls: type, base: tuple, error: dict) -> Problem:
    loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
    # A bad dictionary key (a checklist or item id) comes as (..., key, "[key]"): point at the key.
    at_key = loc[-1:] == ("[key]",)
    loc = loc[:-1] if at_key else loc
    path = base + loc
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    text = _short(value)
    if at_key and kind == "string_pattern_mismatch":
        return src.problem(path, "bad_slug", at_key=True, params={"value": text}, **hints.slug_hint(src, path, value))
    if kind == "extra_forbidden":
        parent = _type_at(cls, loc[:-1])
        return hints.unknown_field(src, path, list(_field_names(cls, loc[:-1])), hints.titles(parent) if isinstance(parent, type) else {})
    if kind == "missing":
        info = _field_info(cls, loc)
        doc = f"({info.description.split('。')[0].strip()})" if info and info.description else ""
        return src.problem(path[:-1], "missing", params={"field": path[-1]}, hint="missing", hint_params={"field": path[-1], "doc": doc})
    if value is None or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return src.problem(path, "empty_value")
    if kind == "enum":
        enum_cls = _type_at(cls, loc)
        values = _enum_values(enum_cls) if enum_cls else ctx.get("expected", "")
        return src.problem(path, "enum", params={"value": text}, hint="allowed", hint_params={"values": values})
    if kind in SIMPLE:
        key = SIMPLE[kind]
        if key == "not_mapping" and isinstance(value, str) and pasted.fullwidth_colon(value):
            return src.problem(path, "fullwidth_colon", hint="fullwidth_colon", hint_params={"fixed": pasted.fullwidth_colon(value)[1]})
        found = pasted.number_hint(value, str(path[-1])) if key in ("not_number", "not_integer") and isinstance(value, str) else None
        if found:
            return src.problem(path, key, params={"value": text}, hint=found[0], hint_params=found[1])
        return src.problem(path, key, params={"value": text}, hint="date" if key == "not_date" else None)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _range_problem(src, cls, path, loc, value, kind, ctx)
    if kind == "string_too_long":
        return src.problem(path, "too_long", params={"max": ctx.get("max_length")})
    if kind == "too_short":
        return src.problem(path, "too_few", params={"min": ctx.get("min_length")})
    if kind == "too_long":
        return src.problem(path, "too_many", params={"max": ctx.get("max_length")})
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == SLUG:
            return src.problem(path, "bad_slug", params={"value": text}, **hints.slug_hint(src, path, value))
        return src.problem(path, "bad_pattern", params={"value": text}, **_pattern_hint(cls, loc, ctx.get("pattern", "")))
    message = str(error.get("msg", kind)).removeprefix("Value error, ")
    if kind == "value_error" and message.startswith(DUPLICATES):  # model._unique
        return src.problem(path, "duplicate_entries", params={"values": shown(message.removeprefix(DUPLICATES), 200)})
    # Not expected from this model; still a message that names the field and the value.
    return src.problem(path, "invalid", params={"value": text, "detail": message})


DUPLICATES = "重复的条目: "
ONE_SIDED = {"greater_than_equal": "min_value", "greater_than": "above_value",
             "less_than_equal": "max_value", "less_than": "below_value"}


def _range_problem(src: Source, cls: type, path: tuple, loc: tuple, value, kind: str, ctx: dict) -> Problem:
    info = _field_info(cls, loc)
    low = high = None
    for meta in info.metadata if info else []:
        low = next((b for b in (getattr(meta, "ge", None), getattr(meta, "gt", None)) if b is not None), low)
        high = next((b for b in (getattr(meta, "le", None), getattr(meta, "lt", None)) if b is not None), high)
    if low is None or high is None:  # only one bound: say which, and the limit
        limit = low if kind.startswith("greater") else high
        limit = next(iter(ctx.values()), "?") if limit is None else limit
        return src.problem(path, ONE_SIDED[kind], params={"value": _short(value), "limit": limit})
    params = {"value": _short(value), "low": low, "high": high}
    if loc and loc[-1] in ("lat", "lon"):
        sibling = hints.src_value(src, path[:-1])
        if isinstance(sibling, dict) and _swappable(sibling):
            hint_params = {"lat": sibling.get("lat"), "lon": sibling.get("lon")}
            return src.problem(path, "range", params=params, hint="swapped", hint_params=hint_params)
    return src.problem(path, "range", params=params)


def _swappable(record: dict) -> bool:
    try:
        lat, lon = float(record.get("lat")), float(record.get("lon"))
    except (TypeError, ValueError):
        return False
    return abs(lon) <= 90 and abs(lat) <= 180 and abs(lat) > 90


def _short(value) -> str:
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    return shown(str(value))


def _pattern_hint(cls: type, loc: tuple, pattern: str) -> dict:
    """The hint for a value that does not match its pattern: the choices, or an example."""
    choices = re.fullmatch(r"\^\(([\w|]+)\)\$", pattern)
    if choices:
        return {"hint": "allowed", "hint_params": {"values": ", ".join(choices.group(1).split("|"))}}
    examples = _examples(_field_info(cls, loc))
    if examples:
        return {"hint": "example", "hint_params": {"value": examples[0]}}
    return {}


def _examples(info) -> list:
    """A field's examples, also when they sit on an annotated type inside `X | None`."""
    if info is None:
        return []
    if info.examples:
        return info.examples
    for tp in (info.annotation, *typing.get_args(info.annotation)):
        for meta in getattr(tp, "__metadata__", ()):
            if getattr(meta, "examples", None):
                return meta.examples
    return []


# --- walking the model's types along a pydantic location --------------------------------------


def unwrap(tp):
    """The type under Annotated[…] and Optional/unions with None (the first other member)."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0]
        else:
            return tp


def _step(tp, part):
    tp = unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(part)
        return field.annotation if field else None
    args = typing.get_args(tp)
    if typing.get_origin(tp) is list and args:
        return args[0]
    if typing.get_origin(tp) is dict and len(args) == 2:
        return args[1]
    return None


def _type_at(cls: type, loc: tuple):
    tp = cls
    for part in loc:
        tp = _step(tp, part)
        if tp is None:
            return None
    return unwrap(tp)


def _field_info(cls: type, loc: tuple):
    if not loc:
        return None
    parent = _type_at(cls, loc[:-1])
    if isinstance(parent, type) and issubclass(parent, BaseModel):
        return parent.model_fields.get(loc[-1])
    return None


def _field_names(cls: type, loc: tuple) -> list[str]:
    parent = _type_at(cls, loc)
    if isinstance(parent, type) and issubclass(parent, BaseModel):
        return list(parent.model_fields)
    return []


def _enum_values(enum_cls) -> str:
    if isinstance(enum_cls, type) and issubclass(enum_cls, LabelledEnum):
        return ", ".join(f"{m.value}({m.label})" for m in enum_cls)
    if isinstance(enum_cls, type) and issubclass(enum_cls, enum.Enum):
        return ", ".join(str(m.value) for m in enum_cls)
    return ""


__all__ = ["Loaded", "load", "load_bytes", "load_project", "dotted"]
