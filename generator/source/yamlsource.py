"""Reading YAML strictly, remembering where every value was written.

The YAML parser gives a stream of events (each with line and column); we build Python values from
them ourselves so that: duplicate keys are errors, not silently dropped; YAML 1.1's surprises cannot
happen (every plain scalar stays the text the editor wrote, and the model's types decide what it
means: `9:00`, `no` and `010` stay text in a text field); aliases cannot expand into a bomb; no tag
ever constructs an object; and no nesting depth can exhaust Python's stack (the building is a loop,
not a recursion, and PyYAML's own composer, which recurses, is never used).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from . import pasted
from .problems import Problem

MAX_BYTES = 80 * 1024 * 1024  # a realistic 10,000-point file (stories of 200–800 characters) is about 35 MB
MAX_VALUES = 3_000_000  # a 10,000-point file like the sample holds about 1.1 million
MAX_DEPTH = 50  # sites.yaml needs about 6 levels; deeper is a typo or an attack
NULLS = {"", "~", "null", "Null", "NULL"}

Path = tuple  # of str keys and int indexes

# libyaml's parser is several times faster than PyYAML's own (10,000 points: about 1 s, not 7),
# so it reads first; PyYAML's own parser re-reads a file libyaml refused. libyaml's scanner has
# nesting limits of its own that vary by version (1000 in the one bundled with PyYAML 6.0.4) and
# stop it before our depth check sees an event; the pure parser has none, so every file gets the
# same problems, at the same places, whatever libyaml the machine has.
PARSERS = tuple(dict.fromkeys((getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader)))
# Explicit tags that only restate what a value already is; any other (`!foo`, `!!python/object`)
# is an error. Tags never construct anything here either way.
PLAIN_TAGS = {"!", *(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp"))}
NULL_TAG = "tag:yaml.org,2002:null"
# Characters YAML does not allow in a file (the parser reports them without a line), and that
# must not reach values through escapes such as "\0" either (they break file paths and pages).
FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class Source:
    """A parsed YAML file: its data, and where each value and key stands (1-based)."""

    file: str
    data: object = None
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: Path, key: bool = False) -> tuple[int, int]:
        """The position of a path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            table = self.keys if key else self.values
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
            key = False
        return self.values.get((), (1, 1))

    def problem(self, path: Path, key: str, *, at_key: bool = False, **kw) -> Problem:
        line, col = self.where(path, key=at_key)
        return Problem(self.file, line, col, dotted(path), key, **kw)


def dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{shown(part)}" if text else shown(part))
    return text


