"""End to end: the fixture project built by MkDocs, read back as a visitor's browser would get it."""

import hashlib
import html
import subprocess
import sys

from conftest import FIXTURES, mkdocs_build
from helpers.sitecheck import broken_links, outside_loads, text

from generator.source.loader import load_project
from generator.render.build import build
from generator.render.context import Context


def test_every_belt_point_and_route_has_a_page(fixture_site, site_project):
    for kind, records in (("belt", site_project.belts), ("point", site_project.points), ("route", site_project.routes)):
        for record in records:
            page = fixture_site / f"{kind}s" / record.id / "index.html"
            assert page.is_file(), page
            assert html.escape(record.name, quote=False) in text(page)


def test_no_broken_local_links(fixture_site):
    assert broken_links(fixture_site) == []


def test_point_page_links_to_its_belts_and_routes(fixture_site):
    page = (fixture_site / "points/gl-08/index.html").read_text(encoding="utf-8")
    # gl-08 sits on two belts and two routes
    for target in ('href="../../belts/gulou/"', 'href="../../belts/taijiang/"',
                   'href="../../routes/gulou-walk/"', 'href="../../routes/taijiang-bus/"'):
        assert target in page


def test_belt_page_lists_points_in_belt_order(fixture_site, site_project):
    body = text(fixture_site / "belts/gulou/index.html")
    positions = [body.index(site_project.point(pid).name) for pid in site_project.belt("gulou").points]
    assert positions == sorted(positions)


def test_route_page_lists_stops_in_order_and_links_back(fixture_site, site_project):
    page = fixture_site / "routes/gulou-walk/index.html"
    body = text(page)
    names = [site_project.point(s.point).name for s in site_project.route("gulou-walk").stops]
    positions = [body.index(name) for name in names]
    assert positions == sorted(positions)
    assert 'href="../../belts/gulou/"' in page.read_text(encoding="utf-8")


def test_index_pages_group_points(fixture_site):
    districts = text(fixture_site / "indexes/districts/index.html")
    assert "鼓楼区" in districts and "台江区" in districts
    kinds = text(fixture_site / "indexes/kinds/index.html")
    assert "商务楼宇" in kinds and "商圈" in kinds


def test_hand_written_page_sits_beside_generated_ones(fixture_site):
    assert "手写页面" in text(fixture_site / "about/index.html")
    assert "关于" in text(fixture_site / "index.html")  # in the nav
    assert sorted(p.name for p in (FIXTURES / "site/docs").iterdir()) == ["about.md"]  # docs/ untouched


def test_pages_load_nothing_from_outside(fixture_site):
    assert outside_loads(fixture_site) == []
    for page in fixture_site.rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in source and "fonts.gstatic" not in source


def test_the_outside_load_check_sees_every_kind_of_load(tmp_path):
    loads = {
        "a.html": '<script src="https://cdn.example/x.js"></script>',
        "b.html": '<link rel="stylesheet" href="//cdn.example/x.css">',
        "c.html": '<img alt="" srcset="local.png 1x, https://img.example/x.png 2x">',
        "d.html": '<div style="background: url(\'http://img.example/bg.png\')"></div>',
        "e.html": '<style>@import "https://cdn.example/y.css";</style>',
        "f.html": '<link rel="icon" href="HTTPS://cdn.example/favicon.ico">',
        "g.html": '<iframe src="https://maps.example/"></iframe><video poster="//img.example/p.jpg"></video>',
        "x.css": 'body { background: url("https://img.example/bg.png") }',
    }
    for name, content in loads.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "fine.html").write_text('<a href="https://example.org/">a link is not a load</a>'
                                        '<img src="local.png"><link rel="canonical" href="https://example.org/">',
                                        encoding="utf-8")
    found = outside_loads(tmp_path)
    assert sorted({file for file, _ in found}) == sorted(loads)
    assert len(found) == 9


