"""The search index a phone downloads before its first search: what visitors look for (names,
addresses, stories, 看点, tags, organisations) and not the sections every page repeats (lists of
points and routes, itineraries, offline-save boilerplate), written as UTF-8 instead of escapes."""

from __future__ import annotations

import gzip
import html
import json
from pathlib import Path

import pytest

from conftest import mkdocs_build
from helpers.browser import screenshot, search, serve

from generator.adapter import search_index


def read(site: Path) -> tuple[bytes, dict]:
    raw = (site / search_index.PATH).read_bytes()
    return raw, json.loads(raw)


def by_page(index: dict) -> dict[str, list[dict]]:
    pages: dict[str, list[dict]] = {}
    for entry in index["docs"]:
        pages.setdefault(entry["location"].split("#")[0], []).append(entry)
    return pages


def plain(text: str) -> str:
    """An entry's text as a visitor reads it: without jieba's word breaks and HTML escapes."""
    return html.unescape(text.replace("\u200b", ""))


def page_text(entries: list[dict]) -> str:
    return " ".join(plain(e["title"] + " " + e["text"]) for e in entries)


def compact(index: dict) -> bytes:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_shrink_writes_the_same_data_in_utf8(tmp_path):
    index = {"config": {"lang": ["en"], "separator": "[\\s\\-]+", "fields": {"title": {"boost": 1000.0}}},
             "docs": [{"location": "points/a/", "title": "东街\u200b口", "text": "<p>地址:东街 1 号 &amp; “楼宇”\n</p>"}]}
    as_material_writes = json.dumps(index, separators=(",", ":")).encode("utf-8")  # ensure_ascii, its default
    (tmp_path / "search").mkdir()
    (tmp_path / search_index.PATH).write_bytes(as_material_writes)
    assert search_index.shrink(tmp_path)
    raw, shrunk = read(tmp_path)
    assert shrunk == index
    assert b"\\u" not in raw and "东街\u200b口".encode() in raw
    assert len(raw) < len(as_material_writes)
    search_index.shrink(tmp_path)  # a second pass changes nothing: the output is deterministic
    assert (tmp_path / search_index.PATH).read_bytes() == raw
    assert not search_index.shrink(tmp_path / "no-search-plugin")


def test_shrink_reads_the_index_one_entry_at_a_time_and_writes_what_a_whole_parse_would(tmp_path):
    docs = [{"location": f"points/p{n}/", "title": f"点{n} \ud83c\udfeb “引号” \\ \"", "text": "<p>\u0001\n\t</p>" * n}
            for n in range(50)]
    index = {"config": {"lang": ["zh"], "separator": "[\\s\\u200b\\-]"}, "docs": docs, "after": [1, 2.5, None, True]}
    (tmp_path / "search").mkdir()
    for written in (json.dumps(index, separators=(",", ":")), json.dumps(index, indent=2), json.dumps({"docs": []}),
                    json.dumps([index]), '\ufeff{"docs":[]}', '{"docs":[1],"docs":[2]}', '{"a":1} '):
        # Material's, spaced out, empty, not an object, a byte-order mark, a repeated key, a space after
        (tmp_path / search_index.PATH).write_text(written, encoding="utf-8")
        assert search_index.shrink(tmp_path)
        raw = (tmp_path / search_index.PATH).read_bytes()
        assert raw == compact(json.loads(written.encode("utf-8"))), written[:60]
    for broken in ('{"docs":[1]} x', '{1:2}', '{"docs":[1,]}'):  # what a whole parse refuses is refused
        (tmp_path / search_index.PATH).write_text(broken, encoding="utf-8")
        with pytest.raises(ValueError):
            search_index.shrink(tmp_path)
    assert [p.name for p in (tmp_path / "search").iterdir()] == ["search_index.json"]  # no temporary left
    # a lone surrogate cannot be UTF-8: it stays the JSON escape it was
    (tmp_path / search_index.PATH).write_text('{"docs":[{"text":"a\\ud800b"}]}', encoding="ascii")
    search_index.shrink(tmp_path)
    assert json.loads((tmp_path / search_index.PATH).read_bytes()) == {"docs": [{"text": "a\ud800b"}]}


def test_writing_in_materials_stead_gives_the_bytes_shrink_makes_of_materials_file(tmp_path):
    """A one-off build writes the index from Material's entries, one at a time, instead of letting
    Material make the whole file as one string and then rewriting it."""
    from material.plugins.search.plugin import SearchIndex
    settings = {"lang": ["zh"], "separator": "[\\s\\u200b\\-]", "pipeline": ["stemmer"], "fields": {"title": {"boost": 1e3}},
                "jieba_dict": None}  # what the index's config leaves out
    index = SearchIndex(**settings)
    index.entries = [{"location": f"points/p{n}/", "title": f"点{n} \ud83c\udfeb “引号” \u2028 \\ \"", "text": "<p>\u0001\n</p>" * n,
                      "tags": ["a", Path("b")], "boost": 2.5} for n in range(30)]  # Path: Material's default=str
    index.entries.append({"location": "odd/", "title": "a\ud800b", "text": ""})  # a lone surrogate
    material = tmp_path / "material"
    (material / "search").mkdir(parents=True)
    (material / search_index.PATH).write_bytes(index.generate_search_index(None).encode("utf-8"))
    search_index.shrink(material)

    class Plugin:
        search_index = index
    assert search_index.write(tmp_path / "ours", Plugin())
    assert (tmp_path / "ours" / search_index.PATH).read_bytes() == (material / search_index.PATH).read_bytes()

    class Other:  # not shaped as Material's: nothing is written, Material's own write stays on
        search_index = object()
    assert not search_index.write(tmp_path / "other", Other())
    assert not (tmp_path / "other").exists()


