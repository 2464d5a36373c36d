"""The JSON Schema (shipped for editors' VS Code) and the field reference page, both from the model."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.source import loader
from generator import model
from generator.render import reference
from generator.model import schema
from generator.render.context import Context

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency (pyproject [test])")

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "sites.yaml"
SAMPLES = [p for p in (ROOT / "sites.yaml", FIXTURE) if p.is_file()]
CJK = re.compile(r"[\u4e00-\u9fff]")


def yaml12(text: str):
    """Data typed as yaml-language-server types it: YAML 1.2 core, where dates stay text."""

    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value

    return plain(YAML(typ="safe", pure=True).load(io.StringIO(text)))


def schema_errors(text: str) -> list[str]:
    validator = jsonschema.Draft7Validator(schema.editor_schema())
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(yaml12(text))]


def loader_errors(text: str, tmp_path: Path) -> list[str]:
    (tmp_path / "docs" / "photos").mkdir(parents=True, exist_ok=True)
    (tmp_path / "docs" / "photos" / "zhongchuang.jpg").write_bytes(b"")
    loaded = loader.load_bytes(text.encode(), "sites.yaml", tmp_path)
    return [p.format() for p in loaded.errors]


# --- the shipped file --------------------------------------------------------------------


def test_shipped_schema_is_up_to_date():
    fresh = schema.dumps(schema.editor_schema())
    shipped = schema.SHIPPED.read_text(encoding="utf-8") if schema.SHIPPED.is_file() else ""
    assert shipped == fresh, "schema/sites.schema.json is stale: run python -m generator schema --output schema/sites.schema.json"


def test_sample_points_editors_at_the_schema():
    for path in SAMPLES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if path.parent == ROOT:
            assert first == "# yaml-language-server: $schema=./schema/sites.schema.json"


def test_schema_is_draft_07_and_valid():
    jsonschema.Draft7Validator.check_schema(schema.editor_schema())
    assert schema.editor_schema()["$schema"] == "http://json-schema.org/draft-07/schema#"


# --- the schema accepts what the loader accepts ------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name)
def test_samples_validate(path: Path):
    assert schema_errors(path.read_text(encoding="utf-8")) == []


FORGIVEN = {
    "an enum's Chinese label": ("kind: business_district", "kind: 商圈"),
    "a label in a nested record": ("kind: 党委", "kind: 党委"),
    "a year as a number": ("founded: 2017-05", "founded: 2017"),
    "a stop as a mapping": ("stops: [zhongchuang, xiaozhen-33, jinyu-huafu]",
                            "stops: [{point: zhongchuang, dwell: 30}, xiaozhen-33, jinyu-huafu]"),
    "a checklist result in full": ("route: met, logo: met", "route: {state: met, note: 已建成}, logo: 达标"),
    "yes for true": ("unit: 期", "unit: 期\n        approx: yes"),
    "digits in a text field": ('contact: "0769-12345678"', "contact: 12345678"),
    "a quoted number": ("lat: 23.0350", 'lat: "23.0350"'),
    "a quoted whole number": ("members: 10", 'members: "10"'),
}


@pytest.mark.parametrize("old, new", FORGIVEN.values(), ids=FORGIVEN.keys())
def test_schema_accepts_what_the_loader_accepts(old: str, new: str, tmp_path: Path):
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    assert loader_errors(text, tmp_path) == []
    assert schema_errors(text) == []


REFUSED = {
    "a misspelt field": ("address: 东莞市东城街道众创金融街", "adress: 东莞市东城街道众创金融街"),
    "an unknown enum value": ("kind: business_district", "kind: tower"),
    "an id that is not a slug": ("id: zhongchuang", "id: Zhong Chuang"),
    "a latitude out of range": ("lat: 23.0205", "lat: 123.0205"),
    "a colour without #": ("brand: 党建引领文创", "brand: 党建引领文创\n    color: c8102e"),
}


@pytest.mark.parametrize("old, new", REFUSED.values(), ids=REFUSED.keys())
def test_schema_flags_what_the_loader_refuses(old: str, new: str, tmp_path: Path):
    text = FIXTURE.read_text(encoding="utf-8").replace(old, new, 1)
    assert loader_errors(text, tmp_path)
    assert schema_errors(text)


def test_enums_offer_labels_in_completion():
    kind = schema.editor_schema()["definitions"]["Point"]["properties"]["kind"]
    assert "office_tower" in kind["enum"] and "商务楼宇" in kind["enum"]
    assert len(kind["enumDescriptions"]) == len(kind["enum"])
    assert kind["x-labels"]["office_tower"] == "商务楼宇"


def test_every_field_has_a_chinese_title_and_description():
    defs = schema.model_schema()["definitions"]
    for name, definition in defs.items():
        assert CJK.search(definition["title"]), name
        for key, prop in definition["properties"].items():
            assert CJK.search(prop["title"]) and CJK.search(prop["description"]), f"{name}.{key}"
            assert len(prop["title"]) <= 16, f"{name}.{key}: label too long: {prop['title']}"


def test_short_label():
    assert schema.short_label("纬度(如福州约 26.08)。") == "纬度"
    assert schema.short_label("所在县(市)区。") == "所在县(市)区"
    assert schema.short_label("可选:实际行走路径 [[纬度, 经度], …](与示范点同一坐标系);给出时…") == "实际行走路径"


# --- the field reference page ------------------------------------------------------------


@pytest.fixture(scope="module")
def page() -> str:
    return reference.render(Context(project=None, root=ROOT))["reference/fields.md"]


def test_reference_lists_every_field_of_every_record(page: str):
    for cls in (model.Site, model.Region, model.Tiles, model.Belt, model.Point, model.Route, model.Stop,
                model.Figure, model.Photo, model.Organisation, model.Evidence, model.Checklist):
        for name in cls.model_fields:
            assert f"**`{name}`**" in page, f"{cls.__name__}.{name}"


def test_reference_explains_every_pattern(page: str):
    unexplained = set()

    def collect(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str) and not CJK.search(node.get("patternErrorMessage", "")):
                unexplained.add(node["pattern"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(schema.model_schema())
    assert unexplained == set()
    assert "格式须符合" not in page


def test_reference_links_resolve(page: str):
    anchors = set(re.findall(r"\{#([a-z0-9-]+)\}", page))
    assert {"site", "belt", "point", "route", "stop", "organisation"} <= anchors
    for target in re.findall(r"\]\(#([^)]+)\)", page):
        assert target in anchors


def test_reference_shows_types_values_limits_and_examples(page: str):
    point = page.split("{#point}", 1)[1].split("{#", 1)[0]
    assert "**`lat`** 纬度(必填)" in point
    assert "类型:数字" in point and "范围 \\-90 ~ 90" in point
    assert "`office_tower`(商务楼宇)" in point
    assert "示例:`lat: 26.0856`" in point
    assert "**`status`** 当前状态(可不填,默认 `demonstration`)" in point
    assert "类型:日期" in point
