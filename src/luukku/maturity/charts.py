"""The report's chart drawn on the server: an SVG the template writes out (no JavaScript), with the
geometry computed here. Each bar is named by its tier in text beside it and carries its value, so
colour is never the only cue; the template adds a title, a text alternative and the data table."""

LEFT, BAR_AREA, RIGHT = 170, 440, 60  # tier names | bars 0–4 | the value
PER_LEVEL = BAR_AREA // 4
TOP, THEME_HEAD, BAR, GAP, AFTER = 28, 26, 18, 6, 14
COLOURS = ("#0b4f8a", "#1d6b52", "#6b3f91")  # each at least 3:1 on white (WCAG 1.4.11)


def tier_chart(themes, tiers) -> dict:
    """`themes`: [{"theme", "cells": [Score per tier]}] → what maturity/_chart.html draws."""
    y, groups = TOP, []
    for row in themes:
        bars, bar_y = [], y + THEME_HEAD
        for tier, colour, cell in zip(tiers, COLOURS, row["cells"]):
            mean = cell.mean
            bars.append({"tier": tier.name, "colour": colour, "y": bar_y, "text_y": bar_y + BAR - 4,
                         "width": round(mean * PER_LEVEL) if mean is not None else 0, "mean": mean,
                         "value_x": LEFT + round((mean or 0) * PER_LEVEL) + 6})
            bar_y += BAR + GAP
        groups.append({"name": row["theme"].name, "y": y + THEME_HEAD - 8, "bars": bars})
        y = bar_y + AFTER
    grid = [{"level": n, "x": LEFT + n * PER_LEVEL} for n in range(5)]
    return {"width": LEFT + BAR_AREA + RIGHT, "height": y, "left": LEFT, "groups": groups, "grid": grid,
            "grid_top": TOP - 6, "grid_bottom": y - AFTER, "bar": BAR}
