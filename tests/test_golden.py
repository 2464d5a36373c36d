"""Golden files: a point page, a belt page and a route page (the Markdown handed to MkDocs) and a
route map's drawing (the JSON showcase.js draws), built from tests/fixtures/site. A change to any of
them shows up here as a diff to read; after a deliberate change, regenerate them with
UPDATE_GOLDEN=1 and commit the new files with the change."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import FIXTURES
from helpers.sitecheck import map_drawing

from generator.render.build import build
from generator.render.context import Context

GOLDEN = FIXTURES / "golden"
# golden file → (generated file, how it is compared)
CASES = {
    "point-gl-01.md": ("points/gl-01/index.md", str),
    "belt-gulou.md": ("belts/gulou/index.md", str),
    "route-gulou-walk.md": ("routes/gulou-walk/index.md", str),
    "route-gulou-walk-map.json": ("routes/gulou-walk/map.html",
                                  lambda html: json.dumps(map_drawing(html), ensure_ascii=False, indent=1) + "\n"),
}


@pytest.fixture(scope="module")
def files(site_project) -> dict[str, str | bytes]:
    return build(Context(site_project, FIXTURES / "site"))


@pytest.mark.parametrize("name", CASES)
def test_golden(files, name: str):
    path, shown = CASES[name]
    actual = shown(files[path])
    golden: Path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden file yet: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == golden.read_text(encoding="utf-8"), f"{path} changed: if on purpose, run UPDATE_GOLDEN=1"
