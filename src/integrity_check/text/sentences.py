"""Sentence splitting for academic report text, with character offsets.

Choice of splitter (measured on the project's 2-core machines, fresh process,
warm disk cache):

* ``import spacy; spacy.blank("en")`` costs about 0.66 s, and its rule-based
  ``sentencizer`` splits inside "(Brown et al., 2021, p. 14)" and after
  "e.g." -- it only looks at the punctuation itself.
* ``from nltk.tokenize.punkt import PunktSentenceTokenizer`` costs about
  0.85-1.1 s, because importing any ``nltk`` module runs ``nltk/__init__``,
  which loads most of the library.  With ``PunktParameters`` filled with an
  academic abbreviation list it handles "e.g.", "Fig. 2", "et al." well.
* A whole 4-page report must be checked in under 1.5 s in a fresh process,
  and extraction plus the other rules already take about 0.5 s.

So the default splitter is this module's own: a single regular-expression
scan for candidate boundaries (". ! ? ..." plus closing quotes/brackets,
then white space, then something that can start a sentence), filtered with
the same ideas Punkt uses -- a list of academic abbreviations
(:data:`ABBREVIATIONS`), initials, "et al." followed by a citation or a
lower-case word, numbers after "Fig."/"Eq."/"p." -- plus two things Punkt
does not know: never split inside parentheses or brackets (citations such as
"(Brown et al., 2021, p. 14)") nor inside a quotation (a quoted passage of
several sentences belongs to the sentence that introduces it, so that its
citation is found "in the same sentence").  It imports nothing but ``re``
and splits a 4-page report in about 2 ms.

``split_sentences(text, backend="punkt")`` runs NLTK's Punkt with the same
abbreviation list instead (imported lazily); the tests check that both agree
on real report text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Lower-case, without the final period; multi-period ones keep inner periods.
ABBREVIATIONS = frozenset(
    """
    e.g i.e cf vs etc al et viz resp approx ca esp incl excl w.r.t wrt a.k.a
    fig figs tab tabs eq eqs eqn eqns sec secs sect ch chap chaps app apps alg algs
    def defs thm thms lem lems prop props cor rem ex exs ref refs no nos vol vols
    p pp para paras ed eds edn trans repr rev proc conf int intl natl j jr sr
    dr prof mr mrs ms st mt inc ltd co corp univ dept assoc inst
    jan feb mar apr jun jul aug sep sept oct nov dec
    u.s u.k e.u ph.d m.sc b.sc
    """.split()
)
# Capitalised words that start sentences often; after "et al." or an initial
# ("... as in Alpher et al. However, ...") they mark a real boundary.
SENTENCE_STARTERS = frozenset(
    """
    A An The This That These Those Their There Then Thus Hence However Moreover
    Furthermore Finally First Second Third In On At For From By With Without We Our
    It Its They As Although While When Where Since Because If Unlike Like Both Such
    To Also But And Or Yet So Here Note See Each Most Many Some All No One Two Table
    Figure Section Fig Tab Eq Previous Recent Other More Less
    """.split()
)

_OPENERS = "([{"
_CLOSERS = ")]}"
_QUOTE_OPEN = "\u201c\u201e\u00ab"  # “ „ «
_QUOTE_CLOSE = "\u201d\u00bb"  # ” »

# A candidate boundary: terminal punctuation, optional closing quotes or
# brackets, an optional trailing numeric citation "[2]", then white space.
_CANDIDATE = re.compile(
    r"(?:\.{3}|\u2026|[.!?])+"  # . ! ? ... …
    r"[\"'\u2019\u201d\u00bb)\]]*"  # closing quotes / brackets
    r"(?:\s*\[[\d\s,\-\u2013?]{1,20}\])?"  # a citation right after the quote: .” [2]
    r"(?=\s)"
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORD_BEFORE = re.compile(r"([^\s(\[{\"\u201c\u2018]*)\s*$")
_NEXT = re.compile(r"\s+(\S)(\S*)")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str, backend: str = "regex") -> list[Sentence]:
    """Sentences of ``text`` with their offsets (``text[s.start:s.end] == s.text``).

    Paragraph breaks (a blank line) always end a sentence.  ``backend`` is
    ``"regex"`` (default, no imports) or ``"punkt"`` (NLTK, lazily imported).
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        para_spans = _split_punkt(text, pos, end) if backend == "punkt" else _split_paragraph(text, pos, end)
        spans.extend(para_spans)
        pos = m.end() if m else end
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append(Sentence(a, b, text[a:b]))
    return out


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start]
    depth_paren = 0
    paren_since = start
    in_quote = False
    quote_since = start
    scan = start
    for m in _CANDIDATE.finditer(text, start, end):
        # Track brackets and double quotes up to the candidate.
        for i in range(scan, m.start()):
            c = text[i]
            if c in _OPENERS:
                if depth_paren == 0:
                    paren_since = i
                depth_paren += 1
            elif c in _CLOSERS and depth_paren:
                depth_paren -= 1
            elif c in _QUOTE_OPEN and not in_quote:
                in_quote, quote_since = True, i
            elif c in _QUOTE_CLOSE and in_quote:
                in_quote = False
            elif c == '"':
                # Straight quotes: opening after space/start, closing otherwise.
                prev = text[i - 1] if i > start else " "
                if not in_quote and (prev.isspace() or prev in _OPENERS):
                    in_quote, quote_since = True, i
                elif in_quote:
                    in_quote = False
        # Closing marks matched by the candidate itself.
        for c in m.group():
            if c in _CLOSERS and depth_paren:
                depth_paren -= 1
            elif c in _QUOTE_CLOSE or c == '"':
                in_quote = False
        scan = m.end()
        # Unbalanced marks must not swallow the rest of a long paragraph.
        if depth_paren and m.start() - paren_since > 400:
            depth_paren = 0
        if in_quote and m.start() - quote_since > 1500:
            in_quote = False
        if depth_paren or in_quote:
            continue
        if _is_boundary(text, m.start(), m.end(), end):
            cuts.append(m.end())
    cuts.append(end)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if a < b]


