"""A YAML file's text before and while it is parsed: its encoding, tabs and characters YAML does
not allow, and the parser's syntax errors in the words of the message that explains each."""

from __future__ import annotations

import re

import yaml

from . import pasted
from .problems import Problem

# Characters YAML does not allow in a file (the parser reports them without a line), and that
# must not reach values through escapes such as "\0" either (they break file paths and pages).
FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or None and the problem that it is not UTF-8."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [Problem(file, line, col, "", "not_utf8", {"byte": exc.start + 1}, hint="utf8")]


def tabs(text: str, file: str) -> list[Problem]:
    """Every line indented with a tab."""
    found = []
    if "\t" not in text:
        return found
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip().startswith("#"):
            found.append(Problem(file, number, indent.index("\t") + 1, "", "tab", hint="tab"))
    return found


def lookalikes(text: str, file: str) -> list[Problem]:
    """Spaces pasted from WeChat or Word (U+3000, no-break, zero-width) where YAML needs a plain
    one, and stray BOMs: YAML's own message ("check the indentation") names neither."""
    found = []
    for line, col, char, width in pasted.misplaced_spaces(text):
        key = "stray_bom" if char == "\ufeff" else "lookalike_space"
        hint = "lookalike_indent" if width is not None else key
        found.append(Problem(file, line, col, "", key, pasted.char_params(char), hint=hint, hint_params={"width": width}))
    return found


def forbidden(text: str, file: str) -> list[Problem]:
    """The first character YAML does not allow, if any."""
    match = FORBIDDEN.search(text)
    if match is None:
        return []
    before = text[: match.start()]
    line, col = before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1
    return [Problem(file, line, col, "", "forbidden_char", {"code": f"U+{ord(match.group()):04X}"}, hint="forbidden_char")]


# PyYAML's and libyaml's wordings of the syntax errors editors make, the message key that explains
# each, and which mark points at the editor's mistake ("context": where the unclosed thing began).
SYNTAX = [
    ("while scanning a block scalar", "yaml_bad_start", "context"),  # `|` or `>` followed by text
    ("mapping values are not allowed", "yaml_colon", "problem"),
    ("could not find expected ':'", "yaml_no_colon", "context"),
    ("did not find expected key", "yaml_indent", "problem"),
    ("expected <block end>", "yaml_indent", "problem"),
    ("did not find expected '-' indicator", "yaml_indent", "problem"),
    ("block sequence entries are not allowed", "yaml_indent", "problem"),
    ("expected <document start>", "yaml_indent", "problem"),  # a line left of the file's first line
    ("expected '<document start>'", "yaml_indent", "problem"),
    ("found unexpected end of stream", "yaml_quote", "context"),
    ("',' or ']'", "yaml_flow", "context"),
    ("',' or '}'", "yaml_flow", "context"),
    ("cannot start any token", "yaml_bad_start", "problem"),
    ("expected node content", "yaml_bad_start", "problem"),
    ("expected the node content", "yaml_bad_start", "problem"),
    ("mapping keys are not allowed", "yaml_bad_start", "problem"),
    ("tab character", "tab", "problem"),
    ("unknown escape character", "yaml_escape", "problem"),
    ("alphabetic or numeric character", "yaml_anchor", "problem"),
]


def syntax_problem(exc: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    problem = exc.problem or ""
    detail = f"{exc.context}, {problem}" if exc.context else problem or "?"
    key, which = next(((k, w) for text, k, w in SYNTAX if text in detail), ("yaml_syntax", "problem"))
    mark = (exc.context_mark if which == "context" else None) or exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if key == "yaml_escape" and col > 1 and text.splitlines()[line - 1][col - 2] == "\\":
        col -= 1  # PyYAML marks the letter after the backslash, libyaml the backslash itself
    lines = text.splitlines()
    for number in (line, line - 1):  # a `key：value` line is reported there or on the next line
        fix = pasted.fullwidth_colon(lines[number - 1]) if 0 < number <= len(lines) else None
        if fix:
            return Problem(file, number, fix[0], "", "fullwidth_colon", hint="fullwidth_colon", hint_params={"fixed": fix[1]})
    return Problem(file, line, col, "", key, {"detail": detail}, hint=key)
