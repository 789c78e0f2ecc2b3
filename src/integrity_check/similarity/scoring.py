"""Similarity index: share of the checked text's words covered by matched
passages, each word counted once, for its best source.

A word covered by passages of several sources is attributed to the source
with the most matched words overall (ties: name order), so per-source shares
add up to the total.  The denominator is all words of the checked text (the
body text the checker passes), excluded spans included: quoting is allowed,
but it is not "original" text either, and it keeps the index comparable
between reports.
"""

from __future__ import annotations

import bisect

from .normalize import Tokens, tokenize


def _word_range(tk: Tokens, start: int, end: int) -> tuple[int, int]:
    i = bisect.bisect_left(tk.ends, start + 1)
    j = bisect.bisect_left(tk.starts, end)
    return i, j


def assign_shares(matches, tokens: Tokens) -> float:
    """Set ``share`` and ``matched_words`` on each SourceMatch; return the total share."""
    n = len(tokens.words)
    if n == 0:
        for m in matches:
            m.share, m.matched_words = 0.0, 0
        return 0.0
    cover = []
    for m in matches:
        ws = set()
        for p in m.passages:
            i, j = _word_range(tokens, p.start, p.end)
            ws.update(range(i, j))
        cover.append(ws)
        m.matched_words = len(ws)
    order = sorted(range(len(matches)), key=lambda k: (-len(cover[k]), matches[k].source))
    taken: set[int] = set()
    total = 0
    for k in order:
        mine = cover[k] - taken
        taken |= mine
        matches[k].share = len(mine) / n
        total += len(mine)
    return total / n


def similarity_index(text: str, matches) -> float:
    """Total similarity share (0..1) of *text* given its SourceMatch list;
    also sets each match's ``share`` (so per-source shares sum to the total)."""
    return assign_shares(list(matches), tokenize(text))
