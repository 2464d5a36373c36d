"""QR codes and the printables that carry them: the on-site sign and the route leaflet."""

from __future__ import annotations

import re
from html.parser import HTMLParser
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import segno
import yaml

from generator.render import printables, qr
from generator.model import Project
from generator.render.context import Context

FIXTURES = Path(__file__).parent / "fixtures" / "tours"
SITE_URL = "http://10.20.30.40/belts/"


def context(name: str = "sites.yaml", **values) -> Context:
    project = Project.model_validate(yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8")))
    return Context(project, FIXTURES, **values)


def test_page_url_is_absolute_with_a_site_url():
    assert qr.page_url(context(public_url=SITE_URL), "points/dongmen/index.md") == SITE_URL + "points/dongmen/"
    assert qr.page_url(context(public_url=SITE_URL.rstrip("/")), "points/dongmen/index.md") == SITE_URL + "points/dongmen/"


def test_page_url_without_a_site_url_is_the_path_from_the_site_root():
    assert qr.page_url(context(), "points/dongmen/index.md") == "points/dongmen/"


@pytest.mark.parametrize("url", [
    None, "", "showcase/", "ftp://10.1.2.3/", "https://showcase.example.org/", "http://example.com",
    "https://EXAMPLE.NET./x/", "http://site.example/", "https://showcase.test/", "http://a.invalid/",
    "http://localhost:8000/", "http://app.localhost/", "http://127.0.0.1:8000/", "http://127.8.9.1/",
    "http://[::1]/", "http://0.0.0.0/", "http://169.254.1.1/", "http://192.0.2.7/", "http://[2001:db8::1]/"])
def test_placeholder_and_local_addresses_are_no_address(url):
    assert qr.unreachable(url)


@pytest.mark.parametrize("url", [
    "http://10.20.30.40/showcase/", "https://dangjian.example-city.cn/", "http://192.168.1.5:8080/",
    "https://showcase.gov.cn/", "http://intranet/showcase/", "http://[fd00::5]/"])
def test_real_addresses_are_addresses(url):
    assert qr.unreachable(url) is None


def test_no_codes_and_the_path_as_text_without_an_address():
    assert qr.render(context()) == {}
    pages = printables.render(context())
    assert all("<svg" not in page or 'class="sketch"' in page for page in pages.values())
    sign = pages["points/dongmen/sign.html"]
    assert 'class="qr"' not in sign and '<p class="path">points/dongmen/</p>' in sign
    assert 'class="qr"' not in pages["routes/walk/leaflet.html"]


def test_one_svg_per_point_encoding_its_page():
    files = qr.render(context(public_url=SITE_URL))
    assert sorted(files) == [f"points/{pid}/qr.svg" for pid in sorted(["dongmen", "xinyuan", "qiaotou", "jinrong"])]
    svg = files["points/xinyuan/qr.svg"]
    # segno has no reader; the same symbol for the same text is the check that the URL is right.
    assert svg == qr.svg_file(segno.make_qr(SITE_URL + "points/xinyuan/", error="m"))
    assert svg != qr.svg_file(segno.make_qr(SITE_URL + "points/dongmen/", error="m"))
    assert ET.fromstring(svg.encode()).tag == "{http://www.w3.org/2000/svg}svg"
    assert qr.render(context(public_url=SITE_URL)) == files


def test_inline_svg_scales_with_css():
    svg = qr.svg_inline(qr.code(context(), "points/dongmen/index.md"))
    root = ET.fromstring(svg)
    assert root.get("viewBox") and root.get("width") is None and not svg.startswith("<?xml")


# --- printables ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed() -> dict[str, str]:
    return printables.render(context(public_url=SITE_URL))


class _Loads(HTMLParser):
    """Everything in a page that could make a browser fetch something."""

    def __init__(self, page: str):
        super().__init__()
        self.found: list[str] = []
        self.tag = ""
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tag = tag
        self.found += [f"<{tag}>"] * (tag in ("link", "script", "img", "iframe", "object", "embed"))
        self.found += [f"{tag} {name}" for name, _ in attrs if name in ("src", "href", "srcset", "data")]

    def handle_data(self, data):
        if self.tag == "style" and re.search(r"url\(|@import", data):
            self.found.append("style loads")


def _loads_nothing(page: str) -> bool:
    # Standalone files: nothing can come from outside when nothing is fetched at all.
    return _Loads(page).found == []


def test_a_sign_per_point_and_a_leaflet_per_route(printed):
    assert sorted(printed) == sorted(
        [f"points/{p}/sign.html" for p in ("dongmen", "xinyuan", "qiaotou", "jinrong")]
        + [f"routes/{r}/leaflet.html" for r in ("walk", "bus", "loop")])
    assert all(_loads_nothing(page) and "@page { size: A4" in page for page in printed.values())
    assert printables.render(context(public_url=SITE_URL)) == printed


def test_sign(printed):
    sign = printed["points/dongmen/sign.html"]
    assert "<h1>东门党群服务中心</h1>" in sign
    for line in ("东城步行线 · 第 1 站 / 共 3 站", "东城大巴线 · 第 1 站 / 共 2 站",
                 "东门骑行环线 · 第 1 站 / 共 3 站", "东门骑行环线 · 第 3 站 / 共 3 站"):
        assert f"<li>{line}</li>" in sign
    assert qr.svg_inline(segno.make_qr(SITE_URL + "points/dongmen/", error="m")) in sign
    assert "东城党建示范带" in sign and "周一至周五 9:00-17:30" in sign


def test_leaflet(printed):
    leaflet = printed["routes/walk/leaflet.html"]
    names = re.findall(r"<h3>第 \d 站：(.+?)</h3>", leaflet)
    assert names == ["东门党群服务中心", "新苑小区党支部", "桥头科创园党委"]
    assert "↓ 往北步行 1.1 公里，约 15 分钟，前往第 2 站 新苑小区党支部" in leaflet
    assert "<li>东门党群服务中心（东城街道东门路 1 号） → 往北步行 1.1 公里</li>" in leaflet
    assert leaflet.count("<circle") == 3


def test_sketch_fits_the_box_north_up():
    ctx = context()
    sketch = printables.sketch(ctx.project, ctx.project.route("walk"))
    (_, x1, y1), (_, x2, y2), (_, x3, y3) = sketch["stops"]
    assert y2 < y1 and x1 == x2  # stop 2 is due north of stop 1
    assert x3 > x2 and y3 == y2  # stop 3 is due east of stop 2
    assert all(0 <= x <= sketch["width"] and 0 <= y <= sketch["height"] for _, x, y in sketch["stops"])
    bus = printables.sketch(ctx.project, ctx.project.route("bus"))
    assert len(bus["line"].split()) == 3  # the drawn path, not the two stops


def test_printables_escape_editor_text():
    pages = printables.render(context("hostile.yaml"))
    for page in pages.values():
        assert _loads_nothing(page)
        assert "<b>" not in page and "<![CDATA[" not in page and "</name>" not in page and "<!--" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["points/one/sign.html"]


def test_site_templates_override_the_print_templates(tmp_path):
    (tmp_path / "print").mkdir()
    (tmp_path / "print" / "sign.html.j2").write_text("{{ point.name }}", encoding="utf-8")
    pages = printables.render(context("hostile.yaml", templates=tmp_path))
    # An overriding template still gets the Content-Security-Policy, first thing.
    policy_meta, text = pages["points/two/sign.html"].split(">", 1)
    assert policy_meta.startswith('<meta http-equiv="Content-Security-Policy"')
    assert text == "名称\x01含控制字符 &lt;/name&gt;&lt;/wpt&gt;"
