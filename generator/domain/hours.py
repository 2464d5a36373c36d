"""Opening hours as editors write them ("周一至周五 9:00-17:30"), read into days and minutes.

The build cannot know "now": a script on the visitor's phone compares the parsed hours with its
clock and says 现在开放 / 今天已闭馆. So parsing must never guess — any word it does not know
("节假日除外", "需预约") makes the whole text unreadable (None), and the page shows the text as
written, without a status.
"""

from __future__ import annotations

import json
import re

Hours = dict[int, list[tuple[int, int]]]
"""ISO weekday (1 = Monday … 7 = Sunday) → opening ranges in minutes after midnight."""

_DAY = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
_TO = r"\s*(?:至|到|-|－|–|—|~|～)\s*"
_TOKENS = re.compile(
    rf"(?P<range>(?:周|星期)(?P<a>[一二三四五六日天]){_TO}(?:周|星期)?(?P<b>[一二三四五六日天]))"
    r"|(?P<one>(?:周|星期)(?P<d>[一二三四五六日天]))"
    r"|(?P<every>每天|每日|全周)"
    r"|(?P<workdays>工作日)"
    r"|(?P<weekend>周末|双休日)"
    rf"|(?P<time>(?P<h1>\d{{1,2}})[:：](?P<m1>\d{{2}}){_TO}(?P<h2>\d{{1,2}})[:：](?P<m2>\d{{2}}))"
    r"|(?P<gap>[\s、,，;；/]+)"
)
_EVERY_DAY = list(range(1, 8))


def parse(text: str) -> Hours | None:
    """The days and times in `text`, or None unless every part of it was understood."""
    hours: Hours = {}
    days: list[int] | None = None  # days named since the last time range
    days_open = False  # the current days already got a time range
    at = 0
    text = text.strip()
    while at < len(text):
        token = _TOKENS.match(text, at)
        if not token:
            return None
        at = token.end()
        kind = token.lastgroup if token.lastgroup in ("gap", "time") else _kind(token)
        if kind == "gap":
            continue
        if kind == "time":
            span = _minutes(token)
            if span is None:
                return None
            for day in days or _EVERY_DAY:
                hours.setdefault(day, []).append(span)
            days_open = True
            continue
        if days is None or days_open:
            days, days_open = [], False
        days += _days(kind, token)
    if not hours or (days and not days_open):
        return None
    return {day: sorted(spans) for day, spans in sorted(hours.items())}


def _kind(token: re.Match) -> str:
    return next(name for name in ("range", "one", "every", "workdays", "weekend") if token.group(name))


def _days(kind: str, token: re.Match) -> list[int]:
    if kind == "range":
        a, b = _DAY[token.group("a")], _DAY[token.group("b")]
        return list(range(a, b + 1)) if a <= b else list(range(a, 8)) + list(range(1, b + 1))
    if kind == "one":
        return [_DAY[token.group("d")]]
    return {"every": _EVERY_DAY, "workdays": [1, 2, 3, 4, 5], "weekend": [6, 7]}[kind]


def _minutes(token: re.Match) -> tuple[int, int] | None:
    h1, m1, h2, m2 = (int(token.group(g)) for g in ("h1", "m1", "h2", "m2"))
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if m1 > 59 or m2 > 59 or end > 24 * 60 or start >= end:
        return None
    return start, end


def as_json(hours: Hours) -> str:
    """Compact JSON for the page's script: {"1":[[540,1050]],…}."""
    return json.dumps({str(day): spans for day, spans in hours.items()}, separators=(",", ":"))
