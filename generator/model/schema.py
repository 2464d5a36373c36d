"""The JSON Schema of sites.yaml: completion and hover in editors' VS Code (yaml-language-server).

Built from the model (`Project.model_json_schema()`), then adjusted in two steps:

`model_schema()` says what the model means, in Chinese: a title (the short label) and a
description on every field, enums inlined with their labels (`x-labels`). Examples, the words
for each text format and the shorthands (a stop as a bare point id, a checklist result as a bare
state) come from the model's own declarations. The field reference page and `new` scaffolds are
written from it.

`editor_schema()` widens it where the loader is more forgiving than a plain schema, because the
editor must never flag a file that `check` accepts. The loader reads every scalar as the text
the editor wrote and lets the model convert it; yaml-language-server types scalars by YAML 1.2
instead (`founded: 2018` is a number there, `approx: yes` is text). So text fields also accept
numbers and booleans, numbers accept numeric text, booleans accept yes/no/on/off, and enums
accept their Chinese labels. What the schema lets through, `check` still catches.

Draft-07, because that is the draft yaml-language-server implements.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from .. import model
from ..model import LabelledEnum, Project

SHIPPED = Path(__file__).resolve().parents[2] / "schema" / "sites.schema.json"
DRAFT = "http://json-schema.org/draft-07/schema#"

_CLAUSE_END = re.compile(r"[,。:;,:;]")
_TRAILING_ASIDE = re.compile(r"[((][^()()]*[))](?=[,。:;,:;]|$)")
_BRACKETS = re.compile(r"\s*\[.*\]")  # `[[纬度, 经度], …]`: its commas are not clause breaks


def short_label(description: str) -> str:
    """The field's label: its first clause without a closing aside (`纬度(如…)。` → `纬度`);
    an aside inside a word stays (`所在县(市)区`)."""
    text = _BRACKETS.sub("", description.strip().removeprefix("可选:"))
    text = _TRAILING_ASIDE.sub("", text)
    return _CLAUSE_END.split(text, maxsplit=1)[0].strip() or text


def _models() -> dict[str, type[BaseModel]]:
    return {name: obj for name, obj in vars(model).items() if isinstance(obj, type) and issubclass(obj, BaseModel)}


def _enums() -> dict[str, type[LabelledEnum]]:
    return {cls.__name__: cls for cls in LabelledEnum.__subclasses__()}


def _walk(node, visit):
    """Call visit(d) on every dict in a JSON tree, children first; visit returns the new dict."""
    if isinstance(node, list):
        return [_walk(item, visit) for item in node]
    if isinstance(node, dict):
        return visit({key: _walk(value, visit) for key, value in node.items()})
    return node


# --- model_schema --------------------------------------------------------------------------


@cache
def _model_schema() -> dict:
    raw = Project.model_json_schema(ref_template="#/definitions/{model}")
    defs = raw.pop("$defs")
    enums = {name: _enum_schema(cls) for name, cls in _enums().items() if name in defs}
    defs = {name: d for name, d in defs.items() if name not in enums}
    schema = {"$schema": DRAFT, **raw, "definitions": defs}
    schema = _walk(schema, lambda d: _inline_enum(d, enums))
    defs = schema["definitions"]
    for name, cls in _models().items():
        target = schema if cls is Project else defs.get(name)
        if target is not None:
            _describe(target, cls, name)
    return schema


def model_schema() -> dict:
    """The schema as the model means it (Chinese titles, labels, shorthands, examples)."""
    return copy.deepcopy(_model_schema())


def title(field: str) -> str:
    """A field's label, e.g. title("Point.open_hours") → 开放时间: pages, downloads and messages
    name a field by this, never by a copy of it."""
    cls, name = field.split(".")
    return _model_schema()["definitions"][cls]["properties"][name]["title"]


def _enum_schema(cls: type[LabelledEnum]) -> dict:
    return {"type": "string", "enum": [m.value for m in cls], "x-labels": {m.value: m.label for m in cls}}


def _inline_enum(node: dict, enums: dict[str, dict]) -> dict:
    # Inlined rather than referenced: in draft-07 a `$ref` hides its siblings (the description).
    ref = node.get("$ref", "")
    name = ref.rsplit("/", 1)[-1]
    if name not in enums:
        return node
    rest = {k: v for k, v in node.items() if k != "$ref"}
    return {**copy.deepcopy(enums[name]), **rest}


def _describe(schema: dict, cls: type[BaseModel], name: str) -> None:
    schema["title"] = short_label(cls.__doc__ or name)
    for field_name, prop in schema.get("properties", {}).items():
        info = cls.model_fields[field_name]
        prop.setdefault("description", info.description or "")
        prop["title"] = info.title or short_label(prop["description"]) or field_name


# --- editor_schema -------------------------------------------------------------------------

NUMBER = r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"
INTEGER = r"^\s*[-+]?\d+\s*$"
BOOLEAN_WORDS = [True, False, 1, 0, "true", "false", "True", "False", "yes", "no", "Yes", "No", "on", "off", "On", "Off"]


@cache
def _editor_schema() -> dict:
    return _walk(model_schema(), _as_loader_reads)


def editor_schema() -> dict:
    """The schema shipped for yaml-language-server: the model schema, as forgiving as the loader."""
    return copy.deepcopy(_editor_schema())


def _as_loader_reads(node: dict) -> dict:
    kind = node.get("type")
    if "x-labels" in node:
        labels = node["x-labels"]
        node["enum"] = [*labels, *labels.values()]
        node["enumDescriptions"] = [*labels.values(), *(f"= {code}" for code in labels)]
        node["description"] = with_values(node.get("description", ""), labels)
    elif kind == "string":
        node["type"] = ["string", "number", "boolean"]
    elif kind == "number":
        node["type"], node["pattern"] = ["number", "string"], NUMBER
    elif kind == "integer":
        node["type"], node["pattern"] = ["integer", "string"], INTEGER
    elif kind == "boolean":
        del node["type"]
        node["enum"] = BOOLEAN_WORDS
    return node


def with_values(description: str, labels: dict[str, str]) -> str:
    if all(code in description for code in labels):
        return description + "也可以直接写中文名称。"
    listed = "、".join(f"{code}({label})" for code, label in labels.items())
    return f"{description}可选值:{listed};也可以直接写中文名称。"


# --- output --------------------------------------------------------------------------------


def dumps(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write(output: str | None) -> int:
    text = dumps(editor_schema())
    if output is None:
        print(text, end="")
    else:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
    return 0
