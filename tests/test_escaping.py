"""Issue 13: every value a Markdown template prints is escaped unless marked safe, the diff's
lines likewise, and Material's titles stay escaped (its `striptags` un-escaped them)."""

from __future__ import annotations

import html
import re

import jinja2
import markdown
import pytest
from helpers.hostile import PAYLOADS, SHORT
from markupsafe import Markup

from generator.adapter import theme
from generator.commands import changes
from generator.render.templating import Md, environment, join_lines, md, plain

EXTENSIONS = ["attr_list", "tables", "toc", "admonition"]  # as mkdocs.yml enables them
TEXTS = [p.format(k=k) for k, p in enumerate(PAYLOADS)] + SHORT


def rendered(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


def visible(html_text: str) -> str:
    """What a reader sees, without white space: tags dropped, entities read."""
    return "".join(html.unescape(re.sub(r"<[^>]+>", "", html_text)).split())


def render(template: str, **values) -> str:
    env = environment()
    env.loader = jinja2.DictLoader({"t.md.j2": template})
    return env.get_template("t.md.j2").render(**values)


MADE = re.compile(r"<(script|img|svg|iframe|object|a)\b|\son\w+\s*=|javascript:(?![^<]*</)", re.I)
"""Elements, handlers and link targets a payload would make (text may say `javascript:`)."""


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("template", [
    "{{ value }}\n",                                   # a new field nobody filtered
    "# {{ value }}\n",
    "- {{ value }}\n",
    "| a | b |\n|---|---|\n| {{ value }} | x |\n",
    "{{ value }}\n{{ value }}\n",
    "{{ value ~ '地图' }}\n",
    "{{ ('**' | safe) ~ value ~ ('**' | safe) }}\n",  # text beside safe Markdown
    "{{ [value, value] | join(', ') }}\n",
    "{% macro m(v) %}<b>{{ v }}</b>{% endmacro %}{{ m(value) }}\n",
    '<div markdown="0" title="{{ value }}">{{ value }}</div>\n',  # raw HTML, no filter either
])
def test_a_value_printed_without_a_filter_shows_as_text(template, text):
    out = rendered(render(template, value=text))
    assert not MADE.search(out), out
    assert "".join(join_lines(text).split()) in visible(out)
    if "|---|" in template:
        assert out.count("<td>") == 2


@pytest.mark.parametrize("text", TEXTS)
def test_plain_text_round_trips(text):
    assert visible(rendered(plain(text))) == "".join(join_lines(text).split())


@pytest.mark.parametrize("text", ["截至 2026-06-30", "GPX(手机导航、户外软件)", " · ", "约 1.5 公里", "0/8(0%)", "-5 °C"])
def test_harmless_text_is_left_byte_for_byte(text):
    assert plain(text) == text


@pytest.mark.parametrize("text, shown", [
    ("- 列表", "&#45; 列表"), ("1. 一", "1&#46; 一"), ("!!! note", "&#33;!! note"), ("# 标题", "&#35; 标题"),
    ("a|b", "a&#124;b"), ("[x](javascript:y)", "&#91;x&#93;(javascript:y)"), ("a\nb", "a b"), ("甲\n乙", "甲乙"),
])
def test_what_has_a_meaning_is_written_as_a_reference(text, shown):
    assert plain(text) == shown


def test_markdown_values_combine_like_markup():
    name = "[x](javascript:alert(1)) *b*"
    escaped = str(plain(name))
    assert "[" not in escaped and "*" not in escaped
    assert Md("**{}**").format(name) == f"**{escaped}**"
    assert Md("a ") + name == f"a {escaped}"
    assert name + Md(" a") == f"{escaped} a"
    assert Md("、").join([md("甲"), name]) == f"甲、{escaped}"
    assert md(md("a*b")) == md("a*b")  # escaped once


def test_diff_lines_escape_names_and_ids():
    assert changes.code("a`b\n::error::x") == "`a'b ::error::x`"
    section = changes.Section("示范点")
    section.add("改名", "- 改名:{} {}", "[x](javascript:y)", md("*名*"))
    assert section.lines == ["- 改名:&#91;x&#93;(javascript:y) \\*名\\*"]


@pytest.mark.parametrize("title, shown", [
    ("东街&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "东街&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<code>a &amp; b</code>  c", "a &amp; b c"),
    ("a <!-- <b> --> b </title", "a b &lt;/title"),
])
def test_materials_striptags_keeps_text_escaped(title, shown):
    assert theme.striptags(title) == shown and isinstance(theme.striptags(title), Markup)
    assert Markup(title).striptags() != shown  # markupsafe's own un-escapes: the bug
