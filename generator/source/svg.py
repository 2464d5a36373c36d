"""SVG files under docs/ that could run script or load from outside are refused, not cleaned.

An SVG opened on its own (the "照片" link, or its address typed in) is a document of the site:
its scripts run with the site's rights, and a meta Content-Security-Policy cannot be attached
to it. Cleaning SVG is easy to get wrong (animations that set `href`, CSS escapes, entities,
namespaces) and would change an editor's file without telling; refusing names the file and the
line, and the fix (remove it, or export PNG/JPEG) is the editor's to make. The check is a
deny-list over a strict XML parse: no DOCTYPE (entities can hide anything), no script or
foreign content, no event handlers, no references but to the file itself (`#id`), to site files
by relative path, or to embedded raster images (`data:image/png…`).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

from .problems import Problem

SUFFIXES = (".svg",)
MAX_PROBLEMS = 10
"""Per file: the first few say what to fix."""

_FOREIGN = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}
_XHTML = "http://www.w3.org/1999/xhtml"
_LINK_ATTRS = {"href", "src", "base"}
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:")
_RASTER = re.compile(r"data:image/(png|jpe?g|gif|webp)[;,]")
_CSS_URL = re.compile(r"url\(\s*([\"']?)(.*?)\1\s*\)", re.I | re.S)
_CSS_BAD = re.compile(r"@import|expression\s*\(|-moz-binding|behavior\s*:|\\", re.I)


def problems(path: Path, shown: str) -> list[Problem]:
    """Every reason (up to MAX_PROBLEMS) the SVG at `path` may not be published, as `shown`."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return [Problem(shown, 1, 1, "", "unreadable", {"reason": error.strerror or str(error)})]
    if not raw.strip():
        return []  # nothing to run (and diff's stand-ins for a revision's files are empty)
    return _Check(shown).run(raw)


def local_reference(value: str) -> bool:
    """`#id`, a relative path on the site, or an embedded raster image: nothing that runs or
    leaves the site. Browsers drop tabs and line breaks inside URLs, so they are dropped here."""
    url = re.sub(r"[\x00-\x20]", "", value).lower()
    if url.startswith(("//", "\\", "/\\")):
        return False
    return not _SCHEME.match(url) or bool(_RASTER.match(url))


class _Check:
    def __init__(self, shown: str):
        self.shown = shown
        self.found: list[Problem] = []
        self.style: list[str] | None = None
        self.parser = expat.ParserCreate(namespace_separator=" ")

    def run(self, raw: bytes) -> list[Problem]:
        p = self.parser
        p.StartDoctypeDeclHandler = lambda *_: self.flag("<!DOCTYPE>")
        p.EntityDeclHandler = lambda *_: self.flag("<!ENTITY>")
        p.ProcessingInstructionHandler = self.instruction
        p.StartElementHandler = self.start
        p.EndElementHandler = self.end
        p.CharacterDataHandler = self.text
        try:
            p.Parse(raw, True)
        except expat.ExpatError as error:
            self.found.append(Problem(self.shown, error.lineno, error.offset + 1, "", "svg_invalid",
                                      {"detail": expat.ErrorString(error.code)}, hint="svg_file"))
        return self.found[:MAX_PROBLEMS]

    def flag(self, what: str, line: int | None = None) -> None:
        line = line or self.parser.CurrentLineNumber
        self.found.append(Problem(self.shown, line, self.parser.CurrentColumnNumber + 1, "", "svg_unsafe",
                                  {"what": what}, hint="svg", hint_params={"what": what}))

    def instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":  # a stylesheet from anywhere, even XSLT
            self.flag("<?xml-stylesheet?>")

    def text(self, text: str) -> None:
        if self.style is not None:
            self.style.append(text)

    def start(self, name: str, attrs: dict) -> None:
        namespace, _, local = name.rpartition(" ")
        tag = local.lower()
        if tag in _FOREIGN or namespace == _XHTML:
            self.flag(f"<{local}>")
        for attr_name, value in attrs.items():
            attr = attr_name.rpartition(" ")[2].lower()
            if attr.startswith("on"):
                self.flag(f"{attr}=…")
            elif attr in _LINK_ATTRS and not local_reference(value):
                self.flag(f'{attr}="{_short(value)}"')
            elif attr == "style":
                self.css(value)
        if tag in _ANIMATIONS:
            target = attrs.get("attributeName", "").rpartition(":")[2].lower()
            if target in _LINK_ATTRS or target.startswith("on"):
                self.flag(f'<{local} attributeName="{_short(attrs["attributeName"])}">')
        if tag == "style":
            self.style, self.style_line = [], self.parser.CurrentLineNumber

    def end(self, name: str) -> None:
        if name.rpartition(" ")[2].lower() == "style" and self.style is not None:
            self.css("".join(self.style), self.style_line)
            self.style = None

    def css(self, text: str, line: int | None = None) -> None:
        bad = _CSS_BAD.search(text)
        if bad:
            self.flag(bad.group(0).strip(), line)
        for match in _CSS_URL.finditer(text):
            if not local_reference(match.group(2)):
                self.flag(f"url({_short(match.group(2))})", line)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
