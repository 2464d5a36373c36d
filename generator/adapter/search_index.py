"""Material's search index, written again in fewer bytes.

Material's search plugin writes `search/search_index.json` with `json.dumps`' default
`ensure_ascii`: every Chinese character becomes a six-byte `\\uXXXX` escape (three bytes in UTF-8),
and so does each U+200B it puts between the words jieba finds — about a third of the file. A phone
fetches the whole index before its first search, so the same data is written as UTF-8 (which
`fetch().json()` always reads). Material has no option for this and writes the file in its own
`on_post_build`, so the plugin rewrites the file after it (`shrink`) or, in a one-off build with
no other plugin, writes it in Material's stead (`write`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

PATH = "search/search_index.json"
_HEAD = ("lang", "separator", "pipeline", "fields")  # the settings Material writes before the entries
_WHITESPACE = re.compile(r"[ \t\n\r]*")  # what JSON allows between values


def shrink(site_dir: Path) -> bool:
    """Rewrite the index (if the search plugin wrote one) as compact UTF-8 JSON holding the same
    data; returns whether there was one."""
    path = site_dir / PATH
    if not path.is_file():
        return False
    text = path.read_bytes().decode("utf-8-sig")
    try:
        _replace(path, _compact_pieces(text))
    except _Unusual:  # not as Material writes it: parsed whole (a broken file raises its error here)
        _replace(path, [_dumps(json.loads(text))])
    return True


def write(site_dir: Path, search_plugin) -> bool:
    """Write Material's index from its plugin's entries, one at a time, as `shrink` would leave it;
    returns False, writing nothing, where the plugin is not shaped as Material's is. Material makes
    the whole file as one string and encodes it again: at 10,000 points some 150 MB at once."""
    index = getattr(search_plugin, "search_index", None)
    entries, settings = getattr(index, "entries", None), getattr(index, "config", None)
    if not isinstance(entries, list) or not isinstance(settings, dict) or not all(key in settings for key in _HEAD):
        return False
    head = {key: settings[key] for key in _HEAD}
    path = site_dir / PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, _index_pieces(head, entries))  # the bytes `shrink` makes of Material's file
    return True


def _index_pieces(head: dict, entries: list):
    yield '{"config":' + _dumps(head) + ',"docs":['
    for n, entry in enumerate(entries):
        yield ("," if n else "") + _dumps(entry)
    yield "]}"


def _replace(path: Path, pieces) -> None:
    """`path` written anew from `pieces` through a temporary file: a failure part-way (a piece
    that raises) leaves the file as it was and no temporary behind."""
    temporary = path.with_name(path.name + ".new")
    try:
        _write(temporary, pieces)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def _write(path: Path, pieces) -> None:
    with path.open("wb") as out:
        for piece in pieces:
            try:
                out.write(piece.encode("utf-8"))
            except UnicodeEncodeError:  # surrogates, as `\ud83c\udfeb` escapes in the data give
                out.write(_paired(piece).encode("utf-8", "backslashreplace"))  # a lone one stays its escape


def _paired(text: str) -> str:
    """`text` with each pair of surrogates made the one character it stands for, as a JSON parser
    reads the pair's escapes."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


class _Unusual(Exception):
    """The index is not one object with distinct keys and nothing after it."""


def _compact_pieces(text: str):
    """The JSON object in `text` as compact UTF-8 JSON, in pieces: the entries of its "docs"
    list one at a time (10,000 points' index holds over 70,000; parsed whole, it took three
    times its own size in memory). Raises _Unusual where a whole parse could read it otherwise."""
    decoder, at = json.JSONDecoder(), 0

    def value():
        nonlocal at
        try:
            parsed, at = decoder.raw_decode(text, _WHITESPACE.match(text, at).end())
        except ValueError:
            raise _Unusual from None
        return parsed

    def expect(char: str) -> bool:
        nonlocal at
        at = _WHITESPACE.match(text, at).end()
        if text.startswith(char, at):
            at += 1
            return True
        return False

    def require(char: str) -> None:
        if not expect(char):
            raise _Unusual

    require("{")
    yield "{"
    seen = set()
    while not expect("}"):
        if seen:
            require(",")
        key = value()
        if not isinstance(key, str) or key in seen:  # a repeated key: the last one counts
            raise _Unusual
        require(":")
        yield ("," if seen else "") + _dumps(key) + ":"
        seen.add(key)
        if key == "docs" and expect("["):
            yield "["
            n = 0
            while not expect("]"):
                if n:
                    require(",")
                yield ("," if n else "") + _dumps(value())
                n += 1
            yield "]"
        else:
            yield _dumps(value())
    if _WHITESPACE.match(text, at).end() != len(text):
        raise _Unusual
    yield "}"


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
