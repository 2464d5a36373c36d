"""The field reference page (`reference/fields.md`), written from the model's schema.

One block per kind of record (site, belts, points, routes, then the objects nested in them, in
the order an editor meets them), one entry per field: meaning, type in words, required or
default, allowed values, limits, an example. Entries are short lists rather than tables so the
page reads on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .. import paths
from ..model.schema import model_schema
from .context import Context
from .templating import md
from .templating import render as render_template

SCALAR_WORDS = {"string": "文字", "number": "数字", "integer": "整数", "boolean": "是或否(true / false)", "null": "空"}


@dataclass
class FieldDoc:
    """One field, in the words the page shows."""

    name: str
    title: str
    description: str
    required: bool
    default: str = ""
    kind: str = ""
    """Type in words; may hold Markdown links to other blocks (already escaped)."""
    values: list[tuple[str, str]] = field(default_factory=list)
    """Allowed values: (code, Chinese label or "")."""
    limits: list[str] = field(default_factory=list)
    example: str = ""


@dataclass
class Block:
    """One kind of record or nested object, with its fields."""

    anchor: str
    title: str
    where: str
    description: str
    level: int
    fields: list[FieldDoc]


def render(ctx: Context) -> dict[str, str]:
    env = ctx.environment()
    # The guide is a hand-written page a site may not have; link to it only when it is there.
    guide = paths.GUIDE if (ctx.root / "docs" / paths.GUIDE).is_file() else None
    text = render_template(env, "reference.md.j2", paths.FIELD_REFERENCE, blocks=blocks(), guide=guide)
    return {paths.FIELD_REFERENCE: text}


def blocks() -> list[Block]:
    """Blocks in reading order: each top-level section, then what is nested in it."""
    schema = model_schema()
    defs = schema["definitions"]
    seen: dict[str, str] = {}
    out: list[Block] = []

    def visit(name: str, where: str, level: int, title: str = "") -> None:
        seen[name] = name.lower()
        definition = defs[name]
        fields = [_field(key, prop, key in definition.get("required", []), defs) for key, prop in definition["properties"].items()]
        title = title or definition["title"]
        out.append(Block(name.lower(), title, where, definition.get("description", ""), level, fields))
        for key, prop in definition["properties"].items():
            for nested in _refs(prop):
                if nested not in seen:
                    visit(nested, f"{where}.{key}{'[]' if _is_list(prop) else ''}", 3)

    for key, prop in schema["properties"].items():
        for name in _refs(prop):
            visit(name, f"{key}[]" if _is_list(prop) else key, 2, prop["title"])
    return out


# --- describing one field ------------------------------------------------------------------


def _field(name: str, prop: dict, required: bool, defs: dict) -> FieldDoc:
    title, description = prop.get("title", name), prop.get("description", "")
    # "网站标题。" says no more than its label: don't print it twice.
    doc = FieldDoc(name, title, "" if description.rstrip("。") == title else description, required)
    doc.kind = _words(prop, defs)
    doc.default = "" if required else _default(prop)
    bare = _bare(prop)
    doc.values = list(bare.get("x-labels", {}).items()) or [(value, "") for value in bare.get("enum", [])]
    doc.limits = _limits(prop)
    examples = prop.get("examples")
    if examples and not _refs(prop):
        doc.example = _yaml({name: examples[0]})
    return doc


def _bare(prop: dict) -> dict:
    """The schema without its `null` alternative (optional fields)."""
    options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
    return options[0] if len(options) == 1 else prop


def _words(prop: dict, defs: dict) -> str:
    prop = _bare(prop)
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"一组字段,见[{md(defs[name]['title'])}](#{name.lower()})"
    if "anyOf" in prop:
        return " 或 ".join(_words(option, defs) for option in prop["anyOf"])
    if "enum" in prop:
        return "下列取值之一"
    kind = prop.get("type")
    if kind == "array":
        count = "2 个" if prop.get("minItems") == prop.get("maxItems") == 2 else ""
        return f"列表,每项为{count}{_words(prop.get('items', {}), defs)}"
    if kind == "object":
        values = next(iter(prop.get("patternProperties", {}).values()), prop.get("additionalProperties", {}))
        return f"键值对,键为编号,值为{_words(values, defs)}"
    if prop.get("format") == "date":
        return "日期(如 2021-05-31)"
    return SCALAR_WORDS.get(kind, "文字")


def _default(prop: dict) -> str:
    value = prop.get("default")
    if value in (None, "", [], {}):
        return "可不填"
    return f"可不填,默认 {_code(_yaml(value))}"


def _limits(prop: dict) -> list[str]:
    prop = _bare(prop)
    limits = _own_limits(prop)
    items = prop.get("items") if prop.get("type") == "array" else None
    if isinstance(items, dict) and "$ref" not in items and "anyOf" not in items:
        limits += [f"每项{text}" for text in _own_limits(items)]
    return limits


def _own_limits(prop: dict) -> list[str]:
    limits = []
    low, high = prop.get("minimum"), prop.get("maximum")
    if low is not None and high is not None:
        limits.append(f"范围 {_number(low)} ~ {_number(high)}")
    elif low is not None:
        limits.append(f"不小于 {_number(low)}")
    if prop.get("exclusiveMinimum") is not None:
        limits.append(f"大于 {_number(prop['exclusiveMinimum'])}")
    if prop.get("minLength") == 1:
        limits.append("不能为空")
    if prop.get("maxLength"):
        limits.append(f"最多 {prop['maxLength']} 个字")
    if prop.get("minItems") and prop.get("minItems") != prop.get("maxItems"):
        limits.append(f"至少 {prop['minItems']} 项")
    if prop.get("pattern"):
        # the model declares every format's words; a pattern without them is shown as it is
        limits.append(prop.get("patternErrorMessage") or f"格式须符合 {_code(prop['pattern'])}")
    return limits


# --- small helpers -------------------------------------------------------------------------


def _refs(prop: dict) -> list[str]:
    """Names of the definitions a field leads to, in order."""
    found: list[str] = []

    def collect(node) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref:
                found.append(ref.rsplit("/", 1)[-1])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(prop)
    return list(dict.fromkeys(found))


def _is_list(prop: dict) -> bool:
    return _bare(prop).get("type") == "array"


def _yaml(value) -> str:
    """A value as a one-line YAML flow, as an editor would write it."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10**6).strip()
    text = text.removesuffix("...").strip()
    return text[1:-1] if isinstance(value, dict) and text.startswith("{") else text


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
