"""The site outlives its engine. The sample project built with ProperDocs (MkDocs' drop-in fork,
which runs our plugin and Material) and, through `export`, with Zensical (Material's successor,
which runs no MkDocs plugin) gives the same pages, maps that draw offline, working search, and
nothing loaded from another host — the paths the README's "After May 2027" promises."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from helpers.browser import screenshot, serve, wait_for_page_map
from helpers.sitecheck import broken_links

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def run(*args, cwd: Path) -> subprocess.CompletedProcess:
    """`python ARGS` as a publisher types it, in `cwd`."""
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, env=ENV, cwd=cwd)


@pytest.fixture(scope="session")
def properdocs_site(tmp_path_factory) -> Path:
    """The project's own mkdocs.yml built by ProperDocs, through the atomic `build` command."""
    out = tmp_path_factory.mktemp("properdocs") / "site"
    result = run("-m", "generator", "build", "--engine", "properdocs", "-d", out, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def zensical_project(tmp_path_factory) -> Path:
    """`export build/docs --mkdocs-yml build/mkdocs.yml`, `zensical build -f build/mkdocs.yml`, then
    `compress build/site`."""
    folder = tmp_path_factory.mktemp("zensical")
    exported = run("-m", "generator", "export", folder / "docs", "--mkdocs-yml", folder / "mkdocs.yml", cwd=ROOT)
    assert exported.returncode == 0, exported.stderr
    built = run("-m", "zensical", "build", "--strict", "-f", folder / "mkdocs.yml", cwd=folder)
    assert built.returncode == 0, built.stdout + built.stderr
    compressed = run("-m", "generator", "compress", folder / "site", cwd=folder)  # as the plugin does after a build
    assert compressed.returncode == 0, compressed.stderr
    return folder


def heading(page) -> str:
    """The page's title as shown (without the permalink mark the toc extension adds)."""
    return page.locator(".md-content h1").inner_text().removesuffix("¶")


def files(site: Path, pattern: str = "*") -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob(pattern) if p.is_file()}


THEME_OUTPUT = re.compile(r"^(assets/(javascripts|stylesheets|images)/|search/|search\.json(\.gz)?$|sitemap\.xml\.gz$)")
"""What each engine writes itself (theme scripts, search index): named differently by each."""


def generated_pages_present(site: Path, visit) -> None:
    assert len(files(site, "points/*/index.html")) == len(visit.project.points)
    assert len(files(site, "routes/*/index.html")) == len(visit.project.routes)
    assert {"map.html", f"points/{visit.point.id}/map.html", f"routes/{visit.route.id}/map.html"} <= files(site)


# --- ProperDocs: the same mkdocs.yml, our plugin running ------------------------------------------


def without_generator_tag(html: bytes) -> bytes:
    return re.sub(rb'<meta name="generator" content="[^"]*">', b"", html)


