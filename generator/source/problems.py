"""Problems found in an editor's files, and how they are shown.

A problem is a message key plus parameters, so it can be shown in Chinese (the default: editors
read Chinese) or English; the text always starts with FILE:LINE:COL so editors and tools can jump
to the spot.
"""

from __future__ import annotations

import json
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
        label = ("警告" if lang == "zh" else "warning") if self.warning else ("错误" if lang == "zh" else "error")
        text = f"{self.location()}: {label}: "
        text += f"{self.path}: " if self.path else ""
        text += self.message(lang)
        if self.hint:
            text += ("\n    提示:" if lang == "zh" else "\n    hint: ") + self.hint_text(lang)
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


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def format_gitlab(problems: list[Problem], lang: str = "zh") -> str:
    """A GitLab code-quality report (a JSON list), shown on the merge request."""
    import hashlib

    report = []
    for p in problems:
        report.append(
            {
                "description": p.summary(lang),
                "check_name": p.key,
                "fingerprint": hashlib.sha256(p.format(lang).encode()).hexdigest()[:32],
                "severity": "minor" if p.warning else "major",
                "location": {"path": p.file, "lines": {"begin": p.line}},
            }
        )
    return json.dumps(report, ensure_ascii=False, indent=2)


class ProjectError(Exception):
    """Raised when sites.yaml has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))
