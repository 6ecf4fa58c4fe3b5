"""Small counts hidden: a count from 1 to 4 is not shown, and a line (a row or a column with its
shown total) never has exactly one hidden cell, so no hidden count is found by subtraction: the
next smallest cell of such a line is hidden too (a zero as well, as the total minus the others would
give the hidden one)."""

THRESHOLD = 5
HIDDEN = None


def suppress_table(cells: list[list[int]], *, threshold: int = THRESHOLD) -> list[list[int | None]]:
    """`cells[r][c]` counts whose row totals and column totals are shown: the table with hidden
    cells as None. Primary: 0 < n < threshold; complementary until no line has a lone hidden cell."""
    hidden = [[0 < n < threshold for n in row] for row in cells]
    lines = [[(r, c) for c in range(len(row))] for r, row in enumerate(cells)]
    if cells:
        lines += [[(r, c) for r in range(len(cells))] for c in range(len(cells[0]))]
    changed = True
    while changed:
        changed = False
        for line in lines:
            lone = [cell for cell in line if hidden[cell[0]][cell[1]]]
            shown = [cell for cell in line if not hidden[cell[0]][cell[1]]]
            if len(lone) == 1 and shown:
                r, c = min(shown, key=lambda cell: (cells[cell[0]][cell[1]], cell))
                hidden[r][c] = changed = True
    return [[HIDDEN if hidden[r][c] else n for c, n in enumerate(row)] for r, row in enumerate(cells)]


def shown_total(total: int, *, threshold: int = THRESHOLD) -> int | None:
    return total if total >= threshold else HIDDEN
