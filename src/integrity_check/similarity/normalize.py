"""Tokenisation and normalisation for similarity matching.

Words are maximal runs of Unicode letters and digits, found in the *original*
text so every token carries exact character offsets ``(start, end)`` into the
string that was given (for a ``.txt`` file: its decoded text).  Each word is
then normalised on its own: Unicode NFKC, case folding, removal of anything
that is not a letter or digit after NFKC, and the Snowball English stemmer.
Normalising per token (not the whole text) keeps the offsets exact even when
NFKC changes a string's length (ligatures such as "ﬁ", full-width letters).

Only the standard library is imported at module load; nltk is imported on
first use of the stemmer.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

STEMMER_NAME = "nltk-snowball-english"

_WORD_RE = re.compile(r"[^\W_]+")
_NON_ALNUM_RE = re.compile(r"[\W_]+")

_stem_cache: dict[str, str] = {}
_STEM_CACHE_MAX = 500_000
_stemmer = None


def _get_stemmer():
    global _stemmer
    if _stemmer is None:
        from nltk.stem.snowball import SnowballStemmer  # needs no nltk_data

        _stemmer = SnowballStemmer("english")
    return _stemmer


def normalize_word(raw: str) -> str:
    """Normalised (NFKC, casefolded, punctuation-free, stemmed) form of one word."""
    got = _stem_cache.get(raw)
    if got is not None:
        return got
    w = unicodedata.normalize("NFKC", raw).casefold()
    w = _NON_ALNUM_RE.sub("", w)
    if w and not w.isdigit():
        w = _get_stemmer().stem(w)
    if len(_stem_cache) >= _STEM_CACHE_MAX:
        _stem_cache.clear()
    _stem_cache[raw] = w
    return w


class Tokens(NamedTuple):
    """Normalised words of a text with their character offsets."""

    words: list[str]   # normalised forms
    starts: list[int]  # char offset of each word's first character
    ends: list[int]    # char offset just past each word's last character

    def __len__(self) -> int:  # pragma: no cover - trivial
        return len(self.words)


def tokenize(text: str) -> Tokens:
    """Split *text* into normalised words with exact character offsets.

    ``text[starts[i]:ends[i]]`` is the original spelling of word ``i``.
    Words whose normalised form is empty (e.g. a lone combining mark) are
    dropped.
    """
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cache = _stem_cache
    for m in _WORD_RE.finditer(text):
        raw = m.group()
        w = cache.get(raw)
        if w is None:
            w = normalize_word(raw)
        if not w:
            continue
        words.append(w)
        starts.append(m.start())
        ends.append(m.end())
    return Tokens(words, starts, ends)


def excluded_mask(tokens: Tokens, exclude) -> list[bool]:
    """True for each word overlapping any ``(start, end)`` char span in *exclude*."""
    n = len(tokens.words)
    mask = [False] * n
    if not exclude or not n:
        return mask
    import bisect

    starts, ends = tokens.starts, tokens.ends
    for s, e in exclude:
        if e <= s:
            continue
        # first word whose end is after s
        i = bisect.bisect_right(ends, s)
        while i < n and starts[i] < e:
            mask[i] = True
            i += 1
    return mask
