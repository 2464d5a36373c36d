"""Reading sites.yaml from pieces (yamlpieces, used by the live preview) gives exactly what one
parse of the whole file gives: the data, every position, every problem. Checked on every fixture,
good and bad, the sample, the benchmark's shapes, and a series of editors' edits in which pieces
are kept from one reading to the next."""

import random

import pytest

from benchmarks.datasets import SHAPES, dataset, to_yaml
from conftest import FIXTURES, ROOT
from generator.source import loader, yamlpieces, yamlsource

FILES = sorted(FIXTURES.rglob("*.yaml")) + [ROOT / "sites.yaml"]


def whole(text: str):
    return yamlsource.parse(text.encode("utf-8"), "sites.yaml")


def from_pieces(text: str, kept: dict):
    return yamlsource.parse(text.encode("utf-8"), "sites.yaml", pieces=lambda t, f: yamlpieces.read(t, f, kept))


def same(a, b) -> bool:
    return (a.data, a.values, a.keys, [p.format() for p in a.problems]) == (b.data, b.values, b.keys, [p.format() for p in b.problems])


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_fixture_reads_the_same(path):
    raw = path.read_bytes()
    kept: dict = {}
    first = yamlsource.parse(raw, "x.yaml", pieces=lambda t, f: yamlpieces.read(t, f, kept))
    again = yamlsource.parse(raw, "x.yaml", pieces=lambda t, f: yamlpieces.read(t, f, kept))
    assert same(first, yamlsource.parse(raw, "x.yaml")) and same(again, first)


@pytest.mark.parametrize("shape", SHAPES)
def test_the_benchmark_shapes_read_from_pieces(shape):
    text = to_yaml(dataset(60, shape))
    kept: dict = {}
    assert same(from_pieces(text, kept), whole(text))
    assert len(kept) > 60  # it did read in pieces, one a record at least
    assert yamlpieces.read(text, "sites.yaml", kept) is not None


EDITS = [
    lambda t: t.replace('name: "', 'name: "新', 1),  # a name
    lambda t: t.replace("\n  - id:", "\n  # 注释\n  - id:", 1),  # a comment between items
    lambda t: t.replace("\n  - id:", "\n\n  - id:", 2),  # blank lines
    lambda t: t.replace("\n  - id:", "\n  - id: \"dup\"\n    id:", 1),  # a duplicate key inside a record
    lambda t: t.replace("points:\n", "points:\n  - &a {id: x}\n  - *a\n", 1),  # anchors and aliases
    lambda t: t.replace("routes:\n", "points:\n  - id: again\nroutes:\n", 1),  # a top-level key twice
    lambda t: t.replace("\n  - id:", "\n- id:", 1),  # an item out of line
    lambda t: t.replace("\n", "\r\n"),  # Windows line ends
    lambda t: t.replace('name: "', 'name: "\u2028', 1),  # a pasted line separator
    lambda t: t.replace("\n    name:", "\n    name: [未闭合\n    x:", 1),  # a syntax error
    lambda t: "---\n" + t,  # a document start
    lambda t: t + "---\nsite: {}\n",  # a second document
    lambda t: t.replace("\n  - id:", "\n  -   id:", 1),  # odd spacing
    lambda t: t.replace("belts:\n", "belts: # 示范带\n", 1),  # a comment after a list's key
    lambda t: "\n".join(line[2:] if line.startswith("  ") else line for line in t.split("\n")),  # lists at column 0
    lambda t: t.replace("\n  - id:", "\n  - !!str id:", 1),  # a tag
    lambda t: t.replace("site:\n", "site:\n  x:" + " [" * 60 + " ]" * 60 + "\n", 1),  # too deep
    lambda t: t.replace("\n    name:", "\n    \tname:", 1),  # a tab after the indent
    lambda t: t.replace("\n    name:", "\n\t    name:", 1),  # a tab before it
    lambda t: t.replace("\n  - id:", "\n\u3000\n  - id:", 1),  # a line of a full-width space
    lambda t: t.replace("\n  - id:", "\n# 顶格注释\n   # 缩进注释\n  - id:", 1),  # comments, any indent
    lambda t: t.replace("\n    name:", "\n name:", 1),  # a key indented less than the items
    lambda t: t.replace("\n    name:", "\n  name:", 1),  # a key where an item should be
    lambda t: t.rstrip("\n"),  # no line break at the end
    lambda t: t.replace("\n  - id:", "\n  -\n    id:", 1),  # an item's dash alone on its line
]