def unpacked(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


def test_properdocs_builds_the_same_site_as_mkdocs(sample_site, properdocs_site, sample_visit):
    assert files(properdocs_site) == files(sample_site)
    generated_pages_present(properdocs_site, sample_visit)
    home = (properdocs_site / "index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-ProperDocs' in home  # built by ProperDocs, not by MkDocs
    # Byte for byte the same pages, maps, downloads, nav and (jieba-segmented) search index:
    # only the generator tag names the other engine.
    # (a page's .gz copy is compared by what it holds)
    differing = [path for path in sorted(files(sample_site))
                 if without_generator_tag(unpacked(sample_site / path)) != without_generator_tag(unpacked(properdocs_site / path))]
    assert differing == []


def test_properdocs_site_in_chromium(browser, properdocs_site, sample_visit):
    maps, point = sample_visit.maps(), sample_visit.point
    with serve(properdocs_site) as base:
        for path, markers in (maps["home"], maps["point"]):
            browser.page.goto(base + path)
            wait_for_page_map(browser.page, markers)
        assert heading(browser.page) == point.name
        screenshot(browser.page, "engine-properdocs-point")
    assert browser.outside == [] and browser.errors == []


# --- Zensical: the exported folder and the mkdocs.yml written beside it ---------------------------


def test_export_holds_every_file_the_site_needs(zensical_project, sample_site, sample_visit):
    exported = files(zensical_project / "docs")
    assert {"assets/showcase.css", "assets/maps/leaflet/leaflet.js", "assets/maps/showcase.js",
            "assets/maps/markercluster/leaflet.markercluster.js"} <= exported
    hand_written = files(ROOT / "docs")
    assert hand_written <= exported  # the guide, about page and photos
    # Built, it is the MkDocs site file for file (except each engine's own theme and search files),
    # with no link to a missing file.
    site = zensical_project / "site"
    assert {p for p in files(site) if not THEME_OUTPUT.match(p)} == {p for p in files(sample_site) if not THEME_OUTPUT.match(p)}
    generated_pages_present(site, sample_visit)
    assert broken_links(site) == []


def test_pages_with_raw_html_links_are_index_pages(zensical_project):
    """MkDocs leaves a raw HTML link relative to the page's URL, Zensical makes it relative to the
    Markdown file: only in an `index.md` do both mean the same folder."""
    raw_link = re.compile(r'<a [^>]*href="(?![a-z]+:|#)')
    pages = [p for p in files(zensical_project / "docs", "*.md") if raw_link.search((zensical_project / "docs" / p).read_text(encoding="utf-8"))]
    assert pages and all(p == "index.md" or p.endswith("/index.md") for p in pages), pages


def test_zensical_search_leaves_out_what_material_leaves_out(zensical_project, sample_site):
    """Pages with `search: exclude` (board, index pages) and headings marked `data-search-exclude`
    (maps, checklists, figures) are left out of Zensical's index too."""
    zensical = json.loads((zensical_project / "site/search.json").read_text(encoding="utf-8"))["items"]
    material = json.loads((sample_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert {item["location"] for item in zensical} == {doc["location"] for doc in material}
    assert not any(item["location"].startswith(("board/", "indexes/")) for item in zensical)


def test_scan_finds_no_outside_load_in_the_zensical_site(zensical_project):
    result = run("-m", "generator", "scan", zensical_project / "site", cwd=zensical_project)
    assert result.returncode == 0, result.stderr


def test_zensical_site_in_chromium(browser, zensical_project, sample_visit):
    page, maps = browser.page, sample_visit.maps()
    point, route = sample_visit.point, sample_visit.route
    with serve(zensical_project / "site") as base:
        with page.expect_response(lambda r: r.url.endswith("/search.json")):  # what the search reads
            page.goto(base)
        wait_for_page_map(page, maps["home"][1])
        # the nav is the one the plugin generates: belts listed, point pages not
        nav = page.locator(".md-nav--primary")
        assert nav.get_by_role("link", name=sample_visit.belt.name).count() == 1
        assert nav.get_by_role("link", name=point.name).count() == 0
        screenshot(page, "engine-zensical-home")
        page.locator(".md-search__button").click()
        page.get_by_role("combobox", name="Search").fill(point.name)
        hit = page.get_by_role("option").filter(has_text=point.name).first
        assert f"/points/{point.id}/" in hit.get_attribute("href")  # waits until the index answers
        screenshot(page, "engine-zensical-search")
        hit.click()
        page.wait_for_url(f"**/points/{point.id}/**")
        assert heading(page) == point.name
        wait_for_page_map(page, maps["point"][1])
        page.goto(base + f"routes/{route.id}/")
        assert heading(page) == route.name
        wait_for_page_map(page, maps["route"][1])
        screenshot(page, "engine-zensical-route")
    assert browser.outside == [] and browser.errors == []


# --- export's own rules, without an engine ---------------------------------------------------------


def export(project: Path, *extra: str) -> int:
    from generator.commands.cli import main

    return main(["export", str(project / "out" / "docs"), str(project / "sites.yaml"), "-f", str(project / "mkdocs.yml"), *extra])


def test_export_takes_docs_and_settings_from_mkdocs_yml(project_copy):
    (project_copy / "docs/indexes/tags").mkdir(parents=True)
    (project_copy / "docs/indexes/tags/index.md").write_text("# 手写的标签页\n", encoding="utf-8")
    (project_copy / "docs/.notes.md").write_text("私人笔记\n", encoding="utf-8")
    assert export(project_copy, "--mkdocs-yml", str(project_copy / "out/mkdocs.yml")) == 0
    out = project_copy / "out"
    assert (out / "docs/about.md").is_file() and not (out / "docs/.notes.md").exists()
    assert (out / "docs/indexes/tags/index.md").read_text(encoding="utf-8") == "# 手写的标签页\n"  # the hand-written page wins
    sign = next((out / "docs/points").glob("*/sign.html")).read_text(encoding="utf-8")
    assert "http://10.20.30.40/points/" in sign  # QR codes link to mkdocs.yml's site_url
    from generator.adapter import mkdocs_yml

    written = mkdocs_yml.read(out / "mkdocs.yml")
    assert written["docs_dir"] == "docs" and written["plugins"] == ["search"]
    assert written["not_in_nav"].split() == ["/points/", "/routes/*/"]
    assert written["extra_css"] == ["assets/showcase.css"] and written["theme"]["variant"] == "classic"
    assert written["extra_javascript"] == ["assets/showcase.js"]
    assert {"首页": "index.md"} in written["nav"]


def test_export_config_keeps_what_only_mkdocs_understands(tmp_path):
    from generator.adapter import mkdocs_yml

    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ntheme: {name: material, custom_dir: overrides}\n"
        "plugins: [search, {showcase: {source: data.yaml}}, {tags: {tags_file: t.md}}]\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra: {analytics: !ENV [ANALYTICS, none]}\n", encoding="utf-8")
    config = mkdocs_yml.read(tmp_path / "mkdocs.yml")
    out = tmp_path / "build" / "mkdocs.yml"
    text = mkdocs_yml.dump(mkdocs_yml.for_export(config, tmp_path, tmp_path / "build/docs", out, None, True), out.name)
    assert "!!python/name:material.extensions.emoji.twemoji" in text and "!ENV" in text
    written = mkdocs_yml.read_text(text)
    assert written["plugins"] == ["search", {"tags": {"tags_file": "t.md"}}]
    assert written["theme"]["custom_dir"] == "../overrides" and "nav" not in written


def test_export_refuses_a_config_inside_the_exported_folder(project_copy, capsys):
    assert export(project_copy, "--mkdocs-yml", str(project_copy / "out/docs/mkdocs.yml")) == 2
    assert "--mkdocs-yml" in capsys.readouterr().err
    assert not (project_copy / "out").exists()


def test_scan_names_each_outside_load(tmp_path):
    (tmp_path / "page").mkdir()
    (tmp_path / "page/index.html").write_text('<script src="https://cdn.example.com/x.js"></script>', encoding="utf-8")
    result = run("-m", "generator", "scan", tmp_path, cwd=ROOT)
    assert result.returncode == 1
    assert "page/index.html: https://cdn.example.com/x.js" in result.stderr
    allowed = run("-m", "generator", "scan", tmp_path, "--allow", "https://cdn.example.com/", cwd=ROOT)
    assert allowed.returncode == 0
