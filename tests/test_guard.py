"""The outside-load guard: planted CDN references are found, plain links are not."""

import folium
import pytest

from generator.render import guard, mapassets


def urls(files, allowed=()):
    return [url for _, url in guard.find_external(files, list(allowed))]


@pytest.mark.parametrize("text, url", [
    ('<script src="https://cdn.jsdelivr.net/npm/leaflet.js"></script>', "https://cdn.jsdelivr.net/npm/leaflet.js"),
    ("<script src='//unpkg.com/x@1/x.js'></script>", "//unpkg.com/x@1/x.js"),
    ('<link rel="stylesheet" href=//unpkg.com/a.css>', "//unpkg.com/a.css"),
    ('<LINK REL="preload" HREF="https://fonts.example/f.woff2">', "https://fonts.example/f.woff2"),
    ('<img alt="" src = "http://img.example/a.png">', "http://img.example/a.png"),
    ('<img srcset="a.png 1x, https://img.example/b.png 2x">', "https://img.example/b.png"),
    ('<iframe src="https://video.example/embed/1"></iframe>', "https://video.example/embed/1"),
    ("<div style=\"background:url('https://bg.example/a.jpg')\"></div>", "https://bg.example/a.jpg"),
    ("<style>.x { background: url( https://bg.example/b.jpg ) }</style>", "https://bg.example/b.jpg"),
    ('<style>@import "https://fonts.example/css";</style>', "https://fonts.example/css"),
    ("<script>fetch('https://api.example/points.json')</script>", "https://api.example/points.json"),
    ('<script>L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {})</script>',
     "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    ("<script>var s = document.createElement('script'); s.src = '//cdn.example/x.js'</script>", "//cdn.example/x.js"),
    ("<script>x.open('GET', 'https://api.example/x')</script>", "https://api.example/x"),
    ("<script>document.write('<img src=\"https://t.example/p.gif\">')</script>", "https://t.example/p.gif"),
    # a navigation app's URI is for tapping: loaded, it would launch the app as the page opens
    ('<iframe src="amapuri://route/plan/?dlat=1&amp;dlon=2"></iframe>', "amapuri://route/plan/?dlat=1&amp;dlon=2"),
    ('<img src="baidumap://map/direction?destination=x">', "baidumap://map/direction?destination=x"),
    ("<script>location.src = 'qqmap://map/routeplan?to=x'</script>", "qqmap://map/routeplan?to=x"),
])
def test_finds_planted_loads(text, url):
    assert urls({"page.html": text}) == [url]


@pytest.mark.parametrize("text", [
    '<a href="https://leafletjs.com" title="Leaflet">Leaflet</a>',
    "<a class=x href=//example.org/>x</a>",
    '<link rel="canonical" href="https://intranet.example/a/">',
    '<script src="../../assets/maps/leaflet/leaflet.js"></script>',
    '<img src="/photos/a.jpg"><img src="data:image/png;base64,AAAA">',
    "<script>// a comment: see https://example.org/docs\nvar ns = 'http://www.w3.org/2000/svg';</script>",
    "[a link](https://example.org/page)",
    '<a href="amapuri://route/plan/?dlat=1">高德地图</a> <a href="baidumap://map/direction?x">百度地图</a>',
    '<a href="qqmap://map/routeplan?type=walk">腾讯地图</a> <a href="iosamap://path?dlat=1">高德</a>',
])
def test_ignores_links_and_local_files(text):
    assert urls({"page.html": text, "page.md": text}) == []


def test_css_and_js_files_are_scanned_too():
    files = {
        "a.css": ".a { background: url(https://bg.example/x.png) } .b { background: url(img/ok.png) }",
        "b.js": "import('https://esm.example/m.js'); fetch('data/points.json')",
        "c.md": "![photo](https://img.example/p.jpg)",
        "d.png": b"\x89PNG https://not.scanned/",
    }
    assert guard.find_external(files) == [
        ("a.css", "https://bg.example/x.png"), ("b.js", "https://esm.example/m.js"), ("c.md", "https://img.example/p.jpg")]


def test_the_configured_tile_server_is_allowed():
    html = '<script>L.tileLayer("https://tiles.intranet.example/{z}/{x}/{y}.png")</script>'
    allowed = [guard.origin("https://tiles.intranet.example/{z}/{x}/{y}.png")]
    assert allowed == ["https://tiles.intranet.example/"]
    assert urls({"m.html": html}, allowed) == []
    assert urls({"m.html": html.replace("tiles.intranet", "tiles.other")}, allowed) != []
    assert guard.origin("//tiles.example/{z}/{x}/{y}.png") == "//tiles.example/"
    assert guard.origin("/tiles/{z}/{x}/{y}.png") is None


def test_an_unlocalised_folium_map_is_caught():
    found = urls({"map.html": folium.Map().get_root().render()})
    assert any("leaflet" in u for u in found) and any("jquery" in u for u in found)
    assert any("bootstrap" in u for u in found) and any("tile.openstreetmap.org" in u for u in found)
    assert len(found) >= 10


def test_require_local_names_every_file_and_address():
    with pytest.raises(guard.ExternalLoadError) as error:
        guard.require_local({"a.html": '<script src="https://cdn.example/a.js"></script>',
                             "b.css": "@import url(//fonts.example/b.css);"})
    message = str(error.value)
    assert "2 outside load(s)" in message
    assert "a.html: https://cdn.example/a.js" in message and "b.css: //fonts.example/b.css" in message


def test_our_map_assets_load_nothing_from_outside():
    assert guard.find_external(mapassets.files()) == []


# --- loads, not text (issue 13) --------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "<p>示意 url(//x.test/a.png) 与 ![示意](//x.test/a.png) @import '//x.test/c.css'</p>",
    "<td>![示意](//x.test/a.png)</td>",
    "<p>&lt;img src=//x.test/a.png&gt; fetch('//x.test/a') &lt;style&gt;a{background:url(//x.test/b.png)}</p>",
    '<iframe title="url(//x.test/a.png)" src="map.html"></iframe>',
])
def test_addresses_written_as_text_are_not_loads(text):
    assert urls({"page.html": text}) == []


@pytest.mark.parametrize("text", [
    r"示意 url(//x.test/a.png) 与 \!\[示意\]\(//x\.test/a\.png\)",
    '<div class="board-table">\n<table><tr><td>![示意](//x.test/a.png)</td></tr></table>\n</div>',
])
def test_markdown_text_is_judged_by_what_it_renders(text):
    assert urls({"page.md": text}) == []
    assert urls({"page.md": text + "\n\n![photo](//x.test/p.jpg)\n"}) == ["//x.test/p.jpg"]


@pytest.mark.parametrize("text, url", [
    ('<img alt="a > b" src="//x.test/a.png">', "//x.test/a.png"),
    ('<svg><image href="//x.test/a.png"/><use xlink:href="https://x.test/s.svg#i"/></svg>', "//x.test/a.png"),
    ('<div style="background: url(\'//x.test/bg.png\')">x</div>', "//x.test/bg.png"),
    ("<style>\n.a { color: red }\n.b { background: url(//x.test/s.png) }\n</style>", "//x.test/s.png"),
    ("<script>\nvar a = 1;\nfetch('//x.test/api')\n</script>", "//x.test/api"),
])
def test_loads_in_markup_css_and_script_are_found(text, url):
    assert url in urls({"page.html": text})
