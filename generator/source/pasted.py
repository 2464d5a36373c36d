"""Text pasted from WeChat, Word, Excel and web pages: what editors cannot see or cannot tell
apart from what YAML wants, and the exact fix for each.

The reader (`yamlsource`) uses it to name invisible characters and full-width colons; the loader
uses it to explain a value that is not a number (full-width digits, thousands separators, a
coordinate pair in one field, degrees-minutes-seconds) and a key typed as a field's Chinese label.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that look like a space or like nothing at all; (Chinese name, English name).
INVISIBLE = {
    "\u3000": ("全角空格", "ideographic (full-width) space"),
    "\u00a0": ("不换行空格", "no-break space"),
    "\u200b": ("零宽空格", "zero-width space"),
    "\u200c": ("零宽非连接符", "zero-width non-joiner"),
    "\u200d": ("零宽连接符", "zero-width joiner"),
    "\u2060": ("零宽不换行符", "word joiner"),
    "\ufeff": ("BOM 标记(U+FEFF)", "byte order mark"),
}
_INVISIBLE = re.compile("[" + "".join(INVISIBLE) + "]")
LOOKALIKE = "".join(c for c in INVISIBLE if c != "\ufeff")
FULLWIDTH_COLON = "："


def code(char: str) -> str:
    return f"U+{ord(char):04X}"


def char_params(char: str) -> dict:
    name, name_en = INVISIBLE.get(char, (code(char), code(char)))
    return {"name": name, "name_en": name_en, "code": code(char)}


def visible(text: str) -> str:
    """Text for a message, with every invisible character shown as <U+XXXX>."""
    return _INVISIBLE.sub(lambda m: f"<{code(m.group())}>", text)


def first_invisible(text: str) -> int | None:
    match = _INVISIBLE.search(text)
    return match.start() if match else None


def misplaced_spaces(text: str):
    """(line, column, character, indentation width or None) of each look-alike space where YAML needs a real one (the
    indentation, after a list dash, after a key's colon), and of any BOM (a file pasted into
    another keeps its own)."""
    suspect = re.compile(f"[{re.escape(LOOKALIKE)}\ufeff]")
    if not suspect.search(text):  # the usual file: nothing to look at line by line
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not suspect.search(line):
            continue
        if "\ufeff" in line:
            yield number, line.index("\ufeff") + 1, "\ufeff", None
            continue
        content = line.lstrip(" " + LOOKALIKE)
        if not content or content.startswith("#"):
            continue
        indent = len(line) - len(content)
        spots = [i for i in range(indent) if line[i] != " "]
        if content[:1] == "-" and content[1:2] and content[1] in LOOKALIKE:
            spots.append(indent + 1)
        colon = content.find(":")
        if colon >= 0 and content[colon + 1:colon + 2] and content[colon + 1] in LOOKALIKE:
            spots.append(indent + colon + 1)
        if spots:
            width = sum(2 if c == "\u3000" else int(c == " " or c == "\u00a0") for c in line[:indent])
            yield number, spots[0] + 1, line[spots[0]], width if spots[0] < indent else None


def fullwidth_colon(line: str) -> tuple[int, str] | None:
    """A `key：value` line: the column of the full-width colon and the line as it should be."""
    before, colon, after = line.partition(FULLWIDTH_COLON)
    if not colon or ":" in before or "#" in before or not before.strip(" -"):
        return None
    return len(before) + 1, f"{before.strip()}: {after.strip()}".rstrip()


# --- values that are not numbers -----------------------------------------------------------

_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_PAIR = re.compile(rf"^\s*({_NUMBER})\s*[,;\s]\s*({_NUMBER})\s*$")
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DMS = re.compile(r"^\s*([NSEW北南东西])?\s*(\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′’分])?\s*"
                  r"(?:(\d+(?:\.\d+)?)\s*(?:[\"″”]|''|′′|秒))?\s*([NSEW北南东西])?\s*$")


def halfwidth(text: str) -> str:
    """Full-width digits and punctuation (`２６．０８`, `，`) as ASCII."""
    return unicodedata.normalize("NFKC", text)


def number_hint(text: str, field: str) -> tuple[str, dict] | None:
    """Why `text` is not a number, as (hint key, parameters), when it is a known pasting mistake."""
    at = first_invisible(text)
    if at is not None:
        return "invisible_in_value", {**char_params(text[at]), "at": at + 1, "fixed": _INVISIBLE.sub("", text).strip()}
    plain = halfwidth(text).strip()
    if _THOUSANDS.match(plain):
        return "thousands", {"fixed": plain.replace(",", "")}
    pair = _PAIR.match(plain)
    if pair:
        return "coordinate_pair", _pair_params(float(pair.group(1)), float(pair.group(2)), pair.group(1), pair.group(2))
    dms = _DMS.match(plain)
    if dms and (dms.group(3) or dms.group(4) or "°" in plain or "度" in plain):
        return "dms", {"decimal": _decimal(dms)}
    if plain != text.strip() and re.fullmatch(_NUMBER, plain):
        return "halfwidth", {"fixed": plain}
    return None


def _pair_params(first: float, second: float, first_text: str, second_text: str) -> dict:
    # Map apps copy "longitude,latitude"; in China longitude is 73–135 and latitude 18–54, so the
    # value above 90 is the longitude whichever comes first.
    lon_first = abs(first) > 90 or abs(second) <= 90
    lon, lat = (first_text, second_text) if lon_first else (second_text, first_text)
    return {"lat": lat, "lon": lon}


def _decimal(match: re.Match) -> str:
    degrees, minutes, seconds = (float(match.group(i) or 0) for i in (2, 3, 4))
    value = degrees + minutes / 60 + seconds / 3600
    if (match.group(1) or match.group(5) or "") in ("S", "W", "南", "西"):
        value = -value
    return f"{value:.6f}".rstrip("0").rstrip(".")


def thousands_split(key: str, before: tuple[str, object] | None) -> str | None:
    """`{value: 1,200}` reads as `value: 1` and a field `200`: the number as the editor meant it."""
    if not re.fullmatch(r"\d{3}(?:\.\d+)?", key) or before is None:
        return None
    name, value = before
    if isinstance(value, str) and re.fullmatch(r"[-+]?\d{1,3}", value):
        return f"{name}: {value}{key}"
    return None


# --- keys typed as Chinese labels ----------------------------------------------------------


def field_for_label(label: str, titles: dict[str, str]) -> str | None:
    """The field whose Chinese title the editor typed as a key: `名称` → name, `地址` → address."""
    label = halfwidth(label).strip()
    if not label or label.isascii():
        return None
    ranks = []
    for name, title in titles.items():
        title = halfwidth(title)
        for rank, fits in enumerate((title == label, title.endswith(label), label in title, title in label)):
            if fits and (rank == 0 or len(label) >= 2):
                ranks.append((rank, len(ranks), name))
                break
    return min(ranks)[2] if ranks else None
