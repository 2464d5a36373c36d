"""Input written to hurt: paths out of docs/, YAML bombs, huge and deep files, odd bytes, tags.

Whatever the file holds, loading ends in problems with a line and column, quickly, and nothing
outside docs/ is read and nothing is executed.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

from generator.source import loader, yamlsource
from generator.source.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_VALUES

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid" / "sites.yaml"
TODAY = dt.date(2026, 11, 22)

HEAD = """\
site:
  title: 东莞市城市基层党建示范带
  regions:
    - {name: 东莞市, south: 22.65, west: 113.50, north: 23.15, east: 114.25}
"""

POINT = """\
  - id: {id}
    name: 示范点{n}
    kind: community
    level: city
    district: 东城街道
    address: 东莞市东城街道{n}号
    lat: {lat}
    lon: {lon}
    verified: 2026-01-10
"""


def load(raw: bytes | str, root: Path = VALID.parent) -> loader.Loaded:
    raw = raw.encode("utf-8") if isinstance(raw, str) else raw
    return loader.load_bytes(raw, "sites.yaml", root, TODAY)


def keys(loaded: loader.Loaded) -> list[tuple[int, int, str]]:
    """(line, col, message key) of every error."""
    return [(p.line, p.col, p.key) for p in loaded.errors]


# --- files outside docs/ -------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with a secret beside docs/, and links inside docs/ that lead out."""
    (tmp_path / "secret.jpg").write_bytes(b"secret")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "a.jpg").write_bytes(b"secret")
    docs = tmp_path / "docs"
    (docs / "photos").mkdir(parents=True)
    (docs / "photos" / "ok.jpg").write_bytes(b"jpeg")
    (docs / "outline.geojson").write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    (docs / "leak.jpg").symlink_to(tmp_path / "secret.jpg")
    (docs / "leakdir").symlink_to(tmp_path / "secret", target_is_directory=True)
    (docs / "inside.jpg").symlink_to(docs / "photos" / "ok.jpg")
    (docs / "loop.jpg").symlink_to(docs / "loop.jpg")
    return tmp_path


def with_photos(*sources: str, outline: str = "outline.geojson") -> str:
    photos = "".join(f"      - {{src: '{src}', caption: 照片}}\n" for src in sources)
    point = POINT.format(id="p1", n=1, lat=23.02, lon=113.77)
    return HEAD + f"  outline: '{outline}'\n" + "points:\n" + point + "    photos:\n" + photos


@pytest.mark.parametrize(
    "src",
    ["../secret.jpg", "photos/../../secret.jpg", "/etc/passwd", "C:\\x", "C:/x.jpg", "\\\\server\\share\\x.jpg",
     "leak.jpg", "leakdir/a.jpg", "file:///etc/passwd", "https://example.com/a.jpg"],
)
def test_photo_paths_cannot_leave_docs(project, src):
    loaded = load(with_photos(src), project)
    outside = [p for p in loaded.errors if p.key == "path_outside"]
    assert [(p.path, p.params["path"]) for p in outside] == [("points[0].photos[0].src", src)]
    assert (outside[0].line, outside[0].col) == (17, 15)


def named(loaded: loader.Loaded) -> list:
    """Errors about what sites.yaml names (the links planted in docs/ are refused on their own)."""
    return [p for p in loaded.errors if p.key != "symlink_outside"]


def test_the_planted_links_out_are_refused_though_unnamed(project):
    loaded = load(with_photos("photos/ok.jpg"), project)
    assert [(p.file, p.key) for p in loaded.errors] == [
        ("docs/leak.jpg", "symlink_outside"), ("docs/leakdir", "symlink_outside"), ("docs/loop.jpg", "symlink_outside")]


def test_outline_cannot_leave_docs(project):
    loaded = load(with_photos("photos/ok.jpg", outline="../secret.jpg"), project)
    assert [(p.path, p.key) for p in named(loaded)] == [("site.outline", "path_outside")]
    assert named(loaded)[0].line == 5


def test_links_that_stay_inside_docs_are_fine(project):
    loaded = load(with_photos("photos/ok.jpg", "inside.jpg", "photos/./ok.jpg", "photos/../photos/ok.jpg"), project)
    assert named(loaded) == []


@pytest.mark.parametrize("src", ["loop.jpg", "a" * 299, "photos/" + "b" * 290])
def test_paths_the_system_cannot_resolve_are_problems(project, src):
    loaded = load(with_photos(src), project)
    assert [p.key for p in named(loaded)] in (["path_outside"], ["photo_missing"])


# --- YAML bombs and sizes ------------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, levels + 1):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_at_the_first_alias_over_the_limit():
    # Refused where the count first passes the limit (line 7, level a6), not after expanding
    # a billion values; speed itself is for benchmarks, not tests.
    loaded = load(billion_laughs())
    assert loaded.project is None
    assert [p.format() for p in loaded.problems] == [
        f"sites.yaml:7:15: 错误: 锚点/别名展开后过大(超过 {MAX_VALUES} 个值),已拒绝\n    提示:不要使用锚点(&)和别名(*)"
    ]


