"""Exact passage alignment between a checked text and one source.

1. Seeds: every word n-gram (``seed_size`` stemmed words) of the checked text
   that also occurs in the source, as pairs (query position, source position).
   N-grams touching an excluded word (quotations, reference list) are no
   seeds, so excluded text is never matched.
2. Runs: seeds on the same diagonal (source pos - query pos) whose query
   positions are at most ``max_gap`` words apart are chained.
3. Passages: runs are merged across diagonals when they follow each other on
   both sides with gaps of at most ``max_gap`` words (a changed word, a
   dropped sentence fragment), and kept when they cover at least
   ``min_words`` words of the checked text.  Where passages from repeated
   source text overlap on the query side, the longer one wins.

Positions are word indices; passages are reported in character offsets of
both texts via the tokens' offsets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .fingerprint import seed_hashes
from .normalize import Tokens, excluded_mask, tokenize
from .params import SimilarityParams
from .results import Passage

# An n-gram occurring more often than this in a source is boilerplate for the
# purpose of seeding (it cannot point at one place).
_MAX_SEED_OCC = 20


@dataclass
class Side:
    """What alignment needs of one text: seed hashes and word offsets."""

    seeds: np.ndarray  # uint64 n-gram hash per word position
    starts: np.ndarray  # int64 char offsets per word
    ends: np.ndarray
    n_words: int
    text: str | None = None
    tokens: Tokens | None = None  # kept for paraphrase alignment (texts only)


def side_from_text(text: str, params: SimilarityParams, tokens: Tokens | None = None) -> Side:
    tk = tokens if tokens is not None else tokenize(text)
    return Side(
        seeds=seed_hashes(tk.words, params.seed_size),
        starts=np.asarray(tk.starts, dtype=np.int64),
        ends=np.asarray(tk.ends, dtype=np.int64),
        n_words=len(tk.words),
        text=text,
        tokens=tk,
    )


@dataclass
class _Run:
    q0: int
    q1: int  # exclusive, in words
    s0: int
    s1: int


def _seeds_touching(mask: np.ndarray, n: int, count: int) -> np.ndarray:
    """For each of the first *count* seed positions: does its n-gram (words
    i..i+n-1) touch a masked word?"""
    return np.convolve(mask.astype(np.int8), np.ones(n, dtype=np.int8), mode="full")[n - 1:n - 1 + count] > 0


def _seed_pairs(q: Side, s: Side, qmask: np.ndarray | None, n: int):
    """Arrays (qi, sj) of matching seed positions."""
    if len(q.seeds) == 0 or len(s.seeds) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    qs = q.seeds
    valid = np.ones(len(qs), dtype=bool)
    if qmask is not None and qmask.any():
        valid &= ~_seeds_touching(qmask, n, len(qs))
    common, qi_idx, _ = np.intersect1d(qs[valid], s.seeds, assume_unique=False, return_indices=True)
    if len(common) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    # all occurrences on both sides of the common hashes
    qpos = np.nonzero(valid & np.isin(qs, common))[0]
    spos = np.nonzero(np.isin(s.seeds, common))[0]
    order_s = np.argsort(s.seeds[spos], kind="stable")
    spos = spos[order_s]
    sh_sorted = s.seeds[spos]
    lo = np.searchsorted(sh_sorted, qs[qpos], side="left")
    hi = np.searchsorted(sh_sorted, qs[qpos], side="right")
    cnt = hi - lo
    keep = cnt <= _MAX_SEED_OCC
    qpos, lo, cnt = qpos[keep], lo[keep], cnt[keep]
    if len(qpos) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    qi = np.repeat(qpos, cnt)
    offs = np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    sj = spos[np.repeat(lo, cnt) + offs]
    return qi.astype(np.int64), sj.astype(np.int64)


def align_sides(q: Side, s: Side, params: SimilarityParams, qmask=None,
                min_words: int | None = None) -> list[Passage]:
    """Passages shared by the checked text *q* and the source *s*."""
    n = params.seed_size
    gap = params.max_gap
    min_words = params.min_words if min_words is None else min_words
    qm = None if qmask is None else np.asarray(qmask, dtype=bool)
    qi, sj = _seed_pairs(q, s, qm, n)
    if len(qi) == 0:
        return []
    diag = sj - qi
    order = np.lexsort((qi, diag))
    qi, sj, diag = qi[order], sj[order], diag[order]
    # 1. runs along a diagonal
    brk = np.ones(len(qi), dtype=bool)
    brk[1:] = (diag[1:] != diag[:-1]) | (qi[1:] - qi[:-1] > gap)
    starts = np.nonzero(brk)[0]
    ends = np.append(starts[1:], len(qi))
    runs = [
        _Run(int(qi[a]), int(qi[b - 1]) + n, int(sj[a]), int(sj[b - 1]) + n)
        for a, b in zip(starts, ends)
    ]
    # 2. merge runs that follow each other on both sides
    runs.sort(key=lambda r: (r.q0, r.s0))
    merged: list[_Run] = []
    for r in runs:
        absorbed = False
        for m in reversed(merged[-8:]):
            if r.q0 - m.q1 > gap:
                continue
            if r.q1 <= m.q1 and m.s0 <= r.s0 and r.s1 <= m.s1 + gap:
                # Inside the passage on the checked side: a phrase the source
                # repeats a little further on.  It adds no checked words, so it
                # must not stretch the source side past the copied text.
                absorbed = True
                break
            # A continuation starts after the passage's last seed on the
            # checked side; a run starting earlier covers the same checked
            # words again from another place in the source (the source repeats
            # itself): an alternative, left to the overlap resolution below.
            ds = r.s0 - m.s1
            if -gap <= ds <= gap and r.s1 > m.s1 and r.q1 > m.q1 and r.q0 > m.q1 - n:
                m.q1, m.s1 = r.q1, r.s1
                absorbed = True
                break
        if not absorbed:
            merged.append(r)
    # 3. words covered by seeds (for the score), length filter, overlap resolution
    covered = np.zeros(q.n_words + 1, dtype=np.int32)
    np.add.at(covered, qi, 1)
    np.add.at(covered, np.minimum(qi + n, q.n_words), -1)
    covered = np.cumsum(covered)[: q.n_words] > 0
    cand = [m for m in merged if (m.q1 - m.q0) >= min_words and (m.s1 - m.s0) >= min_words // 2]
    cand.sort(key=lambda m: -(m.q1 - m.q0))
    taken = np.zeros(q.n_words, dtype=bool)
    out: list[Passage] = []
    for m in cand:
        q0, q1 = m.q0, min(m.q1, q.n_words)
        if taken[q0:q1].any():
            free = ~taken[q0:q1]
            if free.sum() < min_words:
                continue
            # keep the longest free stretch
            idx = np.nonzero(free)[0]
            splits = np.nonzero(np.diff(idx) != 1)[0]
            segs = np.split(idx, splits + 1)
            seg = max(segs, key=len)
            if len(seg) < min_words:
                continue
            shift0 = int(seg[0])
            q0, q1 = q0 + shift0, q0 + int(seg[-1]) + 1
            # source side: shift along the diagonal approximately
            s0 = min(m.s0 + shift0, m.s1 - 1)
            s1 = min(m.s1, s0 + (q1 - q0) + (m.s1 - m.s0 - (m.q1 - m.q0)))
        else:
            s0, s1 = m.s0, min(m.s1, s.n_words)
        s1 = max(s1, s0 + 1)
        words = q1 - q0
        score = float(covered[q0:q1].sum()) / words if words else 0.0
        if score < params.min_seed_coverage:
            continue
        taken[q0:q1] = True
        cs, ce = int(q.starts[q0]), int(q.ends[q1 - 1])
        ss, se = int(s.starts[s0]), int(s.ends[s1 - 1])
        if q.text is not None and s.text is not None:
            cs, ss, ce, se = _extend_punctuation(q.text, s.text, cs, ss, ce, se)
        out.append(Passage(
            start=cs, end=ce, source_start=ss, source_end=se, score=score, words=words,
            text=q.text[cs:ce] if q.text is not None else "",
            source_text=s.text[ss:se] if s.text is not None else None,
        ))
    out.sort(key=lambda p: p.start)
    return out


def _is_punct(ch: str) -> bool:
    return not ch.isspace() and not ch.isalnum()


def _extend_punctuation(qt: str, st: str, cs: int, ss: int, ce: int, se: int, limit: int = 3):
    """Take identical punctuation right before / after the passage into it
    (closing period, quotes, brackets) on both sides."""
    k = 0
    while (k < limit and ce < len(qt) and se < len(st) and qt[ce] == st[se] and _is_punct(qt[ce])):
        ce, se, k = ce + 1, se + 1, k + 1
    k = 0
    while (k < limit and cs > 0 and ss > 0 and qt[cs - 1] == st[ss - 1] and _is_punct(qt[cs - 1])):
        cs, ss, k = cs - 1, ss - 1, k + 1
    return cs, ss, ce, se


def compare_texts(text: str, other: str, exclude=(), other_exclude=(), min_words: int | None = None,
                  params: SimilarityParams | None = None) -> list[Passage]:
    """Passages shared by two in-memory texts (e.g. two submissions of a run).

    Offsets: ``start``/``end`` index *text*, ``source_start``/``source_end``
    index *other*.  Spans in *exclude* / *other_exclude* (char ranges of each
    text) never match.
    """
    params = params or SimilarityParams()
    tq, ts = tokenize(text), tokenize(other)
    q = side_from_text(text, params, tq)
    s = side_from_text(other, params, ts)
    if other_exclude:
        smask = np.asarray(excluded_mask(ts, other_exclude), dtype=bool)
        if smask.any():
            bad = _seeds_touching(smask, params.seed_size, len(s.seeds))
            # an impossible value: no query seed equals it
            s.seeds = np.where(bad, np.arange(len(s.seeds), dtype=np.uint64) | np.uint64(1 << 63), s.seeds)
    qmask = excluded_mask(tq, exclude) if exclude else None
    exact = align_sides(q, s, params, qmask=qmask, min_words=min_words)
    from .paraphrase import paraphrase_passages

    smask = excluded_mask(ts, other_exclude) if other_exclude else None
    more = paraphrase_passages(q, s, exact, params, qmask=qmask, smask=smask, min_words=min_words)
    return sorted(exact + more, key=lambda p: p.start)
