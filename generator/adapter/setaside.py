"""Raw HTML blocks of generated pages that skip the Markdown converter, and each page as the
search reads it.

Our templates write most of a generated page as raw HTML blocks: a stop's navigation, tables,
maps, the index pages' lists of every point. Python-Markdown parses each block tag by tag only to
hand it back as it was, and MkDocs parses the whole page once more for the ids it holds. The
plugin sets each block aside before the page is converted, leaving a marker (an HTML comment,
which Markdown also hands back as it was), puts the block back in its place in the HTML and tells
MkDocs its ids (`anchor_ids`). An engine building the exported Markdown converts the blocks as
they are: the page comes out the same.

A block is set aside only when it is one element alone between blank lines, closed where the
text before the next blank line ends, with nothing Python-Markdown would change first (a tab, a
line of spaces). Anything else (two elements, text after one) is left to Markdown, which may read
part of it as Markdown.

Material's search then parses each page's HTML once more, skipping, but still reading, every
element marked `data-search-exclude` and every section under such a heading. `for_search` gives
it the page without the blocks it would skip: it reads less and indexes the same.

Only where the converter, as mkdocs.yml configures it, hands a marker back (`survives`:
`pymdownx.striphtml` removes comments) and no other plugin sees the page in between.
"""

from __future__ import annotations

import html
import re
from array import array

import markdown

# Block-level elements the templates write as blocks of their own (see Python-Markdown's list).
_OPENING = re.compile(r"<(nav|ul|ol|dl|table|figure|section|div|p|details|aside|blockquote)[\s>]")
_IDS = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]*)"|<a\s[^>]*?\bname="([^"]*)"')
_MARKER_OR_HEADING = re.compile(r"<!--showcase-set-aside-(\d+)-->|^<h[1-6]\b([^>]*)>", re.MULTILINE)
_HEADING = re.compile(r"<h[1-6][\s>]")
_EXCLUDED = re.compile(r"<[^>]*\sdata-search-exclude[\s=>]")
# What Python-Markdown changes before it reads anything, raw HTML too: tabs (expanded), carriage
# returns, its own placeholders' characters, lines of spaces (emptied).
_NORMALISED = re.compile(r"[\t\r\x02\x03]|\n +\n")


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each block replaced by a marker, and the blocks in order."""
    blocks: list[str] = []
    chunks = markdown.split("\n\n")
    for n, chunk in enumerate(chunks):
        body = chunk.removesuffix("\n")
        if _one_element(body):
            chunks[n] = _marker(len(blocks)) + chunk[len(body):]
            blocks.append(body)
    return "\n\n".join(chunks), blocks


def _one_element(text: str) -> bool:
    opening = _OPENING.match(text)
    if not opening or _NORMALISED.search(text):
        return False
    if "markdown=" in text[:text.find(">")]:  # md_in_html converts what is inside
        return False
    tag = opening.group(1)
    if not text.endswith(f"</{tag}>"):
        return False
    depth = 0
    for found in re.finditer(f"<(/?){tag}[\\s>]", text):
        depth += -1 if found.group(1) else 1
        if depth == 0:  # the first element closes here: the block is that element only if it ends here
            return found.end() == len(text)
    return False


def put_back(html: str, blocks: list[str], page: str, skipped: frozenset[int] = frozenset()) -> tuple[str, array]:
    """The converted page with each marker replaced by its block, and where the `skipped` blocks
    now stand (start, end, start, end…); an error, never a page without its block, when a marker
    is not there once."""
    markers = list(_MARKER.finditer(html))
    found = [int(marker.group(1)) for marker in markers]
    if found != list(range(len(blocks))):
        raise RuntimeError(f"{page}: the blocks set aside have no single place each in the converted page"
                           f" (markers found: {found[:10]})")
    pieces, places, length, last = [], array("l"), 0, 0
    for n, marker in enumerate(markers):  # n: the marker's own number, checked above
        block = blocks[n]
        pieces += [html[last:marker.start()], block]
        length += marker.start() - last
        if n in skipped:
            places += array("l", (length, length + len(block)))
        length += len(block)
        last = marker.end()
    pieces.append(html[last:])
    return "".join(pieces), places


def anchor_ids(blocks: list[str]) -> set[str]:
    """The ids the blocks hold, as MkDocs collects them from raw HTML (an `id`; an `a`'s `name`)."""
    return {html.unescape(a or b) for block in blocks for a, b in _IDS.findall(block)}


def skipped_by_search(html: str, blocks: list[str]) -> frozenset[int]:
    """The blocks Material's search would read only to skip, in the converted page (markers still
    in it): a block marked `data-search-exclude`, and one in the section of a heading so marked.

    A heading starts a section only with an id (toc gives every Markdown heading one); a block
    holding a heading is kept, and ends such a section there. Only for pages of the built-in
    templates, which write no heading inside a raw block that is not set aside (a section under
    such a heading would end with its block)."""
    skipped, excluded = set(), False
    for found in _MARKER_OR_HEADING.finditer(html):
        if found.group(1) is None:  # a heading
            if ' id="' in found.group(2):
                excluded = "data-search-exclude" in found.group(2)
            continue
        block = blocks[int(found.group(1))]
        if _HEADING.search(block):
            excluded = False
        elif excluded or _EXCLUDED.match(block):
            skipped.add(int(found.group(1)))
    return frozenset(skipped)


def for_search(html: str, places: array) -> str:
    """The page without the blocks at these places (see `put_back`)."""
    bounds = [0, *places, len(html)]
    return "".join(html[bounds[i]:bounds[i + 1]] for i in range(0, len(bounds), 2))


def survives(extensions: list, configs: dict) -> bool:
    """Whether Markdown with these extensions hands a marker back as it was."""
    converter = markdown.Markdown(extensions=extensions, extension_configs=configs or {})
    return converter.convert(f"# 标题\n\n{_marker(0)}\n\n文字\n").count(_marker(0)) == 1


_MARKER = re.compile(r"<!--showcase-set-aside-(\d+)-->")


def _marker(n: int) -> str:
    # No editor's text can look like this: values reach a page escaped, and the story filter's
    # sanitizer (nh3) drops every comment an editor writes in a story.
    return f"<!--showcase-set-aside-{n}-->"
