"""Lists of every point that skip the Markdown converter.

An index page lists every point as one raw HTML block (see templates/index_page.md.j2). Python-
Markdown still parses such a block tag by tag only to hand it back as it was: at 1,000 points
a tenth of a second for each of the four index pages, on every save of sites.yaml that renames
a point. The plugin sets each such list aside before the page is converted, leaving a marker
(an HTML comment, which Markdown also hands back as it was), and puts the list back in its
place in the HTML. An engine building the exported Markdown converts the lists as they are: the
page comes out the same.

Only where the converter, as mkdocs.yml configures it, hands a marker back (`survives`:
`pymdownx.striphtml` removes comments) and no other plugin sees the page in between.
"""

from __future__ import annotations

import re

import markdown

# A list as the template writes it: its own block, from its opening line to its closing line.
_LIST = re.compile(r'^<ul class="showcase-index">\n.*?^</ul>$', re.MULTILINE | re.DOTALL)


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each list replaced by a marker, and the lists in order."""
    lists: list[str] = []

    def marker(match: re.Match) -> str:
        lists.append(match.group(0))
        return _marker(len(lists) - 1)

    return _LIST.sub(marker, markdown), lists


def put_back(html: str, lists: list[str], page: str) -> str:
    """The converted page with each marker replaced by its list; an error, never a page without
    its list, when a marker is not there once."""
    for n, text in enumerate(lists):
        if html.count(_marker(n)) != 1:
            raise RuntimeError(f"{page}: the list set aside as {_marker(n)} has no single place in the converted page")
        html = html.replace(_marker(n), text, 1)
    return html


def survives(extensions: list, configs: dict) -> bool:
    """Whether Markdown with these extensions hands a marker back as it was."""
    converter = markdown.Markdown(extensions=extensions, extension_configs=configs or {})
    return converter.convert(f"# 标题\n\n{_marker(0)}\n\n文字\n").count(_marker(0)) == 1


def _marker(n: int) -> str:
    # No editor's text can look like this: values reach a page escaped, and the story filter's
    # sanitizer (nh3) drops every comment an editor writes in a story.
    return f"<!--showcase-set-aside-{n}-->"
