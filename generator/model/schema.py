"""The JSON Schema of sites.yaml: completion and hover in editors' VS Code (yaml-language-server).

Built from the model (`Project.model_json_schema()`), then adjusted in two steps:

`model_schema()` says what the model means, in Chinese: a title (the short label) and a
description on every field, enums inlined with their labels (`x-labels`), the shorthands the
model accepts (a stop as a bare point id, a checklist result as a bare state), and an example
for every field. The field reference page and `new` scaffolds are written from it.

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

# The shorthands the model's BeforeValidators accept: a bare value stands for this one field.
SHORTHANDS = {"Stop": "point", "Evidence": "state"}

# Field examples. They belong in model.py as Field(examples=[…]); until they are there, they
# live here and win over type-wide examples (every slug's example is otherwise "gulou-01").
EXAMPLES: dict[str, object] = {
    "Region.name": "福州市", "Region.south": 25.9, "Region.west": 119.1, "Region.north": 26.3, "Region.east": 119.5,
    "Tiles.url": "/tiles/{z}/{x}/{y}.png", "Tiles.attribution": "© 市测绘地理信息局",
    "Tiles.file": "basemap/fuzhou.mbtiles", "TileLayer.file": "basemap/labels", "TileLayer.attribution": "天地图注记",
    "TileLayer.url": "https://t{s}.tianditu.gov.cn/cva_w/wmts?…&tk=你的密钥", "Tiles.subdomains": "01234567",
    "Orientation.file": "maps/orientation.geojson", "Orientation.attribution": "道路为示意",
    "Landmark.name": "地铁东街口站", "Landmark.lat": 26.0868, "Landmark.lon": 119.298,
    "Checklist.name": "六有", "Checklist.applies_to": "point",
    "ChecklistItem.id": "flag", "ChecklistItem.name": "有党旗",
    "Site.title": "鼓楼区党建示范带", "Site.description": "鼓楼区坚持“连点成线、连线成带”,打造楼宇党建示范带。",
    "Site.outline": "maps/gulou.geojson",
    "Evidence.note": "一楼大厅设有党建长廊", "Evidence.photo": "photos/gulou-corridor.jpg",
    "Figure.name": "联建活动", "Figure.value": 9, "Figure.unit": "次", "Figure.as_of": "2021-05-31",
    "Photo.src": "photos/gulou-01.jpg", "Photo.caption": "党群服务中心外景", "Photo.credit": "鼓楼区委组织部",
    "Organisation.name": "金融街楼宇党委", "Organisation.members": 120,
    "StatusChange.date": "2022-06",
    "Belt.id": "gulou-louyu", "Belt.name": "鼓楼区楼宇党建示范带", "Belt.district": "鼓楼区",
    "Belt.brand": "楼宇红色引擎", "Belt.summary": "串联辖区 8 栋重点商务楼宇的党群服务阵地。",
    "Belt.highlights": ["楼宇党建联盟,资源共享"], "Belt.points": ["gulou-01", "gulou-02"], "Belt.start_year": 2021,
    "Belt.checklists": {"five-ones": {"route": "met", "logo": "unmet"}},
    "Point.id": "gulou-01", "Point.name": "金融街楼宇党群服务中心", "Point.district": "鼓楼区", "Point.street": "东街街道",
    "Point.address": "福州市鼓楼区东街 88 号", "Point.lat": 26.0856, "Point.lon": 119.2965, "Point.model": "“3×3”党建模式",
    "Point.summary": "服务楼宇企业和党员群众的“红色驿站”。", "Point.highlights": ["党员先锋岗"],
    "Point.services": ["党员活动室", "图书室"], "Point.open_hours": "周一至周五 9:00-17:30", "Point.contact": "0591-12345678",
    "Point.honours": ["省级党建工作示范点"], "Point.checklists": {"six-haves": {"venue": "met", "flag": "met"}},
    "Point.story": "2018 年成立楼宇党委,组建楼宇党建联盟。", "Point.tags": ["楼宇党建"], "Point.verified": "2025-01-10",
    "Stop.point": "gulou-01", "Stop.note": "从东门进入",
    "Route.id": "gulou-walk", "Route.name": "鼓楼楼宇半日步行线", "Route.belt": "gulou-louyu",
    "Route.summary": "步行约两小时,参观 4 个楼宇党群服务中心。", "Route.stops": ["gulou-01", "gulou-02"],
    "Route.path": [[26.0856, 119.2965], [26.0861, 119.2990]],
}

_CLAUSE_END = re.compile(r"[,。:;,:;]")
_TRAILING_ASIDE = re.compile(r"[((][^()()]*[))](?=[,。:;,:;]|$)")
_BRACKETS = re.compile(r"\s*\[.*\]")  # `[[纬度, 经度], …]`: its commas are not clause breaks
# Labels for docstrings that do not start with one (until model.py's do).
TITLES = {"Evidence.state": "达标情况"}


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
    for name, field in SHORTHANDS.items():
        bare = defs[name]["properties"][field]
        schema = _walk(schema, lambda d, name=name, bare=bare: _with_shorthand(d, name, bare))
    return schema


def model_schema() -> dict:
    """The schema as the model means it (Chinese titles, labels, shorthands, examples)."""
    return copy.deepcopy(_model_schema())


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
        prop["title"] = TITLES.get(f"{name}.{field_name}") or short_label(prop["description"]) or field_name
        example = EXAMPLES.get(f"{name}.{field_name}")
        if example is not None:
            prop["examples"] = [example]


def _with_shorthand(node: dict, name: str, bare: dict) -> dict:
    if node.get("$ref") != f"#/definitions/{name}":
        return node
    short = {k: v for k, v in bare.items() if k not in ("title", "description", "default")}
    return {"anyOf": [node, short]}


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
