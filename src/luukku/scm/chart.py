"""A horizontal bar chart as server-rendered SVG geometry: no script, no external file, and the
template gives it a title, a text alternative and the data table beside it."""

from dataclasses import dataclass

WIDTH, LABEL, BAR_H, GAP, TOP = 720, 260, 22, 10, 8
MAX_BARS = 20  # the rest are in the table


@dataclass
class Bar:
    label: str
    value: float
    y: int
    width: float
    text_y: int


def bars(items: list[tuple[str, float]]) -> dict:
    """items: (label, value) largest first. Returns the bars, the chart's height and drawing width."""
    shown = items[:MAX_BARS]
    top = max((v for _l, v in shown), default=0) or 1
    span = WIDTH - LABEL - 90  # room for the value after the bar
    result = []
    for i, (label, value) in enumerate(shown):
        y = TOP + i * (BAR_H + GAP)
        short = label if len(label) <= 34 else label[:33] + "…"
        result.append(Bar(short, value, y, max(float(value) / float(top) * span, 0), y + BAR_H - 6))
    return {"bars": result, "height": TOP * 2 + len(shown) * (BAR_H + GAP), "width": WIDTH, "label_x": LABEL - 8,
            "bar_x": LABEL, "bar_h": BAR_H, "more": max(len(items) - MAX_BARS, 0)}