def _is_boundary(text: str, punct: int, after: int, end: int) -> bool:
    nxt = _NEXT.match(text, after, end)
    if not nxt:
        return False  # end of paragraph: handled by the caller
    first, rest = nxt.group(1), nxt.group(2)
    mark = text[punct]
    word = _WORD_BEFORE.search(text, max(0, punct - 40), punct).group(1)
    low = word.lower().rstrip(".")
    # What may start a sentence: a capital letter, possibly after an opening
    # quote or bracket; never a digit, a lower-case word or a citation bracket.
    letter = first
    if first in "\"'\u201c\u2018\u201e\u00ab(" and rest:
        letter = rest[0]
    if not letter.isupper():
        return False
    if mark in "!?\u2026" or text[punct:punct + 3] == "...":
        return True
    next_word = (first + rest).strip("\"'\u201c\u2018\u201e\u00ab(,;:")
    if low in ABBREVIATIONS or _dotted(low):
        # "e.g. Smith", "Fig. 2" -- an abbreviation; after "et al." or "etc."
        # a common sentence starter still ends the sentence.
        if low in ("al", "etc") and next_word in SENTENCE_STARTERS:
            return True
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        # An initial ("J. Smith") unless a common starter follows ("case B. The").
        return next_word in SENTENCE_STARTERS
    return True


def _dotted(word: str) -> bool:
    """Dotted short forms not in the list: "a.k.a", "w.r.t", "U.S"."""
    parts = word.split(".")
    return len(parts) > 1 and all(0 < len(p) <= 2 for p in parts)


_PUNKT = None


def _punkt():
    global _PUNKT
    if _PUNKT is None:
        from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

        params = PunktParameters()
        params.abbrev_types = {a for a in ABBREVIATIONS if a != "et"}
        _PUNKT = PunktSentenceTokenizer(params)
    return _PUNKT


def _split_punkt(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + a, start + b) for a, b in _punkt().span_tokenize(text[start:end])]


def sentence_index(sentences: list[Sentence]):
    """A function offset -> index of the sentence containing (or preceding) it."""
    import bisect

    starts = [s.start for s in sentences]

    def find(offset: int) -> int:
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    return find
