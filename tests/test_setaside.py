"""Raw HTML blocks of generated pages skip the Markdown converter, and the search reads each page
without the blocks it skips (see generator/adapter/setaside.py): the site comes out byte for
byte as when Markdown converts every block and the search reads every page whole, with the same
ids for MkDocs' anchor checks."""

from __future__ import annotations

import shutil

import pytest
from test_build_parallel import mkdocs_build_here, tree

from benchmarks.datasets import dataset
from benchmarks.projects import write_ours
from conftest import FIXTURES
from generator import paths
from generator.adapter import setaside
from generator.adapter.plugin import ShowcasePlugin

LIST = '<ul class="showcase-index">\n<li><a href="../../points/a/">东街 &lt;b&gt;</a> · 鼓楼区</li>\n</ul>'
NAV = '<nav id="stop-nav" data-search-exclude>\n<p id="stop-a&amp;b">第 1 站</p>\n<a name="top"></a>\n</nav>'


def test_each_block_is_set_aside_in_order_and_put_back_in_its_place():
    markdown = f"# 按区县浏览\n\n{NAV}\n\n## 鼓楼区\n\n{LIST}\n\n## 台江区\n\n{LIST.replace('东街', '西街')}\n"
    rest, blocks = setaside.set_aside(markdown)
    assert blocks == [NAV, LIST, LIST.replace("东街", "西街")]
    assert "<li>" not in rest and rest.count("<!--showcase-set-aside-") == 3
    assert setaside.put_back(rest, blocks, "indexes/districts/index.md")[0] == markdown
    assert setaside.anchor_ids(blocks) == {"stop-nav", "stop-a&b", "top"}
    # a marker the converter dropped (or doubled): an error naming the page, never a page without its block
    for broken in (rest.replace("<!--showcase-set-aside-1-->", ""), rest + "<!--showcase-set-aside-0-->"):
        with pytest.raises(RuntimeError, match="indexes/districts/index.md"):
            setaside.put_back(broken, blocks, "indexes/districts/index.md")


@pytest.mark.parametrize("text", [
    "x " + LIST,  # inside a paragraph
    f"{LIST}\n*强调*",  # Markdown after the element, before the blank line
    "<p>一</p>\n<p>二</p>",  # two elements: Markdown hands them back one by one
    "<div>\n<div>一</div>\n</div>\n<p>二</p>",
    '<div markdown="1">\n*强调*\n</div>',  # md_in_html converts what is inside
    '<ul class="showcase-index">\n<li>no end',
    "<span>一</span>",  # not a block-level element
    "    <p>代码</p>",  # indented: code
    "<ul>\n<li>地址\t一号</li>\n</ul>",  # Markdown expands the tab first, raw HTML too
    "<div>\n<p>一</p>\n   \n<p>二</p>\n</div>",  # and empties the line of spaces
])
def test_what_markdown_might_read_as_markdown_is_left_to_it(text):
    assert setaside.set_aside(f"# 标题\n\n{text}\n") == (f"# 标题\n\n{text}\n", [])


def test_blocks_are_set_aside_only_where_the_converter_keeps_the_marker():
    assert setaside.survives(["attr_list", "tables", "toc", "admonition", "md_in_html"], {})
    assert not setaside.survives(["tables", "pymdownx.striphtml"], {})  # it removes HTML comments


def test_the_search_skips_excluded_blocks_and_the_sections_of_excluded_headings():
    html = ('<h1 id="t">名称</h1>\n<!--showcase-set-aside-0-->\n<p>简介</p>\n<!--showcase-set-aside-1-->\n'
            '<h2 data-search-exclude="" id="map">地图</h2>\n<!--showcase-set-aside-2-->\n<!--showcase-set-aside-3-->\n'
            '<h2 id="story">故事</h2>\n<!--showcase-set-aside-4-->')
    blocks = [NAV, LIST, "<figure>图</figure>", "<div>\n<h3>小标题</h3>\n</div>", "<div>故事</div>"]
    assert setaside.skipped_by_search(html, blocks) == {0, 2}  # a block holding a heading is kept
    whole, places = setaside.put_back(html, blocks, "p.md", frozenset({0, 2}))
    assert setaside.for_search(whole, places) == (
        '<h1 id="t">名称</h1>\n\n<p>简介</p>\n' + LIST + '\n<h2 data-search-exclude="" id="map">地图</h2>\n\n'
        + blocks[3] + '\n<h2 id="story">故事</h2>\n<div>故事</div>')