def test_generated_files_are_deterministic(site_project):
    # two contexts: each build with a fresh cache, so nothing of the first is reused by the second
    root = FIXTURES / "site"
    first = build(Context(site_project, root))
    second = build(Context(load_project(root / "sites.yaml"), root))
    assert first == second


def test_whole_site_is_byte_identical_across_builds(tmp_path):
    def digest(site):
        return {
            str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*"))
            if p.is_file()
        }

    a, b = tmp_path / "a", tmp_path / "b"
    assert mkdocs_build(FIXTURES / "site", a).returncode == 0
    assert mkdocs_build(FIXTURES / "site", b).returncode == 0
    assert digest(a) == digest(b)
    assert "<lastmod>2026-10-01</lastmod>" in (a / "sitemap.xml").read_text()  # the data's latest date


def test_bad_yaml_stops_the_build_and_keeps_the_old_site(project_copy):
    site = project_copy / "site"
    assert subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project_copy, capture_output=True).returncode == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    yaml_file = project_copy / "sites.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("    lat: 26.087", "    lat: north"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project_copy, capture_output=True, text=True)
    assert result.returncode == 1
    assert "sites.yaml:" in result.stderr and "points[0].lat: 应为数字,实际是 `north`" in result.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert not [p for p in project_copy.iterdir() if p.name.startswith(".site-")]


def test_plain_mkdocs_build_with_bad_yaml_writes_nothing(project_copy, tmp_path):
    yaml_file = project_copy / "sites.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("  - id: gulou\n", "  - id: Gulou Belt\n"), encoding="utf-8")
    out = tmp_path / "out"
    result = mkdocs_build(project_copy, out)
    assert result.returncode != 0
    assert "belts[0].id: 编号 `Gulou Belt` 无效" in result.stderr
    assert not out.exists()


def test_another_docs_dir_is_refused_not_left_unchecked(project_copy, tmp_path):
    """Photos, tiles and the checks of docs/ (unsafe SVG, links out) read docs/ beside sites.yaml:
    a mkdocs.yml pointing MkDocs elsewhere would publish files no check has seen."""
    (project_copy / "docs").rename(project_copy / "content")
    (project_copy / "content" / "evil.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', encoding="utf-8")
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "docs_dir: content\n", encoding="utf-8")
    out = tmp_path / "out"
    result = mkdocs_build(project_copy, out)
    assert result.returncode != 0 and not out.exists()
    assert "docs_dir 是" in result.stderr and "提示:删掉 docs_dir 这一行,或写 docs_dir: docs" in result.stderr


def test_outside_load_in_a_hand_written_page_fails_the_build(project_copy, tmp_path):
    (project_copy / "docs" / "about.md").write_text('# 关于\n\n<script src="https://cdn.example.com/x.js"></script>\n', encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "about/index.html: https://cdn.example.com/x.js" in result.stderr


def test_a_hand_written_file_in_place_of_a_generated_one_is_checked_too(project_copy, tmp_path):
    """docs/points/gl-01/map.html replaces the generated map: it is a hand-written file, and its
    outside script fails the build like any other's (the generated map's check does not cover it)."""
    (project_copy / "docs" / "points" / "gl-01").mkdir(parents=True)
    (project_copy / "docs" / "points" / "gl-01" / "map.html").write_text(
        '<!doctype html><title>m</title><script src="https://cdn.example.com/map.js"></script>\n', encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "points/gl-01/map.html: https://cdn.example.com/map.js" in result.stderr


def test_planted_cdn_link_in_a_template_fails_the_build(project_copy, tmp_path):
    templates = project_copy / "overrides"
    templates.mkdir()
    (templates / "home.md.j2").write_text('# 首页\n\n<link rel="stylesheet" href="//unpkg.com/x.css">\n', encoding="utf-8")
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - showcase\n", "  - showcase:\n      templates: overrides\n"), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "index.md: //unpkg.com/x.css" in result.stderr
    assert not (tmp_path / "out").exists()
