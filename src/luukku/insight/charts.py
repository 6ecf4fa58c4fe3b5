"""Server-rendered SVG charts, no JavaScript: bars and a line, every value written beside its mark
(colour is never the only carrier), a <title> and <desc> the image is labelled by. The data table
and a sentence follow each chart on the page (templates/insight/_section.html)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH = 720
LABEL_W = 250
ROW_H = 26


def _short(text: str, n: int = 30) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _frame(key: str, title: str, desc: str, height: int, body: str) -> str:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" focusable="false" '
        f'aria-labelledby="{key}-title {key}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{key}-title">{escape(title)}</title><desc id="{key}-desc">{escape(desc)}</desc>{body}</svg>')


def bars(key: str, title: str, desc: str, items: list[tuple[str, float, str]]) -> str:
    """Horizontal bars: items are (label, value, value as text)."""
    top = max((v for _l, v, _t in items), default=0) or 1
    span = WIDTH - LABEL_W - 150  # room for the value after the longest bar
    rows = []
    for i, (label, value, text) in enumerate(items):
        y = 8 + i * ROW_H
        w = max(value / top * span, 1 if value else 0)
        rows.append(
            f'<text x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end" class="chart-label">{escape(_short(label))}</text>'
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{w:.1f}" height="{ROW_H - 8}" class="chart-bar"/>'
            f'<text x="{LABEL_W + w + 6:.1f}" y="{y + 15}" class="chart-value">{escape(text)}</text>')
    return _frame(key, title, desc, 16 + len(items) * ROW_H, "".join(rows))


def line(key: str, title: str, desc: str, points: list[tuple[str, float | None, str]], *, top: float = 100) -> str:
    """A line over time: points are (x label, value or None, value as text); the y axis runs 0…top."""
    height, left, bottom, right = 240, 44, 40, 56
    plot_h = height - bottom - 16
    n = len(points)
    step = (WIDTH - left - right) / max(n - 1, 1)
    every = max(1, -(-n // 12))  # at most twelve x labels
    parts = [f'<line x1="{left}" y1="{16 + plot_h}" x2="{WIDTH - right}" y2="{16 + plot_h}" class="chart-axis"/>']
    for frac in (0, 0.5, 1):
        y = 16 + plot_h * (1 - frac)
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="chart-label">'
                     f'{frac * top:.0f}</text><line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" '
                     f'class="chart-grid"/>')
    coords = []
    for i, (label, value, text) in enumerate(points):
        x = left + i * step if n > 1 else left + (WIDTH - left - right) / 2
        if i % every == 0:
            parts.append(f'<text x="{x:.1f}" y="{height - 16}" text-anchor="middle" class="chart-label">'
                         f'{escape(label)}</text>')
        if value is None:
            continue
        y = 16 + plot_h * (1 - min(value, top) / top)
        coords.append(f"{x:.1f},{y:.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" class="chart-point"/>')
        if n <= 12 or i % every == 0:
            # the first point's label to its right: centred, it would cover the y axis' numbers
            anchor = "start" if i == 0 and n > 1 else "middle"
            parts.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="{anchor}" class="chart-value">'
                         f'{escape(text)}</text>')
    if len(coords) > 1:
        parts.insert(1, f'<polyline points="{" ".join(coords)}" class="chart-line"/>')
    return _frame(key, title, desc, height, "".join(parts))