def test_small_aliases_are_allowed():
    text = VALID.read_text(encoding="utf-8")
    text = text.replace("  title: 东莞市城市基层党建示范带", "  title: &title 东莞市城市基层党建示范带")
    text = text.replace("    district: 东城街道\n    brand:", "    district: *title\n    brand:")
    loaded = load(text)
    assert loaded.errors == []
    assert loaded.project.belt("dongcheng").district == "东莞市城市基层党建示范带"


def test_ten_thousand_points_load(tmp_path):
    n = 10_000
    ids = [f"p{i}" for i in range(n)]
    points = "".join(POINT.format(id=pid, n=i, lat=23 + (i % 100) / 1000, lon=113.7 + (i // 100) / 1000) for i, pid in enumerate(ids))
    text = HEAD + "belts:\n  - id: all\n    name: 全部\n    district: 东城街道\n    points: [" + ", ".join(ids) + "]\n"
    text += "points:\n" + points
    loaded = load(text, tmp_path)
    assert loaded.errors == []
    assert len(loaded.project.points) == n


def test_too_many_values_are_refused(monkeypatch):
    monkeypatch.setattr(yamlsource, "MAX_VALUES", 1000)  # the real limit takes seconds to reach
    loaded = load("x: [" + "a," * 2000 + "a]\n")
    # the mapping, the key `x`, the list and 997 items fit (1,000 values); item 998 is refused
    assert keys(loaded) == [(1, len("x: [") + 1 + 2 * 997, "too_many_values")]


def test_file_over_the_size_limit():
    loaded = load(b"# " + b"x" * MAX_BYTES + b"\n")
    assert keys(loaded) == [(1, 1, "too_big")]


def test_huge_single_line():
    loaded = load(HEAD.replace("东莞市城市基层党建示范带", "长" * 1_000_000))
    assert [p.format() for p in loaded.errors] == ["sites.yaml:2:10: 错误: site.title: 太长(最多 200 个字符)"]


@pytest.mark.parametrize(
    "text, line, col",
    [
        ("[" * 10_000 + "]" * 10_000, 1, MAX_DEPTH + 1),
        ("{a: " * 10_000 + "b" + "}" * 10_000, 1, 4 * MAX_DEPTH + 1),
        ("".join(" " * i + "-\n" for i in range(0, 2_000, 2)), MAX_DEPTH + 1, 2 * MAX_DEPTH + 1),
        ("".join(" " * i + "k:\n" for i in range(1_000)), MAX_DEPTH + 1, MAX_DEPTH + 1),
        ("site: " + "[" * 100_000, 1, 6 + MAX_DEPTH),
    ],
    ids=["flow-lists", "flow-maps", "block-lists", "block-maps", "unclosed"],
)
def test_deep_nesting_is_a_problem_not_a_recursion_error(text, line, col):
    loaded = load(text)
    assert keys(loaded) == [(line, col, "too_deep")]


@pytest.mark.parametrize("parsers", [yamlsource.PARSERS, (yaml.SafeLoader,)], ids=["default", "pure-python"])
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 999, 1001, 5_000])
def test_depth_limit_whatever_the_parser(parsers, depth):
    """libyaml's own nesting limit (1000 in some versions) must not decide what the editor reads."""
    source = yamlsource.parse(("[" * depth + "]" * depth).encode(), "sites.yaml", parsers)
    assert [(p.line, p.col, p.key) for p in source.problems] == [(1, MAX_DEPTH + 1, "too_deep")]


@pytest.mark.parametrize("parsers", [yamlsource.PARSERS, (yaml.SafeLoader,)], ids=["default", "pure-python"])
def test_syntax_errors_read_the_same_whatever_the_parser(parsers):
    source = yamlsource.parse(b"site:\n  title: [a, b\n", "sites.yaml", parsers)
    assert [p.key for p in source.problems] == ["yaml_flow"]


def test_nesting_just_under_the_limit_is_read():
    loaded = load("site: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")
    assert "too_deep" not in [p.key for p in loaded.problems]


# --- bytes and line endings ----------------------------------------------------------------


def test_nul_byte():
    loaded = load(HEAD.replace("基层党建", "基层\x00党建"))
    assert [p.format() for p in loaded.errors] == [
        "sites.yaml:2:17: 错误: 含有不允许的不可见字符 U+0000\n    提示:删除这个字符(常随 Word、网页复制而来)"
    ]


def test_nul_written_as_an_escape_does_not_reach_file_paths(project):
    loaded = load(with_photos("photos/ok.jpg").replace("src: 'photos/ok.jpg'", 'src: "photos/ok\\0.jpg"'), project)
    assert [(p.line, p.key) for p in named(loaded)] == [(17, "forbidden_char"), (17, "photo_missing")]


def test_byte_order_mark_is_accepted():
    raw = VALID.read_bytes()
    with_bom, without = load(b"\xef\xbb\xbf" + raw), load(raw)
    assert with_bom.errors == [] and with_bom.project is not None
    assert [p.format() for p in with_bom.problems] == [p.format() for p in without.problems]


def test_crlf_line_endings_keep_line_numbers():
    text = VALID.read_text(encoding="utf-8").replace("lat: 23.0012", "lat: abc")
    lf, crlf = load(text), load(text.replace("\n", "\r\n"))
    assert [p.format() for p in crlf.problems] == [p.format() for p in lf.problems]
    assert [(p.line, p.col, p.path) for p in crlf.errors] == [(50, 10, "points[1].lat")]


def test_crlf_file_without_errors_loads():
    loaded = load(VALID.read_text(encoding="utf-8").replace("\n", "\r\n"))
    assert loaded.errors == [] and loaded.project.point("zhongchuang").open_hours == "9:00-17:30"


# --- keys, merges and tags -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("? [a, b]\n: c\n", [(1, 3, "complex_key")]),
        ("? {a: 1}\n: c\n", [(1, 3, "complex_key")]),
        ("x: &k key\n*k : c\n", [(1, 1, "unknown_field"), (2, 1, "complex_key")]),
        ("1: x\n", [(1, 1, "unknown_field")]),
        ("null: y\n", [(1, 1, "unknown_field")]),
        ("~: y\n", [(1, 1, "unknown_field")]),
    ],
    ids=["list", "mapping", "alias", "number", "null", "tilde"],
)
def test_keys_that_are_not_plain_text(text, expected):
    errors = [(line, col, key) for line, col, key in keys(load(HEAD + text)) if key != "missing"]
    assert [(line - 4, col, key) for line, col, key in errors] == expected


