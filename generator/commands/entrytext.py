"""The YAML of one new record, written from the model's schema: each field with its Chinese
description as a comment; required fields left blank (so `check` points at every one still to
fill), optional ones commented out with an example value."""

from __future__ import annotations

import yaml

from ..model import RECORDS
from ..model.schema import model_schema, with_values

KINDS = {kind: (f"{kind}s", kind.capitalize(), word) for kind, word in RECORDS.items()}
"""kind → (its section in sites.yaml, its model class, its Chinese word)."""
STEP = "  "


def entry(kind: str, record_id: str, *, example: bool = False, indent: int = 2) -> str:
    """The YAML of one new record, as a list item at `indent` spaces.

    With `example`, every field is filled in with its example value (used by tests to prove
    that a filled-in entry is valid)."""
    section, name, word = KINDS[kind]
    defs = model_schema()["definitions"]
    pad = " " * indent
    head = [
        f"{pad}# 新{word} {record_id}:填写空着的必填字段;以 # 开头的是可选字段,去掉行首的 # 即可启用。",
        f"{pad}# 每个字段的说明见网站的“字段说明”页(reference/fields.md)。",
    ]
    body = _record(defs[name], defs, given={"id": record_id}, example=example)
    body[0] = "- " + body[0]
    lines = head + [pad + ("" if i == 0 else STEP) + line for i, line in enumerate(body)]
    return "\n".join(lines) + "\n"


def _record(definition: dict, defs: dict, given: dict, example: bool) -> list[str]:
    lines: list[str] = []
    required = definition.get("required", [])
    for key, prop in definition["properties"].items():
        if key in given:
            lines.append(f"{key}: {given[key]}")
            continue
        must = key in required
        # a description of several paragraphs: every line stays a comment
        doc = [line.strip() for line in _doc(prop, defs).splitlines() if line.strip()] or [""]
        lines += [f"# {doc[0]}{'(必填)' if must else ''}"] + [f"# {line}" for line in doc[1:]]
        if example or not must:
            block = _example(key, prop, defs)
            lines += block if example else ["# " + line for line in block]
        else:
            lines += _blank(key, prop)
    return lines


def _doc(prop: dict, defs: dict) -> str:
    text = prop.get("description", "")
    bare = _bare(prop)
    labels = bare.get("x-labels")
    item = _ref(bare.get("items", {})) if bare.get("type") == "array" else None
    if item:  # e.g. "各站" gains "可以只写示范点编号"
        text += defs[item].get("description", "")
    return with_values(text, labels) if labels else text


def _bare(prop: dict) -> dict:
    options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
    return options[0] if len(options) == 1 else prop


def _blank(key: str, prop: dict) -> list[str]:
    """A required field with nothing filled in: `check` reports it until the editor fills it."""
    bare = _bare(prop)
    if bare.get("type") == "array":
        return [f"{key}:"] + [f"{STEP}-"] * max(bare.get("minItems", 1), 1)
    return [f"{key}:"]


def _example(key: str, prop: dict, defs: dict) -> list[str]:
    bare = _bare(prop)
    value = _example_value(prop)
    if value is not None:
        return _dump({key: value})
    ref = _ref(bare) or _ref(bare.get("items", {}))
    if ref:
        inner = _nested(defs[ref], defs)
        if bare.get("type") == "array":
            inner = ["- " + inner[0]] + [STEP + line for line in inner[1:]]
        return [f"{key}:"] + [STEP + line for line in inner]
    return [f"{key}:"]


def _example_value(prop: dict):
    bare = _bare(prop)
    for source in (prop, bare):
        if source.get("examples"):
            return source["examples"][0]
    if prop.get("default") not in (None, "", [], {}):
        return prop["default"]
    if bare.get("enum"):
        return bare["enum"][0]
    return None


def _nested(definition: dict, defs: dict) -> list[str]:
    """An object's fields with example values, each labelled by a short trailing comment."""
    lines: list[str] = []
    for key, prop in definition["properties"].items():
        block = _example(key, prop, defs)
        block[0] += f"  # {prop.get('title', key)}"
        lines += block
    return lines


def _ref(node: dict) -> str | None:
    ref = node.get("$ref") or next((o["$ref"] for o in node.get("anyOf", []) if "$ref" in o), None)
    return ref.rsplit("/", 1)[-1] if ref else None


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key, as editors write them; [lat, lon] pairs on one line."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _list(dumper: yaml.SafeDumper, value: list):
    pair = bool(value) and all(isinstance(v, (int, float)) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=pair)


_Dumper.add_representer(list, _list)


def _dump(value: dict) -> list[str]:
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)
    return text.removesuffix("...\n").rstrip("\n").split("\n")
