"""The Jinja environment for page templates, and the filters that keep editors' text plain text.

Templates live in `generator/templates/`; a site may override any of them with a file of the same
name in its own template folder (`templates:` option of the MkDocs plugin).

Every value a template prints is escaped unless it is marked safe, as Jinja's HTML autoescaping
does, but for Markdown: `Md` is Markdown known to be safe (what the filters return), anything
else goes through `plain` on its way out, and text combined with `Md` is escaped on the way in.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import jinja2
import jinja2.compiler
import markdown
import nh3
from markupsafe import Markup

from .. import paths
from ..model.schema import title

BUILTIN = Path(__file__).parent.parent / "templates"

# Python-Markdown's escapable characters plus `|` (tables). `<`, `>` and `&` are HTML-escaped
# instead. mkdocs.yml must not enable extensions that give other characters meaning (caret,
# tilde, mark, emoji, arithmatex, magiclink).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])\\s*\\n\\s*(?=[{_CJK}])")


def join_lines(text: str) -> str:
    """Join wrapped lines: no space between Chinese characters (a line break there is not a
    word break, but a browser would show it as a space), one space elsewhere."""
    return " ".join(_CJK_BREAK.sub("", text).split())


def md(text) -> Md:
    """Editor text → inline Markdown that shows exactly that text (no markup, no HTML)."""
    if isinstance(text, Md):  # already Markdown: escaping twice would show the backslashes
        return text
    text = join_lines(str(text if text is not None else ""))
    return Md(html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=True))


class Md(Markup):
    """Markdown known to be safe, as markupsafe's Markup is HTML known to be safe: whatever is
    combined with it (`+`, `%`, `.format`, `.join`) is escaped as Markdown text first."""

    __slots__ = ()

    @classmethod
    def escape(cls, s) -> Md:
        return s if isinstance(s, Md) else plain(s)


def md_lines(text) -> Md:
    """Multi-line plain text → escaped Markdown paragraphs (blank lines separate them)."""
    paragraphs = re.split(r"\n\s*\n", str(text or "").strip())
    return Md("\n\n").join(md(p) for p in paragraphs if p.strip())


def attr(text) -> Markup:
    """Text for an HTML attribute or element inside a raw HTML block."""
    return Markup(html.escape(str(text if text is not None else ""), quote=True))


ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) - {"img"} | {"figure", "figcaption"}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


def story_converter() -> markdown.Markdown:
    """What converts stories: one per environment, reset between stories (setting one up costs
    more than converting a story)."""
    return markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def story(text: str, converter: markdown.Markdown | None = None) -> str:
    """An editor's Markdown story → sanitised HTML (no scripts, handlers or javascript: URLs).

    We render it ourselves and hand MkDocs a raw HTML block so MkDocs' own Markdown extensions
    cannot reintroduce anything nh3 removed. Images are dropped: photos have their own field,
    where paths are checked."""
    rendered = (converter or story_converter()).reset().convert(str(text or ""))
    clean = nh3.clean(rendered, tags=ALLOWED_TAGS, url_schemes=ALLOWED_SCHEMES, link_rel="noopener noreferrer")
    clean = _CJK_BREAK.sub("", clean)
    return Md(f'<div class="showcase-story">\n{clean}\n</div>' if clean.strip() else "")


def number(value: float) -> Md:
    """18.0 → 18, 3.5 → 3.5, 58000 → 58,000."""
    if float(value).is_integer():
        return Md(f"{int(value):,}")
    return Md(f"{value:,.2f}".rstrip("0").rstrip("."))


def label(value) -> Md:
    """The Chinese label of an enum member (LabelledEnum, declared in the model), else its text."""
    return Md(value.label) if hasattr(value, "label") else md(value)


def join(values, separator: str = "") -> Md:
    """Jinja's `join`, keeping Markdown that is safe and escaping the rest."""
    return Md.escape(separator).join(values)


# Characters with a meaning in Markdown (with the extensions mkdocs.yml may enable) wherever
# they stand, and those that have one at the start of a line; written as character references,
# which mean the character itself in Markdown text and in raw HTML blocks alike.
_SPECIAL = re.compile(r"[<>&\"'\\`*_{}\[\]#|~^=]")
_LINE_START = re.compile(r"(\s*)(?:([-+:!])(?=[\s!-]|$)|(\d+)([.)])(?=\s|$))")  # list items, rules, admonitions
_LINE_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")


def plain(text) -> Md:
    """Text shown as it is wherever a template puts it: Markdown text, a table cell, a raw HTML
    element or attribute. Characters with a meaning in Markdown (with the extensions mkdocs.yml
    may enable) or HTML become character references, which mean the character itself in both;
    unlike `md`, spaces and harmless punctuation are kept, so plain text comes out byte for
    byte. A line break becomes a space (between Chinese characters, nothing)."""
    text = _LINE_BREAK.sub(" ", _CJK_BREAK.sub("", str(text)))
    start = _LINE_START.match(text)
    head = ""
    if start:
        head = start.group(1) + (_ref(start.group(2)) if start.group(2) else start.group(3) + _ref(start.group(4)))
        text = text[start.end():]
    return Md(head + _SPECIAL.sub(lambda m: _ref(m.group(0)), text))


def _ref(char: str) -> str:
    return f"&#{ord(char)};"


def escape_by_default(value):
    """Every `{{ … }}` of a Markdown template: text is escaped (`plain`) unless it is marked
    safe (a Markup: what `md`, `attr`, `story`, … return, or `|safe`). Numbers and dates print
    as they are. So a new field is shown as text without anyone remembering a filter."""
    if hasattr(value, "__html__") or not isinstance(value, str):
        return value
    return plain(value)


class _Compiler(jinja2.compiler.CodeGenerator):
    def visit_Concat(self, node, frame) -> None:
        # `a ~ b` joined as Markdown: text beside safe Markdown is escaped as Markdown (Jinja's
        # own join would escape it for HTML only).
        self.write("environment.markdown_join((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class MarkdownEnvironment(jinja2.Environment):
    """Jinja for Markdown templates: every value is escaped as Markdown unless marked safe."""

    code_generator_class = _Compiler

    @staticmethod
    def markdown_join(parts) -> str:
        parts = [str(p) if not hasattr(p, "__html__") and not isinstance(p, str) else p for p in parts]
        if not any(hasattr(p, "__html__") for p in parts):
            return "".join(parts)  # escaped when printed
        return Md("").join(parts)


def environment(templates: Path | None = None) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(str(templates))] if templates else []
    loaders.append(jinja2.FileSystemLoader(str(BUILTIN)))
    env = MarkdownEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        # Jinja's autoescaping keeps macros, joins and filters aware of what is safe; `finalize`
        # makes its escaping Markdown's (HTML escaping alone leaves `[x](javascript:…)` a link).
        autoescape=True,
        finalize=escape_by_default,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # `safe` marks Markdown as safe (Md): text beside it is then escaped as Markdown too.
    env.filters.update(md=md, md_lines=md_lines, attr=attr, story=functools.partial(story, converter=story_converter()), number=number, label=label, join=join, safe=Md)
    env.globals["title"] = title  # a field's label from the model: title("Point.open_hours")
    return env


def render(env: jinja2.Environment, name: str, page: str, **values) -> str:
    """Render template `name` as site file `page`; `rel(target)` links relative to that page."""

    def rel(target: str) -> Md:  # site paths are made of validated ids
        return Md(paths.relative(page, target))

    return env.get_template(name).render(page=page, rel=rel, **values)
