"""Per-document analyses shared by the quotation, citation and similarity rules.

Every public function here takes the rule context (``CheckContext``) and is
memoised per document, so calling it directly or as ``ctx.cached(fn)`` costs
the work once.  Offsets index ``ctx.document.body_text``.

For other rules (the similarity rules in particular):

* ``sentences(ctx) -> list[Sentence]`` (``.start``, ``.end``, ``.text``)
* ``quotations(ctx) -> list[Quotation]``: inline and block quotations with
  ``page``, ``words`` (body words inside) and ``cited``: only real ones
  (someone else's words), not terms, names, titles, examples, math or code
* ``quoted_passages(ctx) -> list[Quotation]``: everything between quote marks
  and every block quotation, each with ``not_quotation`` saying why it is
  not one ("" for the real ones)
* ``quotation_spans(ctx) -> list[tuple[int, int]]``: (start, end) of each
  quoted passage including its marks; exclude these from matching
* ``citations(ctx) -> list[Citation]``: in-text citations of the body text
  (``.start``, ``.end``, ``.kind``, ``.keys``), in the forms the reference
  list's style implies ("(3)" only when the list is numbered "(3)")
* ``float_citations(ctx) -> list[Citation]``: citations in captions, tables,
  figures and footnotes (``.page`` and ``.where`` set; offsets index the
  block's own text)
* ``is_attributed(ctx, start, end) -> bool``: does a matched passage carry
  a citation (inside it, in the sentence where it ends, or right after)?
  Such a match is a "cited match"
* ``references(ctx) -> list[Reference]``: parsed reference entries
* ``share(ctx) -> Share``: word counts and percentages (quoted, cited
  paraphrase, unattributed matches, own words)

Unattributed matches (the similarity issue) enter the own-words estimate
through :func:`register_unattributed`: the similarity analysis calls
``register_unattributed(ctx, spans)`` with the body spans it matched to a
source without attribution, *before* ``share(ctx)`` is first computed (the
similarity rules run first: ``Rule.order``).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .citations import Citation, find_citations
from .quotations import Quotation, assess, find_block_quotations, find_inline_quotations, merge_quotations
from .references import Reference, numbering, parse_reference, parse_references
from .sentences import Sentence, sentence_index, split_sentences

CITED_GAP = 40  # characters between a quotation's end and a citation "right after it"


_TXT_REFERENCES = re.compile(r"(?im)^[ \t]*(?:\d+\.?\s*)?(references|bibliography|works cited|reference list)[ \t]*:?[ \t]*$")
_TXT_ENTRY = re.compile(r"(?m)^[ \t]*(?=\[\d{1,4}\])|\n\s*\n|\n(?=\S)")


def body_limit(ctx) -> int:
    """End of the analysed body text.

    PDFs keep the reference list out of ``body_text`` already.  A plain-text
    document is body throughout, so its analysis stops at a line reading
    "References" (or "Bibliography", "Works Cited") after the first third.
    """
    def find() -> int:
        doc = ctx.document
        text = doc.body_text
        if doc.kind == "pdf":
            return len(text)
        for m in _TXT_REFERENCES.finditer(text):
            if m.start() >= len(text) // 3:
                return m.start()
        return len(text)

    return ctx.memo("text.body_limit", find)


def body_text(ctx) -> str:
    """The analysed body text (``body_text`` up to :func:`body_limit`)."""
    return ctx.document.body_text[: body_limit(ctx)]


def body_words(ctx) -> int:
    limit = body_limit(ctx)
    return ctx.memo("text.body_words", lambda: sum(1 for w in ctx.document.body_words if w.start < limit))


def sentences(ctx) -> list[Sentence]:
    return ctx.memo("text.sentences", lambda: split_sentences(body_text(ctx)))


def _citation_options(ctx) -> dict:
    refs = references(ctx)
    return {"paren_numbers": numbering(refs) == "paren", "n_entries": len(refs) or None}


def citations(ctx) -> list[Citation]:
    return ctx.memo("text.citations", lambda: find_citations(body_text(ctx), **_citation_options(ctx)))


_FLOAT_KINDS = {"caption": "caption", "figure_text": "table", "footnote": "footnote"}


def float_citations(ctx) -> list[Citation]:
    """Citations outside the body text: captions, table and figure text, footnotes."""
    def build() -> list[Citation]:
        out = []
        options = _citation_options(ctx)
        for block in ctx.document.blocks:
            where = _FLOAT_KINDS.get(block.kind.value)
            if where is None:
                continue
            for c in find_citations(block.text, **options):
                c.page, c.where = block.page or None, where
                out.append(c)
        return out

    return ctx.memo("text.float_citations", build)


def references(ctx) -> list[Reference]:
    return ctx.memo("text.references", lambda: _references(ctx))


def has_reference_section(ctx) -> bool:
    doc = ctx.document
    if doc.kind == "pdf":
        return doc.references_heading is not None or bool(doc.references)
    return body_limit(ctx) < len(doc.body_text)


def _references(ctx) -> list[Reference]:
    doc = ctx.document
    if doc.kind == "pdf" or doc.references:
        return parse_references(doc)
    limit = body_limit(ctx)
    text = doc.body_text
    if limit >= len(text):
        return []
    head_end = text.find("\n", limit)
    if head_end < 0:
        return []
    out = []
    pos = head_end + 1
    for m in [*_TXT_ENTRY.finditer(text, pos), None]:
        end = m.start() if m else len(text)
        entry = " ".join(text[pos:end].split())
        if entry:
            out.append(parse_reference(entry, len(out)))
        pos = m.end() if m else end
    return out


def quoted_passages(ctx) -> list[Quotation]:
    return ctx.memo("text.quoted_passages", lambda: _quoted_passages(ctx))


def quotations(ctx) -> list[Quotation]:
    return ctx.memo("text.quotations", lambda: [q for q in quoted_passages(ctx) if not q.not_quotation])


def quotation_spans(ctx) -> list[tuple[int, int]]:
    return [(q.start, q.end) for q in quoted_passages(ctx)]


def _quoted_passages(ctx) -> list[Quotation]:
    doc = ctx.document
    text = body_text(ctx)
    inline = find_inline_quotations(text)
    block = [q for q in find_block_quotations(doc) if q.end <= len(text)]
    found = merge_quotations(inline, block)
    sents = sentences(ctx)
    cites = citations(ctx)
    at = sentence_index(sents) if sents else None
    for q in found:
        inside = doc.words_in_span(q.inner_start, q.inner_end)
        q.words = len(inside)
        if q.page is None:
            q.page = doc.locate(q.inner_start, q.inner_end)[0]
        q.cited = _quote_cited(text, q, sents, cites)
        lead = _lead(text, q, sents, at)
        q.not_quotation = assess(text, q, lead, inside, _block_lead_cited(text, q, q.start - len(lead), cites))
    return found


def _lead(text: str, q: Quotation, sents: list[Sentence], at) -> str:
    """The text before a quotation in its sentence; for a block quotation the
    sentence introducing it."""
    if not sents:
        return text[max(0, q.start - 200):q.start]
    k = at(q.start)
    if sents[k].start >= q.start:  # the quotation opens its sentence
        if q.kind != "block" or k == 0:
            return ""
        k -= 1
        # A block's first line set apart ("To see how our method") is a fragment:
        # the lead-in is the full sentence before it.
        while k > 0 and not re.search(r"[.!?:]\W*$", sents[k].text):
            k -= 1
    return text[sents[k].start:q.start]


def _sentence_range(sents: list[Sentence], start: int, end: int) -> tuple[int, int]:
    """Text span of the sentences overlapping [start, end)."""
    if not sents:
        return start, end
    at = sentence_index(sents)
    i = at(start)
    j = max(at(max(end - 1, start)), i)
    return min(sents[i].start, start), max(sents[j].end, end)


def _quote_cited(text: str, q: Quotation, sents: list[Sentence], cites: list[Citation]) -> bool:
    a, b = _sentence_range(sents, q.start, q.end)
    if q.kind == "block":
        # The lead-in sentence before the block ("As Smith [3] writes:").
        before = [s for s in sents if s.end <= q.start]
        if before:
            a = before[-1].start
    return any(a <= c.start < b or _right_after(text, q, c) for c in cites)


_BETWEEN = " \n.,;:\u2014\u2013-()"  # what may stand between a quotation and the citation after it


def _right_after(text: str, q: Quotation, c: Citation) -> bool:
    """Does citation *c* follow quotation *q* with nothing but punctuation between?"""
    return q.end <= c.start <= q.end + CITED_GAP and not text[q.end:c.start].strip(_BETWEEN)


def _block_lead_cited(text: str, q: Quotation, lead_start: int, cites: list[Citation]) -> bool:
    """For a block quotation: does a citation stand in its introducing sentence (from
    *lead_start*), close the block ("... the road ahead [3]."), or follow it right away?"""
    if q.kind != "block":
        return False
    return any(lead_start <= c.start < q.start or _right_after(text, q, c)
               or q.start <= c.start and c.end <= q.end and not text[c.end:q.end].strip(_BETWEEN)
               for c in cites)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def cited_sentences(ctx) -> list[Sentence]:
    """Sentences that contain at least one in-text citation."""
    def build():
        starts = sorted(c.start for c in citations(ctx))
        out = []
        for s in sentences(ctx):
            k = bisect.bisect_left(starts, s.start)
            if k < len(starts) and starts[k] < s.end:
                out.append(s)
        return out

    return ctx.memo("text.cited_sentences", build)


# "We train ResNet-12 [8]": a cited sentence in the first person describes the
# student's own work, not a source's words, so it is not counted as paraphrase.
_FIRST_PERSON = re.compile(r"\b(we|our|ours|us|i|my)\b", re.I)


def paraphrase_sentences(ctx) -> list[Sentence]:
    """Cited sentences without a quotation and not in the first person: the paraphrase estimate."""
    spans = quotation_spans(ctx)
    return [
        s for s in cited_sentences(ctx)
        if not _overlaps(spans, s.start, s.end) and not _FIRST_PERSON.search(s.text)
    ]


def is_attributed(ctx, start: int, end: int) -> bool:
    """Does a matched passage carry a citation?

    Yes when a citation stands inside it, in the rest of the sentence where it
    ends, or right after that sentence. A citation in an earlier sentence the
    passage merely overlaps does not cover the copied sentences after it.
    """
    text = ctx.document.body_text
    limit = end
    sents = sentences(ctx)
    if sents:
        last = max(end - 1, start)
        s = sents[ctx.memo("text.sentence_at", lambda: sentence_index(sents))(last)]
        if s.start <= last < s.end:
            limit = max(end, s.end)
    for c in citations(ctx):
        if start <= c.start <= limit:
            return True
        if limit < c.start <= limit + CITED_GAP and not text[limit:c.start].strip(" \n.,;:\u201d\"()"):
            return True
    return False


def register_unattributed(ctx, spans: list[tuple[int, int]]) -> None:
    """Record body spans matched to a source without attribution (similarity)."""
    ctx._cache["text.unattributed"] = list(spans)
    ctx._cache.pop("text.share", None)


@dataclass
class Share:
    body_words: int
    quoted_words: int
    paraphrase_words: int  # cited sentences without a quotation
    unattributed_words: int  # matched passages without attribution (similarity)
    paraphrase_sentences: int

    def pct(self, words: int) -> float:
        return round(100.0 * words / self.body_words, 2) if self.body_words else 0.0

    @property
    def quoted_pct(self) -> float:
        return self.pct(self.quoted_words)

    @property
    def paraphrase_pct(self) -> float:
        return self.pct(self.paraphrase_words)

    @property
    def unattributed_pct(self) -> float:
        return self.pct(self.unattributed_words)

    @property
    def own_words(self) -> int:
        return max(self.body_words - self.quoted_words - self.paraphrase_words - self.unattributed_words, 0)

    @property
    def own_words_pct(self) -> float:
        return round(100.0 - self.pct(self.body_words - self.own_words), 2) if self.body_words else 100.0


def share(ctx) -> Share:
    return ctx.memo("text.share", lambda: _share(ctx))


def _word_indexes(doc, spans) -> set[int]:
    """Indexes of the body words overlapping any of the spans."""
    starts = [w.start for w in doc.body_words]
    out: set[int] = set()
    for a, b in spans:
        i = max(bisect.bisect_right(starts, a) - 1, 0)
        while i < len(doc.body_words) and doc.body_words[i].start < b:
            if doc.body_words[i].end > a:
                out.add(i)
            i += 1
    return out


def _share(ctx) -> Share:
    doc = ctx.document
    quotes = quotations(ctx)
    quoted = _word_indexes(doc, [(q.inner_start, q.inner_end) for q in quotes])
    para_spans = [(s.start, s.end) for s in paraphrase_sentences(ctx)]
    paraphrase = _word_indexes(doc, para_spans) - quoted
    # Registered by the similarity analysis, which runs before the quotation rules.
    unattributed_spans = ctx._cache.get("text.unattributed", [])
    unattributed = len(_word_indexes(doc, unattributed_spans) - quoted - paraphrase)
    return Share(body_words(ctx), len(quoted), len(paraphrase), unattributed, len(para_spans))
