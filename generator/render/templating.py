"""The Jinja environment for page templates, and the filters that keep editors' text plain text.

Templates live in `generator/templates/`; a site may override any of them with a file of the same
name in its own template folder (`templates:` option of the MkDocs plugin).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2
import markdown
import nh3
from markupsafe import Markup

from .. import paths

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


def md(text) -> str:
    """Editor text → inline Markdown that shows exactly that text (no markup, no HTML)."""
    text = join_lines(str(text if text is not None else ""))
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=True)


def md_lines(text) -> str:
    """Multi-line plain text → escaped Markdown paragraphs (blank lines separate them)."""
    paragraphs = re.split(r"\n\s*\n", str(text or "").strip())
    return "\n\n".join(md(p) for p in paragraphs if p.strip())


def attr(text) -> Markup:
    """Text for an HTML attribute or element inside a raw HTML block."""
    return Markup(html.escape(str(text if text is not None else ""), quote=True))


ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) - {"img"} | {"figure", "figcaption"}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


def story(text: str) -> str:
    """An editor's Markdown story → sanitised HTML (no scripts, handlers or javascript: URLs).

    We render it ourselves and hand MkDocs a raw HTML block so MkDocs' own Markdown extensions
    cannot reintroduce anything nh3 removed. Images are dropped: photos have their own field,
    where paths are checked."""
    rendered = markdown.markdown(str(text or ""), extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(rendered, tags=ALLOWED_TAGS, url_schemes=ALLOWED_SCHEMES, link_rel="noopener noreferrer")
    clean = _CJK_BREAK.sub("", clean)
    return f'<div class="showcase-story">\n{clean}\n</div>' if clean.strip() else ""


def number(value: float) -> str:
    """18.0 → 18, 3.5 → 3.5, 58000 → 58,000."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def label(value) -> str:
    """The Chinese label of an enum member (LabelledEnum), else its text."""
    return getattr(value, "label", str(value))


def environment(templates: Path | None = None) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(str(templates))] if templates else []
    loaders.append(jinja2.FileSystemLoader(str(BUILTIN)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # Markdown output; every editor value goes through `md` or `attr`
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md, md_lines=md_lines, attr=attr, story=story, number=number, label=label)
    return env


def render(env: jinja2.Environment, name: str, page: str, **values) -> str:
    """Render template `name` as site file `page`; `rel(target)` links relative to that page."""

    def rel(target: str) -> str:
        return paths.relative(page, target)

    return env.get_template(name).render(page=page, rel=rel, **values)
