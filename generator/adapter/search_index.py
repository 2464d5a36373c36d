"""Material's search index, written again in fewer bytes.

Material's search plugin writes `search/search_index.json` with `json.dumps`' default
`ensure_ascii`: every Chinese character becomes a six-byte `\\uXXXX` escape (three bytes in UTF-8),
and so does each U+200B it puts between the words jieba finds — about a third of the file. A phone
fetches the whole index before its first search, so the same data is written as UTF-8 (which
`fetch().json()` always reads). Material has no option for this and writes the file in its own
`on_post_build`, so the plugin rewrites the file after it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

PATH = "search/search_index.json"
_WHITESPACE = re.compile(r"[ \t\n\r]*")  # what JSON allows between values


def shrink(site_dir: Path) -> bool:
    """Rewrite the index (if the search plugin wrote one) as compact UTF-8 JSON holding the same
    data; returns whether there was one."""
    path = site_dir / PATH
    if not path.is_file():
        return False
    text = path.read_bytes().decode("utf-8")
    temporary = path.with_name(path.name + ".new")
    try:
        with temporary.open("wb") as out:
            for piece in _compact_pieces(text):
                # a lone surrogate (a `\ud800` escape in the data) is written as that escape
                out.write(piece.encode("utf-8", "backslashreplace"))
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    return True


def _compact_pieces(text: str):
    """The JSON value in `text` as compact UTF-8 JSON, in pieces: the entries of a top-level
    "docs" list one at a time (10,000 points' index holds over 70,000; parsed whole, it took three
    times its own size in memory)."""
    decoder, at = json.JSONDecoder(), 0

    def value():
        nonlocal at
        parsed, at = decoder.raw_decode(text, _WHITESPACE.match(text, at).end())
        return parsed

    def expect(char: str) -> bool:
        nonlocal at
        at = _WHITESPACE.match(text, at).end()
        if text.startswith(char, at):
            at += 1
            return True
        return False

    if not expect("{"):  # not the object Material writes: parsed whole
        yield _dumps(json.loads(text))
        return
    yield "{"
    first = True
    while not expect("}"):
        if not first and not expect(","):
            raise ValueError(f"{PATH}: expected ',' at {at}")
        key = value()
        if not expect(":"):
            raise ValueError(f"{PATH}: expected ':' at {at}")
        yield ("" if first else ",") + _dumps(key) + ":"
        first = False
        if key == "docs" and expect("["):
            yield "["
            n = 0
            while not expect("]"):
                if n and not expect(","):
                    raise ValueError(f"{PATH}: expected ',' at {at}")
                yield ("," if n else "") + _dumps(value())
                n += 1
            yield "]"
        else:
            yield _dumps(value())
    yield "}"


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
