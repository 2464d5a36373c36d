"""Issue 13: what docs/ holds is checked like sites.yaml — links out of docs/, SVG that could run
script or load from outside, malformed GeoJSON — each a problem with its file and line, never a
traceback, and a build with any of them writes nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, mkdocs_build
from generator.source import docsfiles, geojson, loader, svg

TODAY = dt.date(2026, 11, 22)
SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the end-to-end fixture project, to plant files in."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", target, ignore=shutil.ignore_patterns("site"))
    return target


def check(project: Path) -> list[str]:
    return [p.format() for p in loader.load(project / "sites.yaml", TODAY, shown_as="sites.yaml").errors]


# --- symbolic links --------------------------------------------------------------------------


def test_links_out_of_docs_are_refused_though_nothing_names_them(project):
    (project / "secret.txt").write_text("secret", encoding="utf-8")
    (project / "docs" / "leak.txt").symlink_to(project / "secret.txt")
    (project / "docs" / "etc").symlink_to("/etc", target_is_directory=True)
    (project / "docs" / "loop").symlink_to(project / "docs" / "loop")
    (project / "docs" / "inside.md").symlink_to(project / "docs" / "about.md")
    assert check(project) == [
        "docs/etc:1:1: 错误: 符号链接 `etc` 指向 docs/ 以外(`/etc`),网站会把那里的内容发布出去\n"
        "    提示:删除这个链接,把需要的文件复制到 docs/ 里",
        f"docs/leak.txt:1:1: 错误: 符号链接 `leak.txt` 指向 docs/ 以外(`{project}/secret.txt`),网站会把那里的内容发布出去\n"
        "    提示:删除这个链接,把需要的文件复制到 docs/ 里",
        f"docs/loop:1:1: 错误: 符号链接 `loop` 指向 docs/ 以外(`{project}/docs/loop`),网站会把那里的内容发布出去\n"
        "    提示:删除这个链接,把需要的文件复制到 docs/ 里",
    ]


def test_a_build_with_a_link_out_of_docs_writes_nothing(project, tmp_path):
    (project / "docs" / "leak.txt").symlink_to(ROOT / "pyproject.toml")
    out = tmp_path / "out"
    result = mkdocs_build(project, out)
    assert result.returncode != 0
    assert "docs/leak.txt:1:1: 错误: 符号链接 `leak.txt` 指向 docs/ 以外" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


# --- SVG -------------------------------------------------------------------------------------


@pytest.mark.parametrize("body, what", [
    ('<script>alert(1)</script>', "<script>"),
    ('<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script>', "<script>"),
    ('<circle r="5" onload="alert(1)"/>', "onload=…"),
    ('<g ONCLICK="alert(1)"/>', "onclick=…"),
    ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>', "<foreignObject>"),
    ('<image href="//outside.test/a.png"/>', 'href="//outside.test/a.png"'),
    ('<image xlink:href="https://outside.test/a.png"/>', 'href="https://outside.test/a.png"'),
    ('<a href="java\tscript:alert(1)"><text>x</text></a>', 'href="java script:alert(1)"'),
    ('<use href="data:image/svg+xml;base64,PHN2Zz4="/>', 'href="data:image/svg+xml;base64,PHN2Zz4="'),
    ('<set attributeName="href" to="javascript:alert(1)"/>', '<set attributeName="href">'),
    ('<rect style="fill: url(//outside.test/p.svg#g)"/>', "url(//outside.test/p.svg#g)"),
    ('<style>@import "x.css";</style>', "@import"),
    ('<style>rect { fill: u\\72l(//outside.test/a) }</style>', "\\"),
    ('<iframe src="x.html"/>', "<iframe>"),
])
def test_svg_that_could_run_or_load_is_refused_at_its_line(tmp_path, body, what):
    path = tmp_path / "photo.svg"
    path.write_text(SVG_HEAD + "  <title>照片</title>\n  " + body + "\n</svg>\n", encoding="utf-8")
    found = svg.problems(path, "docs/photo.svg")
    assert [(p.file, p.line, p.key, p.params["what"]) for p in found][:1] == [("docs/photo.svg", 3, "svg_unsafe", what)]
    assert found[0].format().endswith("或者改用 PNG/JPEG 图片")


@pytest.mark.parametrize("text, key, line", [
    ('<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]>\n<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', "svg_unsafe", 1),
    ('<?xml-stylesheet href="https://outside.test/x.xsl" type="text/xsl"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "svg_unsafe", 1),
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<rect>\n</svg>', "svg_invalid", 3),
])
def test_svg_that_cannot_be_read_safely_is_refused(tmp_path, text, key, line):
    path = tmp_path / "x.svg"
    path.write_text(text, encoding="utf-8")
    assert [(p.key, p.line) for p in svg.problems(path, "docs/x.svg")][:1] == [(key, line)]


def test_ordinary_svg_passes(tmp_path):
    path = tmp_path / "ok.svg"
    path.write_text(SVG_HEAD + '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="stroke:#333"/>'
                    '<use xlink:href="#g"/><image href="photo.jpg"/><image href="data:image/png;base64,iVBO"/>'
                    '<a href="../points/x/"><text>链接</text></a></svg>', encoding="utf-8")
    assert svg.problems(path, "ok.svg") == []
    for photo in [*(ROOT / "docs").rglob("*.svg"), *(FIXTURES / "hostile" / "docs").rglob("*.svg")]:
        assert svg.problems(photo, photo.name) == [], photo


def test_an_svg_anywhere_under_docs_is_checked(project):
    (project / "docs" / "deep" / "er").mkdir(parents=True)
    (project / "docs" / "deep" / "er" / "x.svg").write_text(SVG_HEAD + '<circle onload="alert(1)"/></svg>', encoding="utf-8")
    assert check(project) == [
        "docs/deep/er/x.svg:2:1: 错误: SVG 图片含有 `onload=…`:打开图片时会运行脚本或从外部加载\n"
        "    提示:删除 `onload=…`(或在 Inkscape 中另存为“优化的 SVG”),或者改用 PNG/JPEG 图片"]
    assert docsfiles.shown("sub/sites.yaml", "a.svg") == "sub/docs/a.svg"


# --- GeoJSON (source/geojson.py, written for the maps: the cases issue 13 found) ---------------

POLYGON = '[[[119.2, 26.0], [119.4, 26.0], [119.4, 26.2], [119.2, 26.0]]]'


def features(geometry: str) -> str:
    return '{"type": "FeatureCollection", "features": [\n  {"type": "Feature", "properties": null,\n   "geometry": ' + geometry + "}\n]}\n"


@pytest.mark.parametrize("text, expected", [
    (features('{"type": "Polygon", "coordinates": "119.2,26.0"}'), [(3, 51, "features[0].geometry.coordinates", "geojson_list")]),
    (features('{"type": "Point", "coordinates": ["119.2", 26.0]}'), [(3, 49, "features[0].geometry.coordinates", "geojson_position")]),
    (features('{"type": "Polygon", "coordinates": [[[1e999, 0], [true, false], [1, 2], [1e999, 0]]]}'),
     [(3, 53, "features[0].geometry.coordinates[0][0]", "geojson_position"),
      (3, 65, "features[0].geometry.coordinates[0][1]", "geojson_position"),
      (3, 88, "features[0].geometry.coordinates[0][3]", "geojson_position")]),
])
def test_malformed_geojson_is_a_problem_at_its_line(text, expected):
    data, found = geojson.validate(text.encode(), "docs/outline.geojson")
    assert data is None
    assert [(p.line, p.col, p.path, p.key) for p in found] == expected


def test_geojson_nested_past_the_stack_is_one_problem_not_a_traceback():
    data, found = geojson.validate(("[" * 100_000 + "]" * 100_000).encode(), "outline.geojson")
    assert data is None and [p.key for p in found] == ["too_deep"]


def test_the_outline_is_checked_by_check(project):
    (project / "docs" / "outline.geojson").write_text(features('{"type": "Polygon", "coordinates": "x"}'), encoding="utf-8")
    text = (project / "sites.yaml").read_text(encoding="utf-8").replace("  crs: wgs84\n", "  crs: wgs84\n  outline: outline.geojson\n", 1)
    (project / "sites.yaml").write_text(text, encoding="utf-8")
    assert [line.split(": ")[0] for line in check(project)] == ["docs/outline.geojson:3:51"]


# --- a name under docs/ ----------------------------------------------------------------------


def test_a_name_under_docs_is_the_file_resolve_finds_and_never_one_outside(tmp_path):
    """`Docs.confined` skips `resolve` for plain names (a second of a 3,000-point build): for
    links, `..`, loops and missing parts it must still give what `resolve` and the check give."""
    root = tmp_path / "project"
    docs = root / "docs"
    (docs / "photos" / "sub").mkdir(parents=True)
    (docs / "photos" / "a.jpg").write_bytes(b"a")
    (docs / "photos" / "sub" / "b.jpg").write_bytes(b"b")
    (root / "secret.jpg").write_bytes(b"secret")
    (docs / "out.jpg").symlink_to(root / "secret.jpg")
    (docs / "outdir").symlink_to(root, target_is_directory=True)
    (docs / "in.jpg").symlink_to(docs / "photos" / "a.jpg")
    (docs / "indir").symlink_to(docs / "photos", target_is_directory=True)
    (docs / "loop").symlink_to(docs / "loop")
    names = ["photos/a.jpg", "photos/sub/b.jpg", "./photos//a.jpg", "photos/missing/x.jpg", "photos/a.jpg/x",
             "out.jpg", "outdir/secret.jpg", "in.jpg", "indir/a.jpg", "indir/../out.jpg", "loop", "loop/x.jpg",
             "../secret.jpg", "photos/../../secret.jpg", "photos/../photos/a.jpg", "../docs/photos/a.jpg",
             "/etc/passwd", "C:/x.jpg", "photos\\a.jpg", "a\0b.jpg", "x" * 300 + ".jpg"]

    def by_resolve(relative):
        if relative.startswith(("/", "\\")) or ":" in relative or "\\" in relative:
            return None
        try:
            target = (docs.resolve() / relative).resolve()
        except (OSError, RuntimeError, ValueError):
            return None
        return target if target.is_relative_to(docs.resolve()) else None

    found = docsfiles.Docs(root)
    for name in names:
        assert found.confined(name) == by_resolve(name), name
    assert found.confined("photos/a.jpg") == docs / "photos" / "a.jpg"
    for name in ["out.jpg", "outdir/secret.jpg", "indir/../out.jpg", "loop", "../secret.jpg", "photos/../../secret.jpg"]:
        assert found.confined(name) is None, name