def test_a_build_writes_the_index_in_materials_stead_and_leaves_its_plugin_as_it_was(project_copy, tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    monkeypatch.chdir(project_copy)
    config = load_config(str(project_copy / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    search = config.plugins["material/search"]
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    build(config)
    assert config.plugins["showcase"].lean and search.config.enabled  # turned on again
    assert search.search_index.entries == []  # written, and let go
    raw, index = read(tmp_path / "site")
    assert raw == compact(index) and index["docs"]


def test_a_build_that_fails_after_the_index_is_written_turns_materials_search_on_again(project_copy, tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.adapter.plugin import ShowcasePlugin
    monkeypatch.chdir(project_copy)
    config = load_config(str(project_copy / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    failures = []

    def publishing_fails(plugin):
        if not failures:  # after the index is written, while the stage is published
            failures.append(config.plugins["material/search"].config.enabled)
            raise OSError("disk full")
    monkeypatch.setattr(ShowcasePlugin, "_discard_stage", publishing_fails)
    with pytest.raises(OSError, match="disk full"):
        build(config)
    assert failures == [False]  # it had been turned off for Material's own write
    assert config.plugins["material/search"].config.enabled


def test_index_keeps_what_visitors_search_for(sample_site, sample_project):
    pages = by_page(read(sample_site)[1])
    for point in sample_project.points:
        entries = pages[f"points/{point.id}/"]
        assert plain(entries[0]["title"]) == point.name
        text = page_text(entries)
        assert point.address in text
        assert all(item in text for item in point.highlights + point.tags)
        if point.organisation:
            assert point.organisation.name in text
        if point.story:
            assert point.story.split("\n")[0][:20] in text, point.id
    for belt in sample_project.belts:
        assert plain(pages[f"belts/{belt.id}/"][0]["title"]) == belt.name
    for route in sample_project.routes:
        assert plain(pages[f"routes/{route.id}/"][0]["title"]) == route.name


def test_index_leaves_out_what_every_page_repeats(sample_site, sample_project):
    pages = by_page(read(sample_site)[1])
    assert "belts/" not in pages and "routes/" not in pages  # the listings: each belt and route has its page
    assert [e["location"] for e in pages[""]] == [""]  # the home page's text, not its lists, map and links
    generated = [e for page, entries in pages.items() if page.startswith(("points/", "belts/", "routes/")) for e in entries]
    titles = {plain(e["title"]) for e in generated}
    assert not titles & {"示范点(按示范带顺序)", "参观路线", "行程", "照片", "地图", "达标情况", "数据", "现场标牌"}
    text = page_text(generated)
    for repeated in ("所在示范带", "参观路线:", "离线保存本路线", "没有信号也要看", "打印现场标牌", "第 1 站", "下一站"):
        assert repeated not in text, repeated
    for route in sample_project.routes:  # the itinerary repeats each stop's page
        assert [e["location"] for e in pages[f"routes/{route.id}/"]] == [f"routes/{route.id}/"]


def test_index_is_compact_utf8_and_its_gzip_copy_matches(sample_site):
    raw, index = read(sample_site)
    assert raw == compact(index)  # the canonical form: no \\uXXXX escapes, no spaces
    assert gzip.decompress((sample_site / (search_index.PATH + ".gz")).read_bytes()) == raw


def test_index_is_compact_whichever_plugin_comes_first(project_copy, tmp_path):
    """Listed before `search` in mkdocs.yml, the plugin still rewrites the index after it is written."""
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - search\n  - showcase\n" in text
    config.write_text(text.replace("  - search\n  - showcase\n", "  - showcase\n  - search\n"), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    raw, index = read(tmp_path / "site")
    assert raw == compact(index)
    assert gzip.decompress((tmp_path / "site" / (search_index.PATH + ".gz")).read_bytes()) == raw


def test_chromium_finds_a_point_by_a_word_of_its_story(browser, sample_site):
    """The UTF-8 index as Python's server sends it (application/json, no charset) is read by the
    search worker, and a word jieba cut out of a story finds its point."""
    with serve(sample_site) as base:
        browser.page.goto(base)
        hrefs = search(browser.page, "商业中心")
        screenshot(browser.page, "search-story-word")
    assert any("points/gulou-01/" in h for h in hrefs), hrefs
    assert browser.outside == [] and browser.errors == []
