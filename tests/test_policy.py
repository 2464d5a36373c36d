"""Issue 13: the Content-Security-Policy every generated HTML file carries.

The Chromium test bypasses escaping on purpose: a payload is written into built pages (a
Material page, a map, a printable, the 404 page) after the policy, and the policy alone must
stop the script and the outside image; the same pages without the policy show the payload
would have worked.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers.browser import serve

from generator.model import Tiles
from generator.render import build, policy

PAYLOAD = ('<script>window.__pwned = "script"</script><img src=x onerror="window.__pwned = \'handler\'">'
           '<img src="https://outside.test/pixel.png"><iframe src="https://outside.test/frame"></iframe>')
PAGES = ["points/gl-01/", "points/gl-01/map.html", "points/gl-01/sign.html", "routes/gulou-walk/leaflet.html", "404.html"]
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));
"""


def test_policy_text():
    text = policy.content(["https://a.tiles.example/", "//t.example/"], ["sha256-abc"], handlers=["window.print()"])
    scripts = next(d for d in text.split("; ") if d.startswith("script-src")).split()
    assert scripts[:3] == ["script-src", "'self'", "'unsafe-hashes'"] and "'sha256-abc'" in scripts and len(scripts) == 5
    assert "img-src 'self' data: https://a.tiles.example t.example;" in text
    assert "connect-src 'self'" in text and "object-src 'none'" in text and "frame-src 'self'" in text
    assert "img-src 'self' data: https://*.tiles.example;" in policy.content(["https://{s}.tiles.example/"])
    # a CSP wildcard stands for whole leftmost labels only: `t*.…` would be ignored
    assert "img-src 'self' data: http://*.tianditu.test:8080;" in policy.content(["http://t{s}.tianditu.test:8080/"])


def test_one_list_of_origins_feeds_the_guard_and_the_policy():
    from generator.render.context import Context
    from generator.source import loader
    from conftest import FIXTURES

    loaded = loader.load(FIXTURES / "site" / "sites.yaml")
    tiled = loaded.project.model_copy(update={"site": loaded.project.site.model_copy(update={
        "tiles": Tiles(url="https://{s}.tiles.example/{z}/{x}/{y}.png", attribution="x", subdomains=["a", "b"])})})
    ctx = Context(tiled, loaded.root)
    assert build.allowed_loads(ctx) == ["https://a.tiles.example/", "https://b.tiles.example/"]  # the pages' policy
    # The maps list the same origins: `*` is valid in a policy only as a whole leftmost label, so a
    # `t{s}.host` template could not be written as one source.
    assert "img-src 'self' data: https://a.tiles.example https://b.tiles.example;" in build.build(ctx)["points/gl-01/map.html"]


@pytest.mark.parametrize("page, expected", [
    ('<!doctype html><html><head><meta charset="utf-8"><title>t</title></head></html>',
     '<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="P"><title>'),
    ("<p>fragment</p>", '<meta http-equiv="Content-Security-Policy" content="P"><p>fragment</p>'),
])
def test_the_policy_comes_before_anything_it_governs(page, expected):
    out = policy.apply(page, "P")
    assert out.startswith(expected) and policy.has_policy(out) and not policy.has_policy(page)


def test_inline_scripts_are_hashed_json_is_not():
    page = '<script>a()</script><script src="x.js"></script><script type="application/json">{}</script><script type="module">b()</script>'
    assert len(policy.script_hashes(page)) == 2


def test_the_theme_script_templates_are_those_listing_every_template_finds(tmp_path):
    """An override's own script partial (in a subfolder too) is hashed with Material's: only
    their folder is listed, not Material's 14,000 files."""
    import jinja2
    import material

    from generator.adapter import theme
    override = tmp_path / "overrides" / theme.SCRIPTS
    (override / "more").mkdir(parents=True)
    (override / "mine.html").write_text("<script>mine()</script>")
    (override / "more" / "deep.html").write_text("<script>deep()</script>")
    (override / "notes.txt").write_text("not a template")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([tmp_path / "overrides", Path(material.__file__).parent / "templates"]))
    listed = theme._script_templates(env)
    assert listed == sorted(n for n in env.list_templates() if n.startswith(theme.SCRIPTS) and n.endswith(".html"))
    assert {theme.SCRIPTS + "mine.html", theme.SCRIPTS + "more/deep.html", theme.SCRIPTS + "base.html"} <= set(listed)
    env.loader = jinja2.DictLoader({theme.SCRIPTS + "a.html": "", "main.html": ""})  # another loader: listed whole
    assert theme._script_templates(env) == [theme.SCRIPTS + "a.html"]


def test_a_generated_html_file_without_the_policy_stops_the_build(monkeypatch):
    from generator.render.context import Context
    from generator.source import loader
    from conftest import FIXTURES

    loaded = loader.load(FIXTURES / "site" / "sites.yaml")
    monkeypatch.setattr(build, "renderers", lambda: [lambda ctx: {"x.html": "<html><head></head></html>"}])
    with pytest.raises(RuntimeError, match="without a Content-Security-Policy.*x.html"):
        build.build(Context(loaded.project, loaded.root))


@pytest.fixture(scope="module")
def planted(fixture_site, tmp_path_factory) -> tuple[Path, Path]:
    """The fixture site with the payload in the body of some pages, with and without the policy."""
    guarded = tmp_path_factory.mktemp("planted") / "site"
    shutil.copytree(fixture_site, guarded)
    bare = tmp_path_factory.mktemp("bare") / "site"
    for page in PAGES:
        file = guarded / (page + "index.html" if page.endswith("/") else page)
        html = file.read_text(encoding="utf-8")
        assert policy.has_policy(html), page
        html = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + PAYLOAD, html, count=1)
        file.write_text(html, encoding="utf-8")
    shutil.copytree(guarded, bare)
    for page in bare.rglob("*.html"):
        page.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page.read_text(encoding="utf-8")),
                        encoding="utf-8")
    return guarded, bare


def visit(browser, site: Path) -> dict[str, tuple]:
    browser.context.add_init_script(WATCH)
    seen = {}
    with serve(site) as base:
        for page in PAGES:
            browser.page.goto(base + page, wait_until="load")
            seen[page] = browser.page.evaluate("() => [window.__pwned || null, [...new Set(window.__csp)].sort()]")
    return seen


def test_the_policy_alone_blocks_an_injected_script_and_outside_loads(browser, planted):
    guarded, _ = planted
    seen = visit(browser, guarded)
    for page in PAGES:
        pwned, violations = seen[page]
        assert pwned is None, page
        assert {"script-src-elem", "script-src-attr", "img-src", "frame-src"} <= set(violations), (page, violations)
    assert browser.outside == []  # refused by the browser before any request


def test_without_the_policy_the_payload_would_have_run(browser, planted):
    _, bare = planted
    seen = visit(browser, bare)
    assert all(seen[page][0] in ("script", "handler") for page in PAGES), seen
    assert any("outside.test/pixel.png" in url for url in browser.outside)


def test_the_preview_goes_without_the_policy():
    """`mkdocs serve` injects a live-reload script that differs on every request."""
    from generator.adapter.plugin import ShowcasePlugin

    plugin = ShowcasePlugin()
    plugin.allowed = []
    plugin.on_startup(command="build", dirty=False)
    assert policy.has_policy(plugin._with_policy("<html><head></head></html>", ()))
    plugin.on_startup(command="serve", dirty=False)
    assert plugin._with_policy("<html><head></head></html>", ()) == "<html><head></head></html>"