def _projects():
    yield "site", lambda folder: shutil.copytree(FIXTURES / "site", folder)
    yield "hostile", lambda folder: shutil.copytree(FIXTURES / "hostile", folder)
    yield "pasted", _pasted  # tabs from a spreadsheet inside values that raw blocks show
    # a dataset of the benchmark: every field filled, routes across belts
    yield "benchmark", lambda folder: (folder.mkdir(), write_ours(folder, dataset(40, "shared-stops")))


def _pasted(folder):
    shutil.copytree(FIXTURES / "site", folder)
    data = folder / "sites.yaml"
    text = data.read_text(encoding="utf-8")
    assert "address: 东街 1 号" in text and "highlights: [党员活动室, 楼宇党建展厅]" in text
    text = text.replace("address: 东街 1 号", 'address: "东街\\t1 号"').replace("[党员活动室, 楼宇党建展厅]", '["党员\\t活动室", 楼宇党建展厅]')
    data.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name, make", list(_projects()), ids=[name for name, _ in _projects()])
def test_the_site_is_the_same_as_when_markdown_converts_every_block(name, make, tmp_path, monkeypatch):
    make(tmp_path / "project")
    seen, anchors, searched = [], {}, []
    real_set_aside, real_content, real_for_search = setaside.set_aside, ShowcasePlugin.on_page_content, setaside.for_search

    def set_aside(markdown):
        rest, blocks = real_set_aside(markdown)
        seen.extend(blocks)
        return rest, blocks

    def on_page_content(plugin, html, page, config, files):
        html = real_content(plugin, html, page, config, files)
        anchors[page.file.src_uri] = sorted(page.present_anchor_ids)
        return html

    def for_search(html, places):
        searched.append(real_for_search(html, places))  # the page as the search reads it
        return searched[-1]

    monkeypatch.setattr(setaside, "set_aside", set_aside)
    monkeypatch.setattr(ShowcasePlugin, "on_page_content", on_page_content)
    monkeypatch.setattr(setaside, "for_search", for_search)
    mkdocs_build_here(tmp_path / "project", tmp_path / "set-aside", 1, monkeypatch)
    set_aside_anchors, anchors = anchors, {}
    monkeypatch.setattr(setaside, "set_aside", lambda markdown: (markdown, []))
    mkdocs_build_here(tmp_path / "project", tmp_path / "converted", 1, monkeypatch)

    built = tree(tmp_path / "set-aside")
    assert built == tree(tmp_path / "converted")  # pages, search index, sitemap: byte for byte
    assert set_aside_anchors == anchors
    assert any("stop-nav" in ids for ids in anchors.values())
    assert len(seen) > 2 * len(anchors)  # blocks of most pages
    for index in paths.INDEXES.values():
        page = built[index.replace("index.md", "index.html")].decode("utf-8")
        assert '<ul class="showcase-index">' in page and "showcase-set-aside" not in page
    # the search read the stop pages without their navigation, maps and checklists
    assert len(searched) >= len([uri for uri in anchors if uri.startswith("points/")])
    assert not any('id="stop-nav"' in html or "<iframe" in html or "showcase-set-aside" in html for html in searched)


def test_with_a_converter_that_drops_comments_the_lists_are_converted_as_they_are(tmp_path, monkeypatch, site_project):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "markdown_extensions: [" in text
    config.write_text(text.replace("markdown_extensions: [", "markdown_extensions: [pymdownx.striphtml, ", 1), encoding="utf-8")
    assert not mkdocs_build_here(project, tmp_path / "site", 1, monkeypatch).plugins["showcase"].setting_aside
    page = (tmp_path / "site" / paths.INDEXES["districts"].replace("index.md", "index.html")).read_text(encoding="utf-8")
    listed = page.split('<ul class="showcase-index">', 1)[1]
    assert all(f'>{point.name}</a>' in listed for point in site_project.points)  # every point, by district
