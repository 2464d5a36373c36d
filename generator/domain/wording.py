"""How distances and durations are said to a visitor: "1.2 公里", "约 1 小时 5 分钟"."""

from __future__ import annotations

import math


def distance_text(metres: float) -> str:
    """350 → "350 米" (to 10 m), 1234 → "1.2 公里", 2000 → "2 公里"."""
    rounded = round(metres / 10) * 10
    if rounded < 1000:
        return f"{rounded} 米"
    return f"{round(metres / 1000, 1):g} 公里"


def minutes_text(minutes: float) -> str:
    """8 → "约 8 分钟", 65 → "约 1 小时 5 分钟", 120 → "约 2 小时", 0 → "不到 1 分钟"."""
    total = math.ceil(minutes)
    if total < 1:
        return "不到 1 分钟"
    hours, rest = divmod(total, 60)
    if not hours:
        return f"约 {rest} 分钟"
    return f"约 {hours} 小时" + (f" {rest} 分钟" if rest else "")
