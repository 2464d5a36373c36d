"""Links between site files: worked out on the strings, they equal the standard library's."""

import itertools
import posixpath

from generator.paths import Urls, relative

SITE_PATHS = ["index.md", "map.html", "points/a/index.md", "points/a/map.html", "points/ab/index.md", "points/a/b/c.svg",
              "routes/r-1/offline.json", "downloads/showcase.xlsx", "points/", "points/a/", "./points/a/index.md",
              "belts//b/index.md", "../outside.md", "/etc/passwd", "points/../belts/b/index.md"]


def test_relative_links_equal_posixpath_relpath():
    for source, target in itertools.product(SITE_PATHS, repeat=2):
        assert relative(source, target) == posixpath.relpath(target, posixpath.dirname(source) or "."), (source, target)


def test_hrefs_to_pages_equal_posixpath_relpath():
    for directory_urls in (True, False):
        urls = Urls(directory_urls)
        for source, target in itertools.product(SITE_PATHS, [p for p in SITE_PATHS if p.endswith(".md")]):
            url = urls.url_of(target)
            expected = posixpath.relpath(url or ".", posixpath.dirname(source) or ".")
            expected = ("./" if expected == "." else expected + "/") if url.endswith("/") or url == "" else expected
            assert urls.href(source, target) == expected, (source, target)
