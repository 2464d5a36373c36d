"""`new point|belt|route ID`: scaffolded entries are complete and valid once filled in, and
appending one changes no byte of the file outside the inserted block."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.source import loader
from generator.commands import scaffold
from generator.commands.cli import main
from generator.model import Belt, Point, Route
from generator.source.yamlsource import parse

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "valid"
MODELS = {"point": Point, "belt": Belt, "route": Route}


def record(text: str, section: str) -> dict:
    """The first record of a section, read as the loader reads it (every scalar as text)."""
    src = parse(f"{section}:\n{text}".encode(), "entry.yaml")
    assert not src.problems, [p.format() for p in src.problems]
    return src.data[section][0]


def fill(blank, example):
    """Fill every blank (None) of a scaffolded entry with the example entry's value."""
    if blank is None:
        return example
    if isinstance(blank, dict):
        return {key: fill(value, example[key]) for key, value in blank.items()}
    if isinstance(blank, list):
        return [fill(value, example[i] if i < len(example) else example[-1]) for i, value in enumerate(blank)]
    return blank


@pytest.mark.parametrize("kind", MODELS)
def test_entry_is_valid_once_filled_with_examples(kind: str):
    section = scaffold.KINDS[kind][0]
    example = record(scaffold.entry(kind, "new-one", example=True), section)
    MODELS[kind].model_validate(example)  # every field, with its example value
    blank = record(scaffold.entry(kind, "new-one"), section)
    filled = fill(blank, example)
    assert filled["id"] == "new-one"
    MODELS[kind].model_validate(filled)


@pytest.mark.parametrize("kind", MODELS)
def test_entry_lists_every_field_and_leaves_required_ones_blank(kind: str):
    text = scaffold.entry(kind, "new-one")
    model = MODELS[kind]
    for name, info in model.model_fields.items():
        if name == "id":
            continue
        shown = f"\n    {name}:" if info.is_required() else f"\n    # {name}:"
        assert shown in text, f"{kind}.{name}"
    blank = record(text, scaffold.KINDS[kind][0])
    required = {name for name, info in model.model_fields.items() if info.is_required()} - {"id"}
    assert set(blank) == required | {"id"}


def test_entry_comments_come_from_the_model():
    text = scaffold.entry("point", "gulou-09")
    assert "    # 纬度(如福州约 26.08)。(必填)\n    lat:\n" in text
    assert "office_tower 商务楼宇" in text
    assert "#   name: 金融街楼宇党委  # 党组织名称" in text


def test_new_prints_an_entry(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "route", "gulou-bus"]) == 0
    out = capsys.readouterr().out
    assert "  - id: gulou-bus\n" in out and "    stops:\n      -\n      -\n" in out


# --- refusing bad ids ------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "site")
    return tmp_path / "site" / "sites.yaml"


@pytest.mark.parametrize(
    "kind, record_id, message",
    [
        ("point", "Gulou_09", "错误:编号 `Gulou_09` 无效:只能用小写英文字母、数字和连字符,如 gulou-09"),
        ("point", "zhongchuang", "错误:已有编号为 `zhongchuang` 的示范点,请换一个编号"),
        ("belt", "dongcheng", "错误:已有编号为 `dongcheng` 的示范带,请换一个编号"),
        ("route", "dongcheng-walk", "错误:已有编号为 `dongcheng-walk` 的路线,请换一个编号"),
    ],
)
def test_refuses_bad_or_taken_ids(site: Path, capsys, kind: str, record_id: str, message: str):
    before = site.read_bytes()
    assert main(["new", kind, record_id, "--append", str(site)]) == 1
    assert capsys.readouterr().err.strip() == message
    assert site.read_bytes() == before


def test_refuses_taken_id_when_printing_too(site: Path, capsys, monkeypatch):
    monkeypatch.chdir(site.parent)
    assert main(["new", "point", "zhongchuang"]) == 1
    assert "已有编号为 `zhongchuang` 的示范点" in capsys.readouterr().err


# --- appending -------------------------------------------------------------------------------


def assert_only_inserted(old: str, new: str, kind: str, record_id: str) -> str:
    """The new text is the old text with one block inserted; returns the block."""
    _, offset, block = scaffold.insert(old, kind, record_id)
    assert new[:offset] + new[offset + len(block):] == old
    assert block.strip() and block in new
    return block


