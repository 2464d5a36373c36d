"""The index pages' lists skip the Markdown converter (see generator/adapter/setaside.py): the
site comes out byte for byte as when Markdown converts them."""

from __future__ import annotations

import shutil

import pytest
from test_build_parallel import mkdocs_build_here, tree

from conftest import FIXTURES
from generator import paths
from generator.adapter import setaside

LIST = '<ul class="showcase-index">\n<li><a href="../../points/a/">东街 &lt;b&gt;</a> · 鼓楼区</li>\n</ul>'


def test_each_list_is_set_aside_in_order_and_put_back_in_its_place():
    markdown = f"# 按区县浏览\n\n## 鼓楼区\n\n{LIST}\n\n## 台江区\n\n{LIST.replace('东街', '西街')}\n"
    rest, lists = setaside.set_aside(markdown)
    assert lists == [LIST, LIST.replace("东街", "西街")]
    assert "<li>" not in rest and rest.count("<!--showcase-set-aside-") == 2
    assert setaside.put_back(rest, lists, "indexes/districts/index.md") == markdown
    # a marker the converter dropped (or doubled): an error naming the page, never a page without its list
    for broken in (rest.replace("<!--showcase-set-aside-1-->", ""), rest + "<!--showcase-set-aside-0-->"):
        with pytest.raises(RuntimeError, match="indexes/districts/index.md"):
            setaside.put_back(broken, lists, "indexes/districts/index.md")


def test_lists_are_set_aside_only_where_the_converter_keeps_the_marker():
    assert setaside.survives(["attr_list", "tables", "toc", "admonition", "md_in_html"], {})
    assert not setaside.survives(["tables", "pymdownx.striphtml"], {})  # it removes HTML comments
    # not a list of its own block (inside a line, another class): left to Markdown
    for other in ("x " + LIST, LIST.replace("showcase-index", "other"), "<ul class=\"showcase-index\">\n<li>no end"):
        assert setaside.set_aside(other) == (other, [])


@pytest.fixture
def project(tmp_path):
    shutil.copytree(FIXTURES / "site", tmp_path / "project")
    return tmp_path / "project"


def test_the_site_is_the_same_as_when_markdown_converts_the_lists(project, tmp_path, monkeypatch):
    seen = []
    real = setaside.set_aside

    def noted(markdown):
        rest, lists = real(markdown)
        seen.extend(lists)
        return rest, lists
    monkeypatch.setattr(setaside, "set_aside", noted)
    mkdocs_build_here(project, tmp_path / "set-aside", 1, monkeypatch)
    assert len(seen) >= 4  # each index page has a list or more
    monkeypatch.setattr(setaside, "set_aside", lambda markdown: (markdown, []))
    mkdocs_build_here(project, tmp_path / "converted", 1, monkeypatch)
    built = tree(tmp_path / "set-aside")
    assert built == tree(tmp_path / "converted")
    for index in paths.INDEXES.values():
        page = built[index.replace("index.md", "index.html")].decode("utf-8")
        assert '<ul class="showcase-index">' in page and "showcase-set-aside" not in page


def test_with_a_converter_that_drops_comments_the_lists_are_converted_as_they_are(project, tmp_path, monkeypatch, site_project):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "markdown_extensions: [" in text
    config.write_text(text.replace("markdown_extensions: [", "markdown_extensions: [pymdownx.striphtml, ", 1), encoding="utf-8")
    assert not mkdocs_build_here(project, tmp_path / "site", 1, monkeypatch).plugins["showcase"].setting_aside
    page = (tmp_path / "site" / paths.INDEXES["districts"].replace("index.md", "index.html")).read_text(encoding="utf-8")
    listed = page.split('<ul class="showcase-index">', 1)[1]
    assert all(f'>{point.name}</a>' in listed for point in site_project.points)  # every point, by district
