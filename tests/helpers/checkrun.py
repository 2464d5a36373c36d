"""`python -m generator check` run in-process as an editor runs it, and what it printed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

TODAY = dt.date(2026, 11, 22)  # fixed, so "not verified for a year" does not move with the calendar
PROBLEM_LINE = re.compile(r"^\S.*:\d+:\d+: (错误|警告|error|warning): ")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def blocks(self, label: str) -> list[str]:
        """The problems printed with this label ("错误", "warning", …), each with its hint line."""
        found: list[str] = []
        for line in self.err.splitlines():
            if PROBLEM_LINE.match(line):
                found.append(line)
            elif line.startswith("    ") and found:
                found[-1] += "\n" + line
        return [b for b in found if PROBLEM_LINE.match(b).group(1) == label]

    @property
    def errors(self) -> list[str]:
        return self.blocks("错误")

    @property
    def warnings(self) -> list[str]:
        return self.blocks("警告")
