"""Reading YAML strictly, remembering where every value was written.

The YAML parser gives a stream of events (each with line and column); we build Python values from
them ourselves so that: duplicate keys are errors, not silently dropped; YAML 1.1's surprises cannot
happen (every plain scalar stays the text the editor wrote, and the model's types decide what it
means: `9:00`, `no` and `010` stay text in a text field); aliases cannot expand into a bomb; no tag
ever constructs an object; and no nesting depth can exhaust Python's stack (the building is a loop,
not a recursion, and PyYAML's own composer, which recurses, is never used).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from . import yamltext
from .positions import KeyPath, Source, dotted, packed, shown
from .problems import Problem

MAX_BYTES = 80 * 1024 * 1024  # a realistic 10,000-point file (stories of 200–800 characters) is about 35 MB
MAX_VALUES = 3_000_000  # a 10,000-point file like the sample holds about 1.1 million
MAX_DEPTH = 50  # sites.yaml needs about 6 levels; deeper is a typo or an attack
NULLS = {"", "~", "null", "Null", "NULL"}

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


class _Refused(Exception):
    """The file cannot be read any further; the problem is already recorded."""


def parse(raw: bytes, file: str, parsers: tuple = PARSERS, pieces=None) -> Source:
    """Read a file; `parsers` are tried in order, the next one only when one refuses the text.
    `pieces(text, file)` may read the checked text first (yamlpieces: from pieces kept since the
    last reading); when it returns None, the whole text is parsed."""
    src = Source(file)
    if len(raw) > MAX_BYTES:
        src.problems.append(Problem(file, 1, 1, "", "too_big", {"size": len(raw), "limit": MAX_BYTES}))
        return src
    text, problems = yamltext.decode(raw, file)
    src.problems += problems
    if text is None:
        return src
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        src.problems.append(Problem(file, 1, 1, "", "empty", hint="empty"))
        return src
    problems = yamltext.tabs(text, file) or yamltext.lookalikes(text, file) or yamltext.forbidden(text, file)
    if problems:
        src.problems += problems
        return src
    joined = pieces(text, file) if pieces else None
    if joined is not None:
        return joined
    return read(text, file, parsers)[0]


def read(text: str, file: str, parsers: tuple = PARSERS, depth: int = 0) -> tuple[Source, _Builder]:
    """Checked text as the first parser that does not refuse it reads it, with that reading's
    builder (it knows the anchors and how many values it read). `depth`: levels above the text in
    its file (yamlpieces reads a file's list items alone)."""
    for parser in parsers:
        src, refused, builder = _read(text, file, parser, depth)
        if not refused:
            break
    return src, builder


def _read(text: str, file: str, parser, depth: int) -> tuple[Source, bool, _Builder]:
    """The text as one parser reads it, whether that parser refused it, and the builder."""
    src = Source(file)
    builder = _Builder(src, depth)
    try:
        src.data = builder.run(yaml.parse(text, Loader=parser))
    except yaml.MarkedYAMLError as exc:
        src.problems.append(yamltext.syntax_problem(exc, file, text))
        return src, True, builder
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are found by the checks above
        src.problems.append(Problem(file, 1, 1, "", "yaml_syntax", {"detail": str(exc)}, hint="indent"))
        return src, True, builder
    except _Refused:
        pass
    return src, False, builder


_NO_KEY, _SKIP = object(), object()
_SHARED_LENGTH = 64  # longer texts (stories, summaries) are seldom written twice


@dataclass
class _Frame:
    """A sequence or mapping being built."""

    value: list | dict
    path: KeyPath | None  # None inside a key or a refused entry: no positions are recorded there
    at: tuple[int, int]
    anchor: str | None
    key: object  # mappings: the key whose value comes next, _NO_KEY or _SKIP; sequences: None
    key_path: KeyPath | None = None  # the path of `key`'s value, shared with its entry in `keys`
    size: int = 1  # values inside, aliases expanded
    seen: dict = field(default_factory=dict)  # mappings: key -> line it was first written on

    def child_path(self) -> KeyPath | None:
        if self.path is None:
            return None
        if self.key is None:
            return self.path + (len(self.value),)
        return None if self.key is _NO_KEY or self.key is _SKIP else self.key_path


class _Builder:
    """Builds the data of the file's one document from the parser's events, in a loop."""

    def __init__(self, src: Source, depth: int = 0):
        self.src = src
        self.depth = depth  # levels above the text read, in its file
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[object, int]] = {}
        self.budget = MAX_VALUES
        self.documents = 0
        self.data = None
        self.texts: dict[str, str] = {}  # one object for each short text written many times

    @property
    def size(self) -> int:
        """Values read so far, aliases expanded."""
        return MAX_VALUES - self.budget

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
            self.place(self.shared(_scalar(event, at, path, self.src)), 1, event.anchor, at, path)

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
        if len(self.stack) + self.depth >= MAX_DEPTH:
            raise _refuse(self.src, at, "too_deep", {"limit": MAX_DEPTH})
        path = self.stack[-1].child_path() if self.stack else ()
        self.check_tag(event, at, path)
        if path is not None:
            self.src.values.setdefault(path, packed(*at))
        mapping = isinstance(event, yaml.MappingStartEvent)
        self.stack.append(_Frame({} if mapping else [], path, at, event.anchor, _NO_KEY if mapping else None))

    def end(self, event, at) -> None:
        frame = self.stack.pop()
        self.place(frame.value, frame.size, frame.anchor, frame.at, None)  # position recorded at start

    def place(self, value, size: int, anchor: str | None, at: tuple[int, int], path: KeyPath | None) -> None:
        if path is not None:
            self.src.values.setdefault(path, packed(*at))
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

    def shared(self, value):
        """The one object for a short text: a 10,000-point file writes each field name, district and
        kind thousands of times, and each would otherwise be its own string (some 60 MB)."""
        if type(value) is str and len(value) <= _SHARED_LENGTH:
            return self.texts.setdefault(value, value)
        return value

    def take_key(self, frame: _Frame, event: yaml.ScalarEvent, at: tuple[int, int]) -> None:
        src = self.src
        key = self.shared(_scalar_text(event, at, frame.path, src))
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
                frame.key_path = frame.path + (key,)
                src.keys[frame.key_path] = packed(*at)

    def spend(self, size: int, at: tuple[int, int], key: str) -> None:
        self.budget -= size
        if self.budget < 0:
            raise _refuse(self.src, at, key, {"limit": MAX_VALUES}, hint="alias" if key == "alias_bomb" else key)

    def check_tag(self, event, at: tuple[int, int], path: KeyPath | None) -> None:
        if event.tag is not None and event.tag not in PLAIN_TAGS:
            tag = shown(event.tag.replace("tag:yaml.org,2002:", "!!"))
            self.src.problems.append(Problem(self.src.file, *at, dotted(path or ()), "unsupported_tag", {"tag": tag},
                                             hint="unsupported_tag", hint_params={"tag": tag}))


def _refuse(src: Source, at: tuple[int, int], key: str, params: dict | None = None, hint: str | None = None) -> _Refused:
    src.problems.append(Problem(src.file, *at, "", key, params or {}, hint=hint or key))
    return _Refused()


def _scalar(event: yaml.ScalarEvent, at: tuple[int, int], path: KeyPath | None, src: Source):
    if event.tag == NULL_TAG or (event.tag is None and not event.style and event.value in NULLS):
        return None
    return _scalar_text(event, at, path, src)


def _scalar_text(event: yaml.ScalarEvent, at: tuple[int, int], path: KeyPath | None, src: Source) -> str:
    """The text of a scalar. Only double quotes can write characters the file itself may not hold
    ("\\0"); those are reported and replaced, since no file path or page can hold them."""
    text = event.value
    match = yamltext.FORBIDDEN.search(text) if event.style == '"' else None
    if match is None:
        return text
    src.problems.append(Problem(src.file, *at, dotted(path or ()), "forbidden_char", {"code": f"U+{ord(match.group()):04X}"}, hint="forbidden_char"))
    return yamltext.FORBIDDEN.sub("\ufffd", text)
