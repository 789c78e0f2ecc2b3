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


SMALL_CAPS_RATIO = (0.7, 0.9)  # small capitals are 70-90% of the capital's size (IEEEtran, Word: 80%)


def _merge_small_caps(words: list[Word]) -> list[Word]:
    """Rejoin words set in small capitals: "R" + "EFERENCES" -> "REFERENCES".

    A PDF draws the capital at the font size and the rest in smaller capitals; a size
    change ends a word in extraction, so the heading reads "R EFERENCES". The pieces
    touch, share a baseline (bottoms differ by the descent of the smaller size only,
    not the shift of a sub- or superscript) and are all capitals. The joined word
    keeps the capital's size, the size the heading is set in.
    """
    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.text.isalpha() and prev.text.isupper()
            and w.text[:1].isalpha() and w.text.upper() == w.text
            and prev.size > 0
            and SMALL_CAPS_RATIO[0] <= w.size / prev.size <= SMALL_CAPS_RATIO[1]
            and -0.5 <= w.x0 - prev.x1 <= 0.15 * prev.size
            and abs(prev.bottom - w.bottom) <= 0.3 * (prev.size - w.size) + 0.3
        ):
            out[-1] = Word(prev.text + w.text, prev.page, prev.x0, min(prev.top, w.top), w.x1,
                           max(prev.bottom, w.bottom), prev.font, prev.size, prev.color)
            continue
        out.append(w)
    return out