def test_odd_keys_inside_a_record_are_unknown_fields():
    text = VALID.read_text(encoding="utf-8").replace("    model: “3×3”党建模式\n", "    model: “3×3”党建模式\n    1: x\n    null: y\n")
    loaded = load(text)
    assert [(p.line, p.path, p.message()) for p in loaded.errors] == [
        (58, "points[1].1", "未知字段 `1`"),
        (59, "points[1].null", "未知字段 `null`"),
    ]


def test_merge_keys_are_refused():
    text = VALID.read_text(encoding="utf-8").replace("  - id: xiaozhen-33\n", "  - <<: {kind: park}\n    id: xiaozhen-33\n")
    loaded = load(text)
    assert [p.format() for p in loaded.errors if p.key == "merge_key"] == [
        "sites.yaml:44:5: 错误: points[1]: 不支持合并键 `<<`\n    提示:把需要的字段直接写在这里"
    ]


def test_python_tags_do_not_execute(tmp_path):
    marker = tmp_path / "executed"
    text = HEAD + f"points: !!python/object/apply:os.mkdir ['{marker}']\n"
    text += f"belts: !!python/object/new:pathlib.Path ['{marker}']\n"
    loaded = load(text, tmp_path)
    assert not marker.exists()
    assert [(p.line, p.key, p.params.get("tag")) for p in loaded.errors if p.key == "unsupported_tag"] == [
        (5, "unsupported_tag", "!!python/object/apply:os.mkdir"),
        (6, "unsupported_tag", "!!python/object/new:pathlib.Path"),
    ]


def test_custom_tags_are_reported():
    text = VALID.read_text(encoding="utf-8").replace("    district: 东城街道\n    brand:", "    district: !foo 东城街道\n    brand:")
    loaded = load(text)
    assert [p.format() for p in loaded.errors] == [
        "sites.yaml:14:15: 错误: belts[0].district: 不支持标签 `!foo`\n    提示:删除 `!foo`;如果这是文字,给整个值加引号"
    ]


def test_standard_tags_only_restate_the_text():
    text = VALID.read_text(encoding="utf-8").replace("contact: \"0769-12345678\"", "contact: !!str 0769")
    text = text.replace("    model: “3×3”党建模式", "    model: !!int 010")
    loaded = load(text)
    assert loaded.errors == []
    assert loaded.project.point("jinyu-huafu").contact == "0769"
    assert loaded.project.point("xiaozhen-33").model == "010"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("site: *nowhere\n", (1, 7, "unknown_alias")),
        ("site: &a [*a]\n", (1, 11, "unknown_alias")),
        ("site: {}\n---\nsite: {}\n", (2, 1, "second_document")),
    ],
    ids=["undefined", "recursive", "two-documents"],
)
def test_aliases_and_documents(text, expected):
    assert keys(load(text)) == [expected]


def test_long_keys_and_line_breaks_stay_on_one_line():
    text = HEAD + '"' + "键" * 500 + '\\nnext": 1\n'
    (problem,) = [p for p in load(text).errors if p.key == "unknown_field"]
    assert "\n" not in problem.format().split("\n    ")[0]
    assert len(problem.format()) < 300


def test_unreadable_paths(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    loaded = loader.load(loop, TODAY)
    assert [p.key for p in loaded.errors] in (["unreadable"], ["not_found"])
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.yaml"
        locked.write_text("site: {}\n", encoding="utf-8")
        locked.chmod(0)
        assert [p.key for p in loader.load(locked, TODAY).errors] == ["unreadable"]
