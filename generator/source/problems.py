"""Problems found in an editor's files, and how they are shown.

A problem is a message key plus parameters, so it can be shown in Chinese (the default: editors
read Chinese) or English; the text always starts with FILE:LINE:COL so editors and tools can jump
to the spot.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .messages import HINTS, MESSAGES

LANG = {"zh": 0, "en": 1}


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or worth a look (warning) in an editor's file."""

    file: str
    line: int
    col: int
    path: str
    key: str
    params: dict = field(default_factory=dict, compare=False)
    hint: str | None = None
    hint_params: dict = field(default_factory=dict, compare=False)
    warning: bool = False
    place: str = ""  # where, when not LINE:COL: a spreadsheet cell such as `示范点!C7 (经度)`

    def location(self) -> str:
        return f"{self.file}:{self.place}" if self.place else f"{self.file}:{self.line}:{self.col}"

    def message(self, lang: str = "zh") -> str:
        return MESSAGES[self.key][LANG[lang]].format(**self.params)

    def hint_text(self, lang: str = "zh") -> str:
        return HINTS[self.hint][LANG[lang]].format(**self.hint_params) if self.hint else ""

    def format(self, lang: str = "zh") -> str:
        """`FILE:LINE:COL: 错误: field: message`, and the hint on an indented line of its own.
        Whatever the file holds, each stays one line that a CI log cannot read as a command."""
        label = ("警告" if lang == "zh" else "warning") if self.warning else ("错误" if lang == "zh" else "error")
        location = one_line(self.location())
        text = f"{'./' if location.startswith(':') else ''}{location}: {label}: "
        text += f"{one_line(self.path)}: " if self.path else ""
        text += one_line(self.message(lang))
        if self.hint:
            text += ("\n    提示:" if lang == "zh" else "\n    hint: ") + one_line(self.hint_text(lang))
        return text

    def summary(self, lang: str = "zh") -> str:
        """The field, the message and the hint on one line, for tools that show the place themselves."""
        body = (f"{self.path}: " if self.path else "") + self.message(lang)
        return body + (" — " + self.hint_text(lang) if self.hint else "")

    def format_github(self, lang: str = "zh") -> str:
        """A GitHub Actions workflow command, shown inline on the pull request."""
        kind = "warning" if self.warning else "error"
        return (
            f"::{kind} file={_gh_prop(self.file)},line={self.line},col={self.col},"
            f"title={_gh_prop(self.path or 'sites.yaml')}::{_gh_data(self.summary(lang))}"
        )

    def as_dict(self, lang: str = "zh") -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "path": self.path,
            "severity": "warning" if self.warning else "error",
            "code": self.key,
            "message": self.message(lang),
            "hint": self.hint_text(lang),
        }


# Characters that end a line somewhere (a terminal, a CI log viewer), move the cursor, colour
# text or turn its direction; and `##[`, which GitHub's runner reads as a command anywhere in a
# line. (A line starting with `::` is a command too: ours start with the file name.)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|##\\[")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "##[": "#\\x23["}


def one_line(text: str) -> str:
    """Text from an editor's file as it may appear in a report line: such characters escaped
    (`\\n`, `\\u2028`), so it stays one line, shows as written and starts no CI command."""
    return _UNSAFE.sub(lambda m: _ESCAPES.get(m.group(0)) or f"\\u{ord(m.group(0)):04x}", str(text))


def _gh_data(text: str) -> str:
    # GitHub's own escapes for line breaks keep a multi-line message in one command line.
    return one_line(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def format_gitlab(problems: list[Problem], lang: str = "zh") -> str:
    """A GitLab code-quality report (a JSON list), shown on the merge request."""
    import hashlib

    report = []
    for p in problems:
        report.append(
            {
                "description": one_line(p.summary(lang)),
                "check_name": p.key,
                "fingerprint": hashlib.sha256(p.format(lang).encode()).hexdigest()[:32],
                "severity": "minor" if p.warning else "major",
                "location": {"path": one_line(p.file), "lines": {"begin": p.line}},
            }
        )
    return json.dumps(report, ensure_ascii=False, indent=2)


class ProjectError(Exception):
    """Raised when sites.yaml has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))
