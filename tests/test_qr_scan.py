"""Issue 15: a QR code only with an address a visitor's phone can open.

Every code the fixture site prints is scanned as a phone would: drawn by Chromium, decoded by
zbarimg (Debian zbar-tools), and must open a page of the site under the address it was given.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import FIXTURES, mkdocs_build
from helpers.browser import ARTIFACTS, serve

from generator.source.loader import load_project

PROJECT = load_project(FIXTURES / "site" / "sites.yaml")
GIVEN = "http://10.20.30.40/"  # tests/fixtures/site/mkdocs.yml


def zbarimg(png) -> list[str]:
    if not shutil.which("zbarimg"):
        message = "zbarimg is missing: apt-get install zbar-tools"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    result = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    return result.stdout.split()


def test_every_printed_code_opens_a_page_under_the_given_address(browser, fixture_site):
    pages = [f"points/{p.id}/sign.html" for p in PROJECT.points] + [f"points/{p.id}/" for p in PROJECT.points]
    pages += [f"routes/{r.id}/leaflet.html" for r in PROJECT.routes]
    ARTIFACTS.mkdir(exist_ok=True)
    decoded = {}
    with serve(fixture_site) as base:
        for path in pages:
            browser.page.goto(base + path)
            codes = browser.page.locator(".qr svg, svg.qr, img.showcase-qr")
            assert codes.count() == 1, path
            png = ARTIFACTS / "qr-scan.png"
            codes.first.screenshot(path=str(png))
            decoded[path] = zbarimg(png)
    for path, texts in decoded.items():
        assert len(texts) == 1 and texts[0].startswith(GIVEN), (path, texts)
        page = texts[0][len(GIVEN):]
        assert (fixture_site / page / "index.html").is_file(), (path, page)
        assert page == path.replace("sign.html", "").replace("leaflet.html", "") or page == path
    assert browser.outside == []


def _build_with(project_copy, tmp_path, config_line: str):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(f"site_url: {GIVEN}\n", "")
    text = text.replace("  - showcase\n", f"  - showcase:\n      {config_line}\n" if config_line else "  - showcase\n")
    config.write_text(text, encoding="utf-8")
    return mkdocs_build(project_copy, tmp_path / "out")


@pytest.mark.parametrize("config_line", ["", "public_url: https://showcase.example.org/", "public_url: http://localhost:8000/"])
def test_no_or_a_placeholder_address_fails_a_strict_build_with_a_hint(project_copy, tmp_path, config_line):
    result = _build_with(project_copy, tmp_path, config_line)
    assert result.returncode != 0
    assert "扫码打不开" in result.stderr and "提示: 在 showcase 插件下写 public_url:" in result.stderr


def test_public_url_false_builds_signs_without_codes(project_copy, tmp_path):
    result = _build_with(project_copy, tmp_path, "public_url: false")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert not list(out.rglob("qr.svg"))
    assert not [p for p in out.rglob("*.html") if 'class="qr"' in p.read_text(encoding="utf-8")]