@pytest.mark.parametrize("edit", range(len(EDITS)))
def test_each_edit_alone_reads_the_same(edit):
    base = to_yaml(dataset(20, "many-routes"))
    kept: dict = {}
    from_pieces(base, kept)
    text = EDITS[edit](base)
    assert text != base
    assert same(from_pieces(text, kept), whole(text))


def test_a_series_of_edits_reads_the_same_with_pieces_kept():
    rng = random.Random(7)
    base = to_yaml(dataset(40, "many-routes"))
    kept: dict = {}
    text = base
    for step in range(60):
        edit = rng.choice(EDITS)
        text = edit(text) if rng.random() < 0.5 else edit(base)
        assert same(from_pieces(text, kept), whole(text)), step


def test_the_loader_with_pieces_gives_the_same_project():
    kept = loader.Kept()
    path = ROOT / "sites.yaml"
    raw = path.read_bytes()
    plain = loader.load_bytes(raw, "sites.yaml", ROOT)
    for _ in range(2):
        pieced = loader.load_bytes(raw, "sites.yaml", ROOT, kept=kept)
        assert pieced.project == plain.project and [p.format() for p in pieced.problems] == [p.format() for p in plain.problems]
    assert kept.pieces and kept.records


def test_records_of_unchanged_pieces_are_reused_and_an_edited_one_is_made_again():
    kept = loader.Kept()
    text = (ROOT / "sites.yaml").read_text(encoding="utf-8")
    first = loader.load_bytes(text.encode("utf-8"), "sites.yaml", ROOT, kept=kept).project
    point = first.points[3]
    edited = text.replace(f"name: {point.name}\n", f"name: {point.name}(改)\n", 1)
    assert edited != text
    second = loader.load_bytes(edited.encode("utf-8"), "sites.yaml", ROOT, kept=kept).project
    plain = loader.load_bytes(edited.encode("utf-8"), "sites.yaml", ROOT).project
    assert second == plain and second.points[3].name == point.name + "(改)"
    assert second.points[3] is not point
    assert all(a is b for i, (a, b) in enumerate(zip(first.points, second.points)) if i != 3)
    assert second.site is first.site and all(a is b for a, b in zip(first.belts, second.belts))
    # An edit that makes a record invalid reports it, and keeps nothing of it.
    broken = text.replace(f"name: {point.name}\n", "name: ''\n", 1)
    loaded = loader.load_bytes(broken.encode("utf-8"), "sites.yaml", ROOT, kept=kept)
    assert loaded.project is None and [p.path for p in loaded.errors] == ["points[3].name"]
    assert len(kept.records) == len(first.points) + len(first.belts) + len(first.routes)  # the site, minus the broken point


def test_a_short_text_written_many_times_is_held_once():
    # A 10,000-point file writes each field name and district thousands of times.
    text = "points:\n" + "".join(f"  - id: p{n}\n    district: 鼓楼区\n    story: {'长' * 80}\n" for n in range(3))
    src, _ = yamlsource.read(text, "sites.yaml")
    first, second = src.data["points"][0], src.data["points"][1]
    assert first["district"] is second["district"] and next(iter(first)) is next(iter(second))
    assert first["story"] == second["story"] and first["story"] is not second["story"]  # long texts: not looked up
