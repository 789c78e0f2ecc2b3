"""Paraphrase-level alignment: reworded passages between a checked text and one source.

Exact alignment (align.py) needs runs of identical stemmed words; a copy with
one word in three swapped, or with its clauses reordered, keeps too few.
Here texts are compared sentence by sentence over their *content* words
(stemmed, stop words dropped):

1. Both texts are cut into sentences (end punctuation, blank lines; long
   sentences into chunks of ``PARA_MAX_SENTENCE`` words).  Each source
   sentence is also joined with the next (a reworded copy often merges or
   splits sentences).
2. For every checked sentence with at least ``para_min_content`` content
   words besides names, its best source unit by weighted containment: the share of the
   sentence's content words found in the source unit, each word weighted by
   its rarity in the source (idf over source sentences), so the topic words
   a whole article repeats count little and the specific words of one
   sentence count much.  A sentence matches when that share reaches
   ``para_min_containment`` and it also shares at least
   ``para_min_bigrams`` content-word bigrams (two content words adjacent in
   both, stop words skipped) with the unit: independent text on the same
   topic shares words, a rewording keeps some of their order.
3. Matching sentences that follow each other in the checked text, with
   their source units close to each other, form one passage; a passage is
   kept when it has at least ``min_words`` words and its mean score reaches
   ``para_min_passage_score``.

Every threshold with its reason is in params.py.  numpy and scipy.sparse
(a datasketch dependency) are used, imported on the similarity path only.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import numpy as np

from .normalize import Tokens, normalize_word
from .params import SimilarityParams
from .results import Passage

# English function words (the usual stop list of IR systems), stemmed at
# first use with the same normaliser as every token.
_STOP_RAW = """
a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can cannot could couldn't did didn't do does doesn't doing don't down during
each either etc even ever every few for from further get gets got had hadn't has hasn't have haven't
having he her here hers herself him himself his how however i if in into is isn't it its itself just
let may me might more most much must my myself neither no nor not now of off often on once one only or
other others otherwise our ours ourselves out over own per rather same shall she should shouldn't since
so some still such than that the their theirs them themselves then there therefore these they this
those though through thus to too under until up upon us very via was wasn't we well were weren't what
when where whether which while who whom whose why will with within without would wouldn't yet you your
yours yourself yourselves e g i e s t
"""
_stop: frozenset[str] | None = None


def stop_stems() -> frozenset[str]:
    global _stop
    if _stop is None:
        words = set()
        for w in _STOP_RAW.split():
            for part in re.findall(r"[^\W_]+", w):
                words.add(normalize_word(part))
        _stop = frozenset(words)
    return _stop


_SENT_END = re.compile(r"[.!?;:]['\"”’)\]]*\s|\n\s*\n")


@dataclass
class ParaSide:
    """One text prepared for paraphrase alignment."""

    word_ids: np.ndarray  # content word id (global vocabulary) per content position
    word_pos: np.ndarray  # token index of each content position
    sent_of: np.ndarray  # sentence id of each content position
    sent_bounds: list[tuple[int, int]]  # token index range [a, b) of each sentence
    sent_content: np.ndarray  # content words per sentence
    sent_wording: np.ndarray  # checked side: content words per sentence that are not names (see _names)
    n_words: int


# stem -> vocabulary id (-1: not a content word), shared by all texts of a process
_vocab: dict[str, int] = {}


def sentence_bounds(text: str, tk: Tokens, max_len: int) -> list[tuple[int, int]]:
    """Token index ranges of the sentences of *text* (long ones cut into chunks)."""
    n = len(tk.words)
    cuts = [bisect.bisect_left(tk.starts, m.end()) for m in _SENT_END.finditer(text)]
    out, a = [], 0
    for c in cuts + [n]:
        if c <= a:
            continue
        while c - a > max_len:
            out.append((a, a + max_len))
            a += max_len
        out.append((a, c))
        a = c
    return out


def _content_ids(words: list[str]) -> np.ndarray:
    """Vocabulary id of each word, -1 for stop words, digits and 1-letter words."""
    stop = stop_stems()
    vocab = _vocab
    out = np.empty(len(words), dtype=np.int64)
    for i, w in enumerate(words):
        got = vocab.get(w)
        if got is None:
            got = -1 if (w in stop or len(w) < 2 or w.isdigit()) else len(vocab)
            if len(vocab) > 2_000_000:  # pragma: no cover - bounded memory
                vocab.clear()
            vocab[w] = got
        out[i] = got
    return out


def content_words(words: list[str]) -> list[str]:
    """The content words of a stemmed word list, in order."""
    ids = _content_ids(words)
    return [w for w, i in zip(words, ids.tolist()) if i >= 0]


def _names(text: str, tk: Tokens, pos: np.ndarray, bounds) -> np.ndarray:
    """Bool per content position: a capitalised word inside its sentence (a
    name, an acronym, a title word).  Names are facts a rewording cannot
    change: a list of organisations or a title shares them with its source
    without sharing any wording.  A sentence's first word is not counted as
    a name (it is capitalised anyway)."""
    firsts = {a for a, _ in bounds}
    return np.fromiter((i not in firsts and text[tk.starts[i]:tk.starts[i] + 1].isupper() for i in pos.tolist()),
                       dtype=bool, count=len(pos))


def para_side(text: str, tk: Tokens, params: SimilarityParams, mask=None, checked: bool = False) -> ParaSide:
    """*text* cut into sentences, with its content words (masked words left out).
    *checked*: the checked side, whose sentences also count their names (a
    source side's count is never read)."""
    bounds = sentence_bounds(text, tk, params.para_max_sentence)
    ids = _content_ids(tk.words)
    keep = ids >= 0
    if mask is not None:
        keep &= ~np.asarray(mask, dtype=bool)
    pos = np.nonzero(keep)[0]
    starts = np.asarray([a for a, _ in bounds], dtype=np.int64)
    sent = np.searchsorted(starts, pos, side="right") - 1 if len(bounds) else np.zeros(0, np.int64)
    counts = np.bincount(sent, minlength=len(bounds)).astype(np.int32)
    wording = (np.bincount(sent[~_names(text, tk, pos, bounds)], minlength=len(bounds)).astype(np.int32)
               if checked else counts)
    return ParaSide(ids[pos], pos, sent.astype(np.int64), bounds, counts, wording, len(tk.words))


def _incidence(rows: np.ndarray, codes: np.ndarray, vocab: np.ndarray, nrows: int):
    """Sparse (nrows, len(vocab)) 0/1 matrix: row r holds the vocab entries among its codes."""
    from scipy import sparse

    col = np.searchsorted(vocab, codes)
    ok = (col < len(vocab)) & (vocab[np.minimum(col, len(vocab) - 1)] == codes)
    m = sparse.csr_matrix((np.ones(int(ok.sum()), dtype=np.float32), (rows[ok], col[ok])),
                          shape=(nrows, len(vocab)))
    m.sum_duplicates()
    m.data[:] = 1.0
    return m


def _units(m):
    """Each sentence's row, then each sentence joined with the next (0/1)."""
    from scipy import sparse

    if m.shape[0] < 2:
        return m
    pair = m[:-1] + m[1:]
    pair.data[:] = 1.0
    return sparse.vstack([m, pair]).tocsr()


def _bigrams(side: ParaSide) -> tuple[np.ndarray, np.ndarray]:
    """(bigram code, sentence) of adjacent content words within a sentence."""
    if len(side.word_ids) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    same = side.sent_of[1:] == side.sent_of[:-1]
    code = side.word_ids[:-1] * np.int64(4_000_037) + side.word_ids[1:]
    return code[same], side.sent_of[:-1][same]


def align_paraphrase(q: ParaSide, s: ParaSide, q_starts, q_ends, s_starts, s_ends,
                     params: SimilarityParams, taken=None, min_words: int | None = None,
                     q_text: str | None = None, s_text: str | None = None) -> list[Passage]:
    """Reworded passages of the checked side *q* found in the source side *s*.

    *taken*: bool per query token already inside an exact passage (those
    sentences are left to the exact aligner)."""
    min_words = params.min_words if min_words is None else min_words
    if len(q.word_ids) == 0 or len(s.word_ids) == 0:
        return []
    vocab = np.intersect1d(q.word_ids, s.word_ids)
    if len(vocab) < params.para_min_content:
        return []
    nq, ns = len(q.sent_bounds), len(s.sent_bounds)
    Q = _incidence(q.sent_of, q.word_ids, vocab, nq)
    S = _incidence(s.sent_of, s.word_ids, vocab, ns)
    U = _units(S)  # source units: each sentence, and each sentence joined with the next
    # idf of each shared word over the source's sentences
    df = np.asarray(S.sum(axis=0)).ravel()
    idf = np.log((ns + 1.0) / (df + 0.5)).astype(np.float32)
    idf = np.maximum(idf, np.float32(0.1))
    # a query word the source lacks weighs as much as the rarest source word
    w_missing = np.float32(np.log((ns + 1.0) / 0.5))
    qn = q.sent_content.astype(np.float32)
    q_shared_w = Q @ idf  # weight of each query sentence's shared words (any unit)
    q_shared_n = np.asarray(Q.sum(axis=1)).ravel()
    denom = q_shared_w + (qn - q_shared_n) * w_missing
    with np.errstate(divide="ignore", invalid="ignore"):
        contain = (Q.multiply(idf[None, :]).tocsr() @ U.T).toarray() / np.maximum(denom, 1e-9)[:, None]
    # bigram support: shared content bigrams of each (sentence, unit)
    qb, qbs = _bigrams(q)
    sb, sbs = _bigrams(s)
    common = np.intersect1d(qb, sb)
    if len(common):
        big = (_incidence(qbs, qb, common, nq) @ _units(_incidence(sbs, sb, common, ns)).T).toarray()
    else:
        big = np.zeros_like(contain)
    ok_sent = q.sent_wording >= params.para_min_content
    score = np.where((big >= params.para_min_bigrams) & ok_sent[:, None], contain, 0.0)
    best_u = score.argmax(axis=1) if score.shape[1] else np.zeros(len(qn), dtype=np.int64)
    best = score[np.arange(len(qn)), best_u] if score.shape[1] else np.zeros(len(qn))
    # the best unit must stand out from the source's typical unit: in text that
    # shares its vocabulary everywhere (one narrow topic, a tiny vocabulary)
    # every unit scores alike and none is a rewording of the sentence
    typical = np.median(contain, axis=1) if contain.shape[1] else np.zeros(len(qn))
    hit = (best >= params.para_min_containment) & (best - typical >= params.para_min_margin)
    if taken is not None:
        for i, (a, b) in enumerate(q.sent_bounds):
            if hit[i] and b > a and taken[a:b].mean() > 0.5:
                hit[i] = False

    def unit_span(u):
        return (u, u + 1) if u < ns else (u - ns, u - ns + 2)

    # chain consecutive matching sentences whose source units are near each other
    groups: list[list[int]] = []
    for i in np.nonzero(hit)[0].tolist():
        if groups:
            last = groups[-1][-1]
            la, lb = unit_span(int(best_u[last]))
            a, b = unit_span(int(best_u[i]))
            if i - last <= 1 + params.para_max_skip and a - lb <= params.para_max_skip and la - b <= params.para_max_skip:
                groups[-1].append(i)
                continue
        groups.append([i])
    out: list[Passage] = []
    for g in groups:
        qa, qb_ = q.sent_bounds[g[0]][0], q.sent_bounds[g[-1]][1]
        if taken is not None:
            while qa < qb_ and taken[qa]:
                qa += 1
            while qb_ > qa and taken[qb_ - 1]:
                qb_ -= 1
        words = qb_ - qa
        if words < min_words or len(g) < params.para_min_sentences:
            continue
        sc = float(np.mean(best[g]))
        if sc < params.para_min_passage_score:
            continue
        units = [unit_span(int(best_u[i])) for i in g]
        sa = s.sent_bounds[min(u[0] for u in units)][0]
        sb_ = s.sent_bounds[max(u[1] for u in units) - 1][1]
        cs, ce = int(q_starts[qa]), int(q_ends[qb_ - 1])
        ss, se = int(s_starts[sa]), int(s_ends[sb_ - 1])
        out.append(Passage(start=cs, end=ce, source_start=ss, source_end=se, score=sc, words=words,
                           text=q_text[cs:ce] if q_text is not None else "",
                           source_text=s_text[ss:se] if s_text is not None else None,
                           kind="paraphrase"))
    return out


def _taken(q, passages) -> np.ndarray:
    """Bool per token of the checked side *q* (an align.Side): inside one of *passages*."""
    taken = np.zeros(q.n_words, dtype=bool)
    for p in passages:
        i = int(np.searchsorted(q.ends, p.start, side="right"))
        j = int(np.searchsorted(q.starts, p.end, side="left"))
        taken[i:j] = True
    return taken


def _align(qp: ParaSide, q, s, params, taken, min_words, smask=None) -> list[Passage]:
    if s.tokens is None or s.text is None:
        return []  # fingerprints-only source: no words to compare
    sp = para_side(s.text, s.tokens, params, mask=smask)
    return align_paraphrase(qp, sp, q.starts, q.ends, s.starts, s.ends, params, taken=taken,
                            min_words=min_words, q_text=q.text, s_text=s.text)


def paraphrase_sources(para_hits: dict, params: SimilarityParams) -> dict:
    """The documents worth a paraphrase alignment: content-window band hits at
    least ``para_min_hits`` and ``para_hit_factor`` times the median of the
    other documents hit (all but the ``para_max_candidates`` best): a long
    report hits many documents a few times by chance, a reworded source
    stands out from them."""
    if not para_hits:
        return {}
    rest = sorted(para_hits.values(), reverse=True)[params.para_max_candidates:]
    noise = float(np.median(rest)) if rest else 0.0
    floor = max(params.para_min_hits, params.para_hit_factor * noise)
    return {d: h for d, h in para_hits.items() if h >= floor}


def paraphrase_candidates(q, items, params: SimilarityParams, qmask=None, min_words=None) -> list[list[Passage]]:
    """Reworded passages of the checked side *q* for each (source side, its exact
    passages) in *items* (None: not aligned), one list per item.  Words inside an exact passage of any
    source are left to it; where reworded passages of two sources overlap on the
    checked side, the one with more matched weight (score x words) is kept."""
    out: list[list[Passage]] = [[] for _ in items]
    if not params.paraphrase or q.tokens is None or q.text is None or not any(items):
        return out
    taken = _taken(q, [p for it in items if it for p in it[1]])
    qp = para_side(q.text, q.tokens, params, mask=qmask, checked=True)
    if len(qp.word_ids) < params.para_min_content:
        return out
    found = []
    for k, it in enumerate(items):
        if it is None:
            continue  # not a paraphrase candidate
        for p in _align(qp, q, it[0], params, taken, min_words):
            found.append((p.score * p.words, k, p))
    found.sort(key=lambda x: (-x[0], x[1]))
    used = np.zeros(q.n_words, dtype=bool)
    for _, k, p in found:
        span = _taken(q, [p])
        if used[span].sum() > 0.5 * span.sum():
            continue
        used |= span
        out[k].append(p)
    return out


def paraphrase_passages(q, s, exact, params: SimilarityParams, qmask=None, smask=None,
                        min_words=None) -> list[Passage]:
    """Reworded passages between two in-memory sides (see align.compare_texts)."""
    if not params.paraphrase or q.tokens is None or q.text is None:
        return []
    qp = para_side(q.text, q.tokens, params, mask=qmask, checked=True)
    return _align(qp, q, s, params, _taken(q, exact), min_words, smask=smask)


def shared_word_spans(text: str, other: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character spans of the content words two texts share (same stem), in
    each text: what a reader compares in a reworded passage and its source."""
    from .normalize import tokenize

    ta, tb = tokenize(text), tokenize(other)
    ia, ib = _content_ids(ta.words), _content_ids(tb.words)
    common = set(ia[ia >= 0].tolist()) & set(ib[ib >= 0].tolist())

    def spans(tk, ids):
        return [(tk.starts[i], tk.ends[i]) for i, w in enumerate(ids.tolist()) if w in common]

    return spans(ta, ia), spans(tb, ib)
