"""Columns and reading order: the gutter, justified lines rejoined, left column then right."""
from __future__ import annotations

from statistics import median

from ...model import Line, Page


GUTTER_VALLEY = 0.35  # a gutter strip is crossed by at most this share of the lines beside it


def _find_gutter(pages: list[Page], body_size: float) -> tuple[float, float] | None:
    """The vertical strip in the middle third that body-size text (nearly) never crosses.

    Measured over the whole document; when a long one-column section hides it there,
    the gutter that most pages with enough text show on their own (at least half of them).
    """
    found = _gutter(pages, body_size)
    if found is not None or len(pages) < 2:
        return found
    per_page = [g for g in (_gutter([p], body_size) for p in pages if _body_lines(p, body_size) >= 10) if g]
    counted = sum(1 for p in pages if _body_lines(p, body_size) >= 10)
    if not per_page or 2 * len(per_page) < counted:
        return None
    mid = median((a + b) / 2 for a, b in per_page)
    agree = [g for g in per_page if g[0] <= mid <= g[1]]
    if 2 * len(agree) < counted:
        return None
    return max(g[0] for g in agree), min(g[1] for g in agree)


def _body_lines(page: Page, body_size: float) -> int:
    return sum(1 for line in page.lines if abs(line.size - body_size) <= 0.6)


def _gutter(pages: list[Page], body_size: float) -> tuple[float, float] | None:
    total = 0
    width = max((p.width for p in pages), default=0)
    if not width:
        return None
    # lines covering each whole point x: +1 where a line starts, -1 after it ends
    coverage = [0] * (int(width) + 2)
    for page in pages:
        for line in page.lines:
            if abs(line.size - body_size) > 0.6:
                continue
            total += 1
            a, b = max(0, int(line.x0)), min(int(width), int(line.x1))
            if a <= b:
                coverage[a] += 1
                coverage[b + 1] -= 1
    for x in range(1, len(coverage)):
        coverage[x] += coverage[x - 1]
    if total < 10:
        return None
    limit = max(2, total * 0.03)
    # Lines set across both columns (a one-column abstract or section of a Word report)
    # cross the gutter too: it is then a deep valley between the two columns' coverage.
    left_peak, right_peak = coverage[:], coverage[:]
    for x in range(1, len(coverage)):
        left_peak[x] = max(left_peak[x - 1], coverage[x])
    for x in range(len(coverage) - 2, -1, -1):
        right_peak[x] = max(right_peak[x + 1], coverage[x])
    lo, hi = int(width * 0.3), int(width * 0.7)
    best: tuple[int, int] | None = None
    run_start = None
    for x in range(lo, hi + 2):
        free = x <= hi and coverage[x] <= max(limit, GUTTER_VALLEY * min(left_peak[x], right_peak[x]))
        if free and run_start is None:
            run_start = x
        elif not free and run_start is not None:
            if best is None or x - run_start > best[1] - best[0]:
                best = (run_start, x)
            run_start = None
    if best is None or best[1] - best[0] < 8:
        return None
    # Text must stand on both sides of it, or it is just a margin.
    left = sum(coverage[x] for x in range(0, best[0]))
    right = sum(coverage[x] for x in range(best[1], int(width) + 1))
    if min(left, right) < 0.2 * max(left, right):
        return None
    return float(best[0]), float(best[1])


def _rejoin_justified(page: Page) -> None:
    """Rejoin a justified line that a wide word space split in two.

    Inside one column, a row of exactly two pieces that together run the
    column's full width is one stretched line (a reference entry such as
    "tems able to satisfy impolite users?      CoRR,"), not two table cells.
    """
    for column in (0, 1):
        lines = [ln for ln in page.lines if ln.column == column]
        if not lines:
            continue
        x0, x1 = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
        by_row: dict[int, list[Line]] = {}
        for ln in lines:
            by_row.setdefault(round((ln.top + ln.bottom) / 2), []).append(ln)
        for row in by_row.values():
            if len(row) != 2:
                continue
            a, b = sorted(row, key=lambda ln: ln.x0)
            size = max(a.size, b.size, 1.0)
            if a.x0 <= x0 + 2 * size and b.x1 >= x1 - size and b.x0 - a.x1 < 3 * size and min(len(a.words), len(b.words)) <= 2:
                a.words.extend(b.words)
                page.lines.remove(b)


def _order_page(page: Page, gutter: tuple[float, float] | None) -> None:
    if not page.lines:
        return
    if gutter is None:
        xs = [ln.x0 for ln in page.lines]
        page.columns = [(min(xs), max(ln.x1 for ln in page.lines))]
        for ln in page.lines:
            ln.column = 0
        page.lines.sort(key=lambda ln: (ln.top, ln.x0))
        return
    mid = (gutter[0] + gutter[1]) / 2
    for ln in page.lines:
        if ln.x1 <= mid + 1:
            ln.column = 0
        elif ln.x0 >= mid - 1:
            ln.column = 1
        else:
            ln.column = -1
    _rejoin_justified(page)
    left = [ln for ln in page.lines if ln.column == 0]
    right = [ln for ln in page.lines if ln.column == 1]
    page.columns = [
        (min((ln.x0 for ln in left), default=0.0), max((ln.x1 for ln in left), default=mid)),
        (min((ln.x0 for ln in right), default=mid), max((ln.x1 for ln in right), default=page.width)),
    ]
    # Spanning lines cut the page into bands; each band reads left column, then right.
    spanning = sorted((ln for ln in page.lines if ln.column == -1), key=lambda ln: ln.top)
    ordered: list[Line] = []
    cursor = -1e9
    for sp in [*spanning, None]:
        limit = sp.top if sp is not None else 1e9
        band = [ln for ln in page.lines if ln.column >= 0 and cursor <= ln.top < limit]
        band.sort(key=lambda ln: (ln.column, ln.top, ln.x0))
        ordered.extend(band)
        if sp is not None:
            ordered.append(sp)
            cursor = sp.top
    page.lines = ordered
