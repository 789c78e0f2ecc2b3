"""Words into visual rows and rows into segments (split at column gutters and table cell gaps)."""
from __future__ import annotations

from statistics import median

from ...model import Word


SPLIT_GAP = 1.2  # a horizontal gap wider than this many font sizes ends a line segment


def _rows(words: list[Word]) -> list[list[Word]]:
    """Cluster words into visual rows by their vertical middles."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        mid = (w.top + w.bottom) / 2
        if rows:
            row = rows[-1]
            row_mid = median((x.top + x.bottom) / 2 for x in row)
            height = max(x.bottom - x.top for x in row)
            if abs(mid - row_mid) < 0.5 * max(height, w.bottom - w.top):
                row.append(w)
                continue
        rows.append([w])
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def _segments(row: list[Word]) -> list[list[Word]]:
    """Split a row where a gap is both wide and much wider than the row's word spacing.

    A justified line with few long words (Word does this) has uniformly wide
    gaps and stays whole; a column gutter or a table's cell gap stands out.
    """
    gaps = [w.x0 - prev.x1 for prev, w in zip(row, row[1:])]
    segs = [[row[0]]]
    for i, (prev, w) in enumerate(zip(row, row[1:])):
        size = max(prev.size, w.size, 1.0)
        neighbours = [gaps[j] for j in (i - 1, i + 1) if 0 <= j < len(gaps)]
        stands_out = not neighbours or any(gaps[i] > 2.0 * max(n, 0.5) for n in neighbours)
        if gaps[i] > SPLIT_GAP * size and stands_out:
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs
