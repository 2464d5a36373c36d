"""A pydantic validation error as the problem an editor sees: the message key, the values, and a
hint that names the fix (the choices, an example, the field they probably meant)."""

from __future__ import annotations

import typing

from ..model import SLUG
from . import hints, pasted
from .modeltypes import enum_values, examples, field_info, field_names, label, type_at
from .positions import Source, shown
from .problems import Problem

SIMPLE = {
    "float_parsing": "not_number", "float_type": "not_number", "finite_number": "not_number",
    "int_parsing": "not_integer", "int_type": "not_integer", "int_from_float": "not_integer",
    "bool_parsing": "not_bool", "bool_type": "not_bool",
    "date_parsing": "not_date", "date_type": "not_date", "date_from_datetime_parsing": "not_date",
    "date_from_datetime_inexact": "not_date",
    "string_type": "not_text", "list_type": "not_list",
    "dict_type": "not_mapping", "model_type": "not_mapping", "model_attributes_type": "not_mapping",
}


def problem_from(src: Source, cls: type, base: tuple, error: dict) -> Problem:
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
        parent = type_at(cls, loc[:-1])
        return hints.unknown_field(src, path, field_names(cls, loc[:-1]), hints.titles(parent) if isinstance(parent, type) else {})
    if kind == "missing":
        doc = label(field_info(cls, loc))
        return src.problem(path[:-1], "missing", params={"field": path[-1]}, hint="missing", hint_params={"field": path[-1], "doc": doc})
    if value is None or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return src.problem(path, "empty_value")
    if kind == "literal_error":  # a fixed choice that needs no labels, like site.language
        choices = ", ".join(map(str, typing.get_args(type_at(cls, loc)))) or ctx.get("expected", "")
        return src.problem(path, "bad_pattern", params={"value": text}, hint="allowed", hint_params={"values": choices})
    if kind == "enum":
        enum_cls = type_at(cls, loc)
        values = enum_values(enum_cls) if enum_cls else ctx.get("expected", "")
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
        return src.problem(path, "bad_pattern", params={"value": text}, **_pattern_hint(cls, loc))
    if kind == "duplicate_entries":  # model._unique
        return src.problem(path, "duplicate_entries", params={"values": shown(ctx["values"], 200)})
    message = str(error.get("msg", kind)).removeprefix("Value error, ")
    # Not expected from this model; still a message that names the field and the value.
    return src.problem(path, "invalid", params={"value": text, "detail": message})


ONE_SIDED = {"greater_than_equal": "min_value", "greater_than": "above_value",
             "less_than_equal": "max_value", "less_than": "below_value"}


def _range_problem(src: Source, cls: type, path: tuple, loc: tuple, value, kind: str, ctx: dict) -> Problem:
    info = field_info(cls, loc)
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


def _pattern_hint(cls: type, loc: tuple) -> dict:
    """The hint for a value that does not match its pattern: an example."""
    found = examples(field_info(cls, loc))
    if found:
        return {"hint": "example", "hint_params": {"value": found[0]}}
    return {}