@pytest.mark.parametrize("kind", MODELS)
def test_append_changes_nothing_outside_the_block(site: Path, kind: str):
    old = site.read_text(encoding="utf-8")
    assert main(["new", kind, "brand-new", "--append", str(site)]) == 0
    new = site.read_text(encoding="utf-8")
    assert_only_inserted(old, new, kind, "brand-new")
    section = scaffold.KINDS[kind][0]
    data = parse(new.encode(), "x").data
    assert [r["id"] for r in data[section]][-1] == "brand-new"
    assert len(data[section]) == len(parse(old.encode(), "x").data[section]) + 1


def test_append_to_the_sample_keeps_its_comments(tmp_path: Path):
    sample = ROOT / "sites.yaml"
    if not sample.is_file():
        pytest.skip("no sample sites.yaml")
    copy = tmp_path / "sites.yaml"
    copy.write_bytes(sample.read_bytes())
    old = copy.read_text(encoding="utf-8")
    for kind in MODELS:
        assert scaffold.main(kind, f"new-{kind}", str(copy)) == 0
        new = copy.read_text(encoding="utf-8")
        assert_only_inserted(old, new, kind, f"new-{kind}")
        old = new
    comments = [line for line in sample.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")]
    assert all(line in new for line in comments)


def test_append_leaves_the_entry_blank_for_check_to_point_at(site: Path):
    assert scaffold.main("point", "dongcheng-04", str(site)) == 0
    loaded = loader.load(site)
    errors = loaded.errors
    assert errors and all(p.key == "empty_value" and p.path.startswith("points[3].") for p in errors)
    assert {p.path for p in errors} == {f"points[3].{f}" for f in ("name", "kind", "level", "district", "address", "lat", "lon")}


CASES = {
    "sequence at column 0": "site:\n  title: t\npoints:\n- id: a\n  name: A\n# 路线\nroutes:\n- id: r\n",
    "section last, no final newline": "site:\n  title: t\npoints:\n  - id: a  # 第一个\n    name: A",
    "section missing": "site:\n  title: t\n# 末尾注释\n",
    "empty section": "site:\n  title: t\npoints:\n# 以后再加\nroutes: []\n",
    "trailing indented comment": "points:\n  - id: a\n    # verified: 2024-01-01\n\n# ---- 路线 ----\nroutes:\n  - id: r\n",
    "windows line ends": "site:\r\n  title: t\r\npoints:\r\n  - id: a\r\n\r\nroutes:\r\n  - id: r\r\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_insert_into_any_layout(text: str):
    new, offset, block = scaffold.insert(text, "point", "b")
    assert new[:offset] + new[offset + len(block):] == text
    points = parse(new.encode(), "x").data["points"]
    assert points[-1]["id"] == "b"
    assert ("\r\n" in text) == ("\r\n" in block) and ("\r\n" not in text or "\n" not in block.replace("\r\n", ""))


def test_insert_keeps_a_trailing_comment_with_its_entry():
    text = CASES["trailing indented comment"]
    new, offset, _ = scaffold.insert(text, "point", "b")
    assert new.index("# verified: 2024-01-01") < offset < new.index("# ---- 路线 ----")


def test_insert_matches_the_section_indent():
    new, _, block = scaffold.insert(CASES["sequence at column 0"], "point", "b")
    assert "\n- id: b\n  # " in block


def test_refuses_a_one_line_list(tmp_path: Path, capsys):
    path = tmp_path / "sites.yaml"
    path.write_text("site:\n  title: t\npoints: [{id: a}]\n", encoding="utf-8")
    assert main(["new", "point", "b", "--append", str(path)]) == 1
    assert "写成了一行的 [...] 形式" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "site:\n  title: t\npoints: [{id: a}]\n"


def test_refuses_a_file_that_does_not_parse(tmp_path: Path, capsys):
    path = tmp_path / "sites.yaml"
    path.write_text("site:\n  title: [\n", encoding="utf-8")
    assert main(["new", "point", "b", "--append", str(path)]) == 1
    assert "sites.yaml:" in capsys.readouterr().err
