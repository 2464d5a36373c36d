"""Hints for the mistakes editors make in keys and ids: a misspelt field, a field typed as its
Chinese label, an id with an invisible character, a checklist or item written by its name."""

from __future__ import annotations

import difflib

from pydantic import ValidationError

from ..model import DEFAULT_CHECKLISTS, SLUG_EXAMPLE, SLUG_RULE, Project, Site
from ..model.schema import model_schema
from . import pasted
from .positions import Source, packed, shown, unpacked
from .problems import Problem


def unknown_field(src: Source, path: tuple, known: list[str], titles: dict[str, str]) -> Problem:
    name = str(path[-1])
    params = {"field": shown(name)}

    def hint(key: str, **hint_params) -> Problem:
        return src.problem(path, "unknown_field", at_key=True, params=params, hint=key, hint_params=hint_params)

    at = pasted.first_invisible(name)
    if at is not None:
        return hint("invisible_in_value", **pasted.char_params(name[at]), at=at + 1, fixed=pasted.visible(name).split("<")[0] or "…")
    label = pasted.field_for_label(name, titles)
    if label:
        return hint("field_label", label=shown(name), name=label)
    split = pasted.thousands_split(name, _written_before(src, path))
    if split:
        return hint("thousands_split", fixed=split)
    if not name.isascii():
        # Field names are ASCII: this is text that an ASCII comma split off inside `{…}` or `[…]`.
        return hint("comma")
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return hint("did_you_mean", name=close[0])
    return hint("allowed", values=", ".join(known))


def _written_before(src: Source, path: tuple) -> tuple[str, object] | None:
    """The key written just before this one on the same line, and its value."""
    at = src.keys.get(path, 0)
    line_start = packed(unpacked(at)[0], 0)
    before = [(other, p[-1]) for p, other in src.keys.items() if p[:-1] == path[:-1] and line_start <= other < at]
    if not before:
        return None
    key = max(before)[1]
    parent = src_value(src, path[:-1])
    return (key, parent.get(key)) if isinstance(parent, dict) else None


def titles(cls: type) -> dict[str, str]:
    """A model class's fields and their Chinese titles, as the JSON Schema declares them."""
    schema = model_schema()
    props = schema["properties"] if cls is Project else schema["definitions"].get(cls.__name__, {}).get("properties", {})
    return {name: prop.get("title", "") for name, prop in props.items()}


def slug_hint(src: Source, path: tuple, value) -> dict:
    """An id with an invisible character names it; a checklist item written by its Chinese name
    gets its id; other ids get the rule."""
    text = str(value)
    at = pasted.first_invisible(text)
    if at is not None:
        fixed = text.replace(text[at], "").strip()
        return {"hint": "invisible_in_value", "hint_params": {**pasted.char_params(text[at]), "at": at + 1, "fixed": fixed}}
    if "checklists" in path[-3:-1] and not text.isascii():
        checklists = _checklists(src)
        if path[-2] == "checklists":  # the checklist's own id
            names = {cid: checklist.name for cid, checklist in checklists.items()}
        else:
            names = {item.id: item.name for item in getattr(checklists.get(str(path[-2])), "items", [])}
        match = pasted.field_for_label(text, names)
        if match:
            listed = "、".join(f"{i}({n})" for i, n in names.items())
            return {"hint": "by_name", "hint_params": {"label": shown(text), "id": match, "ids": listed}}
    return {"hint": "slug", "hint_params": {"rule": SLUG_RULE, "example": SLUG_EXAMPLE}}


def _checklists(src: Source) -> dict:
    """The checklists this file defines, or the standard ones."""
    site = src.data.get("site") if isinstance(src.data, dict) else None
    try:
        return Site.model_validate(site).checklists
    except ValidationError:
        return DEFAULT_CHECKLISTS


def src_value(src: Source, path: tuple):
    value = src.data
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value
