"""The three projects each benchmark run builds from one dataset: ours, the plain baseline, and
the same exported files without the plugin."""

from __future__ import annotations

from pathlib import Path

import yaml

from benchmarks.datasets import FILE_PHOTO, to_yaml
from generator.adapter import navigation
from generator.model import Project

MKDOCS_YML = """site_name: 基准测试
theme: {{name: material, language: zh, font: false, features: [navigation.sections, navigation.prune]}}
plugins: [search{plugin}]
extra: {{generator: false}}
markdown_extensions: [attr_list, tables, toc, admonition]
{extra}
"""
SITE_URL = "http://showcase.bench.lan/"
PHOTO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3" fill="#c8102e"/></svg>'


def write_data(folder: Path, data: dict) -> None:
    (folder / "docs" / FILE_PHOTO).parent.mkdir(parents=True)
    (folder / "docs" / FILE_PHOTO).write_text(PHOTO, encoding="utf-8")
    (folder / "sites.yaml").write_text(to_yaml(data), encoding="utf-8")


def write_ours(folder: Path, data: dict) -> None:
    write_data(folder, data)
    plugin = ", {showcase: {public_url: '%s'}}" % SITE_URL
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(plugin=plugin, extra=""), encoding="utf-8")


def write_baseline(folder: Path, data: dict) -> None:
    """Plain pages at the same paths, the same nav layout, no plugin."""
    docs = folder / "docs"
    pages = {"index.md": "# 首页\n", "belts/index.md": "# 示范带\n", "routes/index.md": "# 路线\n"}
    for p in data["points"]:
        pages[f"points/{p['id']}/index.md"] = f"# {p['name']}\n\n{p['summary']}\n\n- {p['address']}\n- {p['open_hours']}\n"
    for b in data["belts"]:
        pages[f"belts/{b['id']}/index.md"] = f"# {b['name']}\n\n" + "".join(f"- [{x}](../../points/{x}/index.md)\n" for x in b["points"])
    for r in data["routes"]:
        pages[f"routes/{r['id']}/index.md"] = f"# {r['name']}\n\n" + "".join(f"1. [{x}](../../points/{x}/index.md)\n" for x in r["stops"])
    for path, text in pages.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    nav = [{"首页": "index.md"}, {"示范带": [{"全部示范带": "belts/index.md"}, *navigation._belts(Project.model_validate(data))]},
           {"参观路线": "routes/index.md"}]
    extra = yaml.safe_dump({"nav": nav, "not_in_nav": navigation.NOT_IN_NAV}, allow_unicode=True)
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(plugin="", extra=extra), encoding="utf-8")


def write_same(folder: Path, data: dict) -> None:
    """Our exported files as ordinary docs, with the nav the plugin would generate."""
    from generator.paths import Urls
    from generator.render.build import build as generate
    from generator.render.build import write_tree
    from generator.render.context import Context

    write_data(folder, data)
    project = Project.model_validate(data)
    write_tree(generate(Context(project, folder / "docs", Urls(True), None, SITE_URL)), folder / "docs")
    nav = navigation.build(project, folder / "docs-none", {p.relative_to(folder / "docs").as_posix() for p in (folder / "docs").rglob("*.md")})
    extra = yaml.safe_dump({"nav": nav, "not_in_nav": navigation.NOT_IN_NAV, "extra_css": ["assets/showcase.css"]}, allow_unicode=True)
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(plugin="", extra=extra), encoding="utf-8")