def shown(text: str, limit: int = 40) -> str:
    """Text from the file as it appears in a one-line message: line breaks visible, long text cut."""
    text = pasted.visible(text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t"))
    return text if len(text) <= limit else text[:limit] + "…"


class _Refused(Exception):
    """The file cannot be read any further; the problem is already recorded."""


def parse(raw: bytes, file: str, parsers: tuple = PARSERS) -> Source:
    """Read a file; `parsers` are tried in order, the next one only when one refuses the text."""
    src = Source(file)
    if len(raw) > MAX_BYTES:
        src.problems.append(Problem(file, 1, 1, "", "too_big", {"size": len(raw), "limit": MAX_BYTES}))
        return src
    text = _decode(raw, src)
    if text is None:
        return src
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        src.problems.append(Problem(file, 1, 1, "", "empty", hint="empty"))
        return src
    if _find_tabs(text, src) or _find_lookalikes(text, src) or _find_forbidden(text, src):
        return src
    for parser in parsers:
        src, refused = _read(text, file, parser)
        if not refused:
            break
    return src


def _read(text: str, file: str, parser) -> tuple[Source, bool]:
    """The file as one parser reads it, and whether that parser refused the text."""
    src = Source(file)
    try:
        src.data = _Builder(src).run(yaml.parse(text, Loader=parser))
    except yaml.MarkedYAMLError as exc:
        src.problems.append(_syntax_problem(exc, file, text))
        return src, True
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are found by the checks above
        src.problems.append(Problem(file, 1, 1, "", "yaml_syntax", {"detail": str(exc)}, hint="indent"))
        return src, True
    except _Refused:
        pass
    return src, False


def _decode(raw: bytes, src: Source) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        src.problems.append(Problem(src.file, line, col, "", "not_utf8", {"byte": exc.start + 1}, hint="utf8"))
        return None


def _find_tabs(text: str, src: Source) -> bool:
    found = False
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip().startswith("#"):
            src.problems.append(Problem(src.file, number, indent.index("\t") + 1, "", "tab", hint="tab"))
            found = True
    return found


def _find_lookalikes(text: str, src: Source) -> bool:
    """Spaces pasted from WeChat or Word (U+3000, no-break, zero-width) where YAML needs a plain
    one, and stray BOMs: YAML's own message ("check the indentation") names neither."""
    found = False
    for line, col, char, width in pasted.misplaced_spaces(text):
        key = "stray_bom" if char == "\ufeff" else "lookalike_space"
        hint = "lookalike_indent" if width is not None else key
        src.problems.append(Problem(src.file, line, col, "", key, pasted.char_params(char), hint=hint, hint_params={"width": width}))
        found = True
    return found


def _find_forbidden(text: str, src: Source) -> bool:
    match = FORBIDDEN.search(text)
    if match:
        before = text[: match.start()]
        line, col = before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1
        src.problems.append(Problem(src.file, line, col, "", "forbidden_char", {"code": f"U+{ord(match.group()):04X}"}, hint="forbidden_char"))
    return match is not None


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


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
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


_NO_KEY, _SKIP = object(), object()


@dataclass
class _Frame:
    """A sequence or mapping being built."""

    value: list | dict
    path: Path | None  # None inside a key or a refused entry: no positions are recorded there
    at: tuple[int, int]
    anchor: str | None
    key: object  # mappings: the key whose value comes next, _NO_KEY or _SKIP; sequences: None
    size: int = 1  # values inside, aliases expanded
    seen: dict = field(default_factory=dict)  # mappings: key -> line it was first written on

    def child_path(self) -> Path | None:
        if self.path is None:
            return None
        if self.key is None:
            return self.path + (len(self.value),)
        return None if self.key is _NO_KEY or self.key is _SKIP else self.path + (self.key,)


class _Builder:
    """Builds the data of the file's one document from the parser's events, in a loop."""

    def __init__(self, src: Source):
        self.src = src
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[object, int]] = {}
        self.budget = MAX_VALUES
        self.documents = 0
        self.data = None

    def run(self, events):
        handlers = {
            yaml.ScalarEvent: self.scalar, yaml.AliasEvent: self.alias,
            yaml.MappingStartEvent: self.start, yaml.SequenceStartEvent: self.start,
            yaml.MappingEndEvent: self.end, yaml.SequenceEndEvent: self.end,
            yaml.DocumentStartEvent: self.document,
        }
        for event in events:
            handler = handlers.get(type(event))  # stream start/end and document end need nothing
            if handler is not None:
                handler(event, (event.start_mark.line + 1, event.start_mark.column + 1))
        return self.data

    def document(self, event, at) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _refuse(self.src, at, "second_document")

    def scalar(self, event, at) -> None:
        self.spend(1, at, "too_many_values")
        top = self.stack[-1] if self.stack else None
        path = top.child_path() if top else ()
        self.check_tag(event, at, path)
        if top is not None and top.key is _NO_KEY:
            self.take_key(top, event, at)
        else:
            self.place(_scalar(event, at, path, self.src), 1, event.anchor, at, path)

    def alias(self, event, at) -> None:
        if event.anchor not in self.anchors:
            raise _refuse(self.src, at, "unknown_alias", {"name": event.anchor})
        value, size = self.anchors[event.anchor]
        # Counting what an alias stands for keeps "billion laughs" from expanding later, in
        # validation, where it would take minutes and gigabytes.
        self.spend(size, at, "alias_bomb")
        self.place(value, size, None, at, self.stack[-1].child_path() if self.stack else ())

    def start(self, event, at) -> None:
        self.spend(1, at, "too_many_values")
        if len(self.stack) >= MAX_DEPTH:
            raise _refuse(self.src, at, "too_deep", {"limit": MAX_DEPTH})
        path = self.stack[-1].child_path() if self.stack else ()
        self.check_tag(event, at, path)
        if path is not None:
            self.src.values.setdefault(path, at)
        mapping = isinstance(event, yaml.MappingStartEvent)
        self.stack.append(_Frame({} if mapping else [], path, at, event.anchor, _NO_KEY if mapping else None))

    def end(self, event, at) -> None:
        frame = self.stack.pop()
        self.place(frame.value, frame.size, frame.anchor, frame.at, None)  # position recorded at start

    def place(self, value, size: int, anchor: str | None, at: tuple[int, int], path: Path | None) -> None:
        if path is not None:
            self.src.values.setdefault(path, at)
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.data = value
            return
        parent = self.stack[-1]
        parent.size += size
        if parent.key is None:
            parent.value.append(value)
        elif parent.key is _NO_KEY:  # a list, mapping or alias written as a key
            self.src.problems.append(Problem(self.src.file, *at, dotted(parent.path or ()), "complex_key", hint="complex_key"))
            parent.key = _SKIP
        else:
            if parent.key is not _SKIP:
                parent.value[parent.key] = value
            parent.key = _NO_KEY

    def take_key(self, frame: _Frame, event: yaml.ScalarEvent, at: tuple[int, int]) -> None:
        src = self.src
        key = _scalar_text(event, at, frame.path, src)
        frame.key = _SKIP
        if key == "<<" and not event.style and event.tag is None:
            src.problems.append(Problem(src.file, *at, dotted(frame.path or ()), "merge_key", hint="merge_key"))
        elif key in frame.seen:
            src.problems.append(Problem(src.file, *at, dotted((frame.path or ()) + (key,)), "duplicate_key",
                                        {"key": shown(key), "first": frame.seen[key]}, hint="duplicate_key"))
        else:
            frame.seen[key] = at[0]
            frame.key = key
            if frame.path is not None:
                src.keys[frame.path + (key,)] = at

    def spend(self, size: int, at: tuple[int, int], key: str) -> None:
        self.budget -= size
        if self.budget < 0:
            raise _refuse(self.src, at, key, {"limit": MAX_VALUES}, hint="alias" if key == "alias_bomb" else key)

    def check_tag(self, event, at: tuple[int, int], path: Path | None) -> None:
        if event.tag is not None and event.tag not in PLAIN_TAGS:
            tag = shown(event.tag.replace("tag:yaml.org,2002:", "!!"))
            self.src.problems.append(Problem(self.src.file, *at, dotted(path or ()), "unsupported_tag", {"tag": tag},
                                             hint="unsupported_tag", hint_params={"tag": tag}))


def _refuse(src: Source, at: tuple[int, int], key: str, params: dict | None = None, hint: str | None = None) -> _Refused:
    src.problems.append(Problem(src.file, *at, "", key, params or {}, hint=hint or key))
    return _Refused()


def _scalar(event: yaml.ScalarEvent, at: tuple[int, int], path: Path | None, src: Source):
    if event.tag == NULL_TAG or (event.tag is None and not event.style and event.value in NULLS):
        return None
    return _scalar_text(event, at, path, src)


def _scalar_text(event: yaml.ScalarEvent, at: tuple[int, int], path: Path | None, src: Source) -> str:
    """The text of a scalar. Only double quotes can write characters the file itself may not hold
    ("\\0"); those are reported and replaced, since no file path or page can hold them."""
    text = event.value
    match = FORBIDDEN.search(text) if event.style == '"' else None
    if match is None:
        return text
    src.problems.append(Problem(src.file, *at, dotted(path or ()), "forbidden_char", {"code": f"U+{ord(match.group()):04X}"}, hint="forbidden_char"))
    return FORBIDDEN.sub("\ufffd", text)
