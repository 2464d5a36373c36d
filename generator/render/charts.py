"""Horizontal bar charts as plain inline SVG, drawn at build time (no chart library, no script).

Each bar has its label and its numbers written beside it in text, and the second series is
hatched as well as coloured, so nothing is told by colour alone. The SVG has a viewBox and no
fixed size, so it scales to the column; a label line above each bar keeps the bars full width on
a phone. Every text from the data goes through `attr`.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .templating import attr

WIDTH = 400
LABEL_LINE = 20  # label baseline to bar top
BAR = 14
GAP = 12
HEADING = 26
LEGEND = 28
MAX_LABEL = 22  # characters; longer names are cut with "…" (the full name is in the bar's <title>)
# Fill, and whether the series is hatched. Mid-tone reds read on Material's light and dark schemes.
SERIES = [("#c8102e", False), ("#e8a0a8", True)]


@dataclass(frozen=True)
class Bar:
    """One row: a label line, then a bar made of parts (value, series index)."""

    label: str
    note: str = ""
    """Numbers written after the label, e.g. "示范点 3 · 培育点 1"."""
    parts: tuple[tuple[float, int], ...] = ()
    heading: bool = False
    """A group heading (e.g. a belt's name) with no bar."""


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _legend(legend: list[str], chart_id: str) -> list[str]:
    out, x = [], 0
    for i, name in enumerate(legend):
        out.append(_rect(x, 4, 14, 14, i, chart_id) + f'<text x="{x + 20}" y="16">{attr(name)}</text>')
        x += 28 + 15 * len(name)
    return out


def _rect(x: float, y: float, w: float, h: float, series: int, chart_id: str) -> str:
    fill, hatched = SERIES[series]
    shape = f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" fill="{fill}"/>'
    if hatched:
        shape += f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" fill="url(#{chart_id}-hatch)"/>'
    return shape


def bar_chart(chart_id: str, title: str, description: str, bars: list[Bar], scale: float,
              legend: list[str] = (), track: bool = False) -> str:
    """An SVG chart; bar lengths are value / scale of the full width. `track` draws the full
    width behind each bar (for shares out of 100%). `chart_id` must be unique on the page."""
    y = LEGEND if legend else 0
    body = _legend(list(legend), chart_id)
    for bar in bars:
        if bar.heading:
            y += HEADING
            body.append(f'<text x="0" y="{y - 8}" font-weight="bold">{attr(_short(bar.label))}</text>')
            continue
        row = [f"<g><title>{attr(bar.label)} {attr(bar.note)}</title>",
               f'<text x="0" y="{y + LABEL_LINE - 6}">{attr(_short(bar.label))}'
               f'<tspan dx="8" font-weight="bold">{attr(bar.note)}</tspan></text>']
        top = y + LABEL_LINE
        if track:
            row.append(f'<rect x="0" y="{top}" width="{WIDTH}" height="{BAR}" fill="none" '
                       f'stroke="currentColor" stroke-opacity="0.35"/>')
        x = 0.0
        for value, series in bar.parts:
            width = WIDTH * value / scale if scale else 0
            if width > 0:
                row.append(_rect(x, top, width, BAR, series, chart_id))
            x += width
        body.append("".join(row) + "</g>")
        y = top + BAR + GAP
    return Markup(  # every text in it went through `attr`
        f'<svg id="{chart_id}" class="board-chart" viewBox="0 0 {WIDTH} {y}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="14" fill="currentColor">'
        f'<title id="{chart_id}-title">{attr(title)}</title><desc id="{chart_id}-desc">{attr(description)}</desc>'
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="2" height="6" fill="#ffffff" fill-opacity="0.7"/></pattern></defs>'
        + "".join(body) + "</svg>"
    )
