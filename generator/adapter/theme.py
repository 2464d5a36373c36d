"""What the plugin changes in Material's output: a `striptags` that keeps text escaped, and the
Content-Security-Policy on every page with the hashes of the theme's own inline scripts.

MkDocs' Jinja has no autoescape; Material writes page and nav titles as they come, which is
fine since MkDocs hands them over HTML-escaped — except through `striptags`, which un-escapes
entities (markupsafe's `Markup.striptags`), so `<title>{{ page.title | striptags }}` printed a
name such as `东街</title><script>…` raw. Ours removes tags and leaves entities as they are.
A hand-written page's front matter (`title`, `subtitle`, `description`…) reaches the theme raw:
the plugin escapes it first.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..render import policy

SCRIPTS = "partials/javascripts/"
"""Material's inline scripts live in these partials (palette, base, content, consent, …)."""
_TAGS = re.compile(r"<!--.*?-->|<[^>]*>", re.S)


def striptags(value) -> Markup:
    """HTML → its text, still HTML-escaped: tags and comments removed, whitespace collapsed."""
    text = _TAGS.sub("", str(value if value is not None else ""))
    return Markup(" ".join(text.replace("<", "&lt;").replace(">", "&gt;").split()))


def escaped(meta):
    """Front matter as Material may print it, in text or in an attribute: every string
    HTML-escaped, in lists and mappings too (names such as `template: x.html` are unchanged)."""
    if isinstance(meta, str):
        return html.escape(meta)
    if isinstance(meta, list):
        return [escaped(value) for value in meta]
    if isinstance(meta, dict):
        return {key: escaped(value) for key, value in meta.items()}
    return meta


def harden(env: jinja2.Environment) -> None:
    env.filters["striptags"] = striptags


class InlineScripts:
    """sha256 of the theme's own inline scripts, rendered from its templates with a page's
    context. They depend on the page only through `base_url`, so they are worked out once per
    folder depth. Scripts are never hashed from a built page: an injected one would pass."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self.names = _script_templates(env)
        self._by_base: dict[str, list[str]] = {}

    def hashes(self, context) -> list[str]:
        base = str(context.get("base_url", ""))
        if base not in self._by_base:
            config = context["config"]
            values = {**context, "features": config.theme.get("features") or []}
            values["lang"] = self.env.get_template("partials/language.html").make_module(values)
            self._by_base[base] = [h for name in self.names
                                   for h in policy.script_hashes(self.env.get_template(name).render(values))]
        return self._by_base[base]


def _script_templates(env: jinja2.Environment) -> list[str]:
    """The templates under SCRIPTS: from a theme's folders, only that folder is listed (listing
    every template walks Material's 14,000 files, icons included, on every build)."""
    loader = env.loader
    if not isinstance(loader, jinja2.FileSystemLoader):
        return sorted(n for n in env.list_templates() if n.startswith(SCRIPTS) and n.endswith(".html"))
    names = set()
    for folder in loader.searchpath:
        top = Path(folder) / SCRIPTS
        for base, _, files in os.walk(top, followlinks=loader.followlinks):
            inside = Path(base).relative_to(top).as_posix()
            names.update(SCRIPTS + ("" if inside == "." else inside + "/") + f for f in files if f.endswith(".html"))
    return sorted(names)


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once for all the rebuilds of `mkdocs serve`: MkDocs makes a
    new Jinja environment for every build, which compiled Material's templates again on every
    save (about half a second). Jinja compares each template's source checksum with the stored
    one, so an edited override is compiled anew."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
