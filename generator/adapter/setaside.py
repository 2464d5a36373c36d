"""Lists of every point that skip the Markdown converter.

An index page lists every point as one raw HTML block (see templates/index_page.md.j2). Python-
Markdown still parses such a block tag by tag only to hand it back as it was: at 1,000 points
a tenth of a second for each of the four index pages, on every save of sites.yaml that renames
a point. The plugin sets each such list aside before the page is converted, leaving a marker
(an HTML comment, which Markdown also hands back as it was), and puts the list back in its
place in the HTML. An engine building the exported Markdown converts the lists as they are: the
page comes out the same.
"""

from __future__ import annotations

import re

# A list as the template writes it: its own block, from its opening line to its closing line.
_LIST = re.compile(r'^<ul class="showcase-index">\n.*?^</ul>$', re.MULTILINE | re.DOTALL)


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each list replaced by a marker, and the lists in order."""
    lists: list[str] = []

    def marker(match: re.Match) -> str:
        lists.append(match.group(0))
        return _marker(len(lists) - 1)

    return _LIST.sub(marker, markdown), lists


def put_back(html: str, lists: list[str]) -> str:
    """The converted page with each marker replaced by its list."""
    for n, text in enumerate(lists):
        html = html.replace(_marker(n), text, 1)
    return html


def _marker(n: int) -> str:
    # Editors' text reaches a page escaped, so no `<!--` of theirs can look like this.
    return f"<!--showcase-set-aside-{n}-->"
