"""QUO001 quotation share, QUO002 uncited quotation, QUO003 own-words share.

The detectors live in :mod:`integrity_check.text`; the shared per-document
analyses (quotations, citations, sentences, the word shares) in
:mod:`integrity_check.text.analysis`.  Every rule of the family publishes the
same metrics and the ``quotations`` JSON section through :func:`publish`, so
they are present whichever of the rules a pack turns on.
"""
from __future__ import annotations

from ..findings import Severity
from ..text import analysis as A
from .base import CheckContext, Rule
from .examples import Bad, Good

_SNIPPET = 70


def snippet(text: str, limit: int = _SNIPPET) -> str:
    """One-line excerpt for messages: '“first words … last words”'."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        half = (limit - 3) // 2
        flat = flat[:half].rstrip() + " … " + flat[-half:].lstrip()
    return flat


def _where(q) -> str:
    return f"page {q.page}" if q.page else "the text"


def publish(ctx: CheckContext) -> None:
    """Metrics and the ``quotations`` section; rules call it as ``ctx.cached(publish)``."""
    sh = A.share(ctx)
    quotes = A.quotations(ctx)
    text = ctx.document.body_text
    ctx.metrics.update(
        quotations=len(quotes),
        quoted_words=sh.quoted_words,
        quoted_pct=sh.quoted_pct,
        paraphrase_words=sh.paraphrase_words,
        paraphrase_pct=sh.paraphrase_pct,
        own_words_pct=sh.own_words_pct,
    )
    if sh.unattributed_words:
        ctx.metrics["unattributed_words"] = sh.unattributed_words
    ctx.sections["quotations"] = [
        {
            "kind": q.kind,
            "page": q.page,
            "words": q.words,
            "text": " ".join(q.text_in(text).split()),
            "start": q.start,
            "end": q.end,
            "cited": bool(q.cited),
        }
        for q in quotes
    ]


class QuotationShare(Rule):
    """What it checks
    The words inside quotations, as a share of the body words, stay within the
    pack's ``max_pct`` (the course guideline, ce7454, is at most 15%). Counted:
    inline quotations (“...”, "...", « », „ “, and single quotes that clearly
    pair) and block quotations (prose paragraphs set in from both column edges
    over two or more lines). Body words are the abstract and sections;
    headings, captions, tables, figures, footnotes and the reference list are
    not counted. Only real quotations count: not terms or scare quotes (three
    words or fewer), names, titles of works and labels, examples, prompts and
    instructions the report presents ("e.g.", "such as", "for example", a
    quotation alone in parentheses), math or code; not lists, tables or
    equations set in from the margins. A quotation nested in another counts
    once. The ``list_longest`` longest quotations are named in the finding.

    Why the course cares
    A report is assessed on the student's own writing; one stitched together
    from quotations, even cited ones, shows little of it.

    How to fix
    Keep only the quotations whose exact wording matters; rewrite the others in
    your own words and keep the citation.
      In LaTeX: shorten or remove ``quote``/``quotation`` environments and
      ``...'' spans; keep the ``\\cite``.
      In Word: shorten the quoted passages and indented quotation paragraphs;
      keep the citation.
    """

    code = "QUO001"
    name = "quotation-share"
    family = "quotation"
    severity = Severity.WARNING
    summary = "Quoted words stay within the limit (share of the body words)."
    fix = "Shorten or paraphrase quotations (keeping the citation) until the share is under the limit."
    params = {"max_pct": 15.0, "list_longest": 3}
    ranges = {"max_pct": (0, 100), "list_longest": (0, 100)}
    examples = (
        Bad("Most of a short related-work paragraph is one long quotation, cited (about half of the body "
            "words are quoted).",
            text="We trained the detector on daytime footage and tested it at night. As Lee observes, "
                 "“a model that has never seen glare treats every bright streak as a lane marking and "
                 "follows it off the road” [1]. Our results agree.\n\n"
                 "References\n[1] J. Lee. Driving at night. In Venue, 2021."),
        Good("One short quotation whose exact wording matters; the rest in your own words, cited.",
             text="We trained the detector on daytime footage and tested it at night. Lee calls glare "
                  "“a false lane marking” [1], and our results agree: most errors at night follow bright "
                  "streaks from oncoming headlights. We therefore add a short memory of earlier frames, "
                  "which lets the model ignore a streak that was not there a moment ago. On our night "
                  "split this halves the number of lanes that the model follows off the road.\n\n"
                  "References\n[1] J. Lee. Driving at night. In Venue, 2021."),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(publish)
        sh = A.share(ctx)
        limit = float(self.config["max_pct"])
        if not sh.body_words or sh.quoted_pct <= limit:
            return
        quotes = sorted(A.quotations(ctx), key=lambda q: -q.words)
        text = ctx.document.body_text
        longest = "; ".join(
            f"{_where(q)}: “{snippet(q.text_in(text), 50)}” ({q.words} words)"
            for q in quotes[: int(self.config["list_longest"])]
        )
        allowed = int(limit * sh.body_words / 100)
        cut = sh.quoted_words - allowed
        first = quotes[0]
        page, bbox = ctx.document.locate(first.inner_start, first.inner_end)
        yield self.finding(
            f"Quotations make up {sh.quoted_pct:.1f}% of the body ({sh.quoted_words} of {sh.body_words} words); "
            f"the limit is {limit:g}%. Longest: {longest}.",
            page=page,
            bbox=bbox,
            fix=f"Paraphrase or cut at least {cut} quoted words (keep at most {allowed}); start with the longest "
            "quotations and keep their citations.",
            quoted_pct=sh.quoted_pct,
            quoted_words=sh.quoted_words,
            limit_pct=limit,
        )


class UncitedQuotation(Rule):
    """What it checks
    Every quotation has a citation in the same sentence or right after it. A
    quotation counts as cited when an in-text citation ([3], (Smith, 2020,
    p. 4), Smith et al. (2020)...) stands in a sentence the quotation touches,
    or directly after the closing quote mark; for a block quotation also in the
    sentence that introduces it. A citation after the closing mark counts even
    when the quotation crosses a column or page break.
    Only real quotations need one (see QUO001): not terms and scare quotes,
    names, titles, labels, examples, prompts or instructions the report
    presents, math, code, lists or tables. Quotations shorter than
    ``min_words`` words are treated as terms. An uncited quotation shorter than
    ``sure_words`` words that none of these explains is reported as a warning,
    not an error: a short phrase may still be the student's own term.

    Why the course cares
    Someone else's words without their source are plagiarism, even in quotation
    marks.

    How to fix
    Put the source's citation right after the closing quote mark, with the page
    when your style has one: “...” [4] or “...” (Smith, 2020, p. 14).
      In LaTeX: ``...'' \\cite[p.~14]{smith2020} right after the closing quotes.
      In Word: References > Insert Citation right after the closing quote mark.
    """

    code = "QUO002"
    name = "uncited-quotation"
    family = "quotation"
    severity = Severity.ERROR
    summary = "Each quotation is cited in its sentence or right after it."
    fix = "Add the source's citation right after the closing quote mark, e.g. “...” [4]."
    params = {"min_words": 4, "sure_words": 10}
    examples = (
        Bad("A quotation with no citation: “...”, as recent work shows.",
            text="Transformers changed sequence models: “attention is all you need to model long-range "
                 "dependencies in text”, as recent work shows.\n\n"
                 "References\n[1] A. Vance. Attention for everything. In Venue, 2019."),
        Good("The same quotation with its source cited right after the closing mark: “...” [1].",
             text="Transformers changed sequence models: “attention is all you need to model long-range "
                  "dependencies in text” [1].\n\n"
                  "References\n[1] A. Vance. Attention for everything. In Venue, 2019."),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(publish)
        text = ctx.document.body_text
        for q in A.quotations(ctx):
            if q.cited or q.words < int(self.config["min_words"]):
                continue
            page, bbox = ctx.document.locate(q.inner_start, q.inner_end)
            what = "Block quotation" if q.kind == "block" else "Quotation"
            short = q.kind == "inline" and q.words < int(self.config["sure_words"])
            yield self.finding(
                f"{what} on {_where(q)} has no citation: “{snippet(q.text_in(text))}” ({q.words} words)."
                + (" It is short, so it may be a term or phrase of your own rather than a source's words."
                   if short else ""),
                page=page,
                bbox=bbox,
                severity=min(self.active_severity, Severity.WARNING) if short else None,
                fix="Cite its source right after the closing quote mark (e.g. “...” [4] or (Author, Year, p. N)) "
                "and list it under References; if the words are your own, remove the quote marks.",
                start=q.start,
                end=q.end,
                words=q.words,
            )


class OwnWordsShare(Rule):
    """What it checks
    Most of the body is the student's own words (an estimate), at least the
    pack's ``min_own_pct`` (the course guideline, ce7454, is about 85%). Own
    words = body words minus quoted words, minus cited paraphrase, minus
    passages that match a source without attribution (when a similarity
    analysis ran). Paraphrase cannot be measured without the sources, so it is
    estimated: every sentence that carries a citation but no quotation counts
    as paraphrase in full. The estimate errs on the strict side (a sentence
    that only names a method with its citation counts too), which is why this
    rule is a warning.

    Why the course cares
    The report is assessed on the student's own analysis; retelling cited work
    sentence by sentence leaves little of it.

    How to fix
    Add your own analysis, comparison and discussion; summarise sources briefly
    instead of retelling them sentence by sentence.
      In LaTeX: cite a group of works once (\\cite{a,b,c}) in a short summary
      sentence instead of one paraphrased sentence per work.
      In Word: the same: one summary sentence with its citations, then your own
      discussion.
    """

    code = "QUO003"
    name = "own-words-share"
    family = "quotation"
    severity = Severity.WARNING
    summary = "Own words (body minus quotes, cited paraphrase, unattributed matches) reach the minimum."
    fix = "Add your own analysis and discussion; summarise cited work briefly rather than sentence by sentence."
    params = {"min_own_pct": 85.0}
    ranges = {"min_own_pct": (0, 100)}
    examples = (
        Bad("Every sentence retells a cited paper, one citation per sentence.",
            text="Early lane detectors fitted straight lines to edge maps [1]. Later methods segmented "
                 "every pixel of the road with a deep network [2]. Recent detectors predict a few anchor "
                 "curves per frame instead [3]. Temporal methods pool features over several frames [1].\n\n"
                 "References\n[1] A. Brown. Lanes. In Venue, 2015.\n[2] C. Diaz. Roads. In Venue, 2018.\n"
                 "[3] E. Fox. Curves. In Venue, 2021."),
        Good("Sources summarised in one cited sentence, then compared and discussed in your own words.",
             text="Lane detectors moved from edge maps to deep networks [1, 2]. What none of them "
                  "handles well is glare, which hides the paint exactly where a driver needs it most. "
                  "Our experiments show that the errors at night cluster in the first frames after a "
                  "sharp turn. A short memory of earlier frames fixes most of them, but only when the "
                  "car drives straight for a moment. We think this limits the idea to highways, and we "
                  "discuss what a city route would need instead.\n\n"
                  "References\n[1] A. Brown. Lanes. In Venue, 2015.\n[2] C. Diaz. Roads. In Venue, 2018."),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(publish)
        sh = A.share(ctx)
        minimum = float(self.config["min_own_pct"])
        if not sh.body_words or sh.own_words_pct >= minimum:
            return
        parts = [f"quoted {sh.quoted_pct:.1f}%", f"cited paraphrase {sh.paraphrase_pct:.1f}%"]
        if sh.unattributed_words:
            parts.append(f"matched without attribution {sh.unattributed_pct:.1f}%")
        pages = self._paraphrase_pages(ctx)
        where = f" Most cited sentences are on page(s) {', '.join(map(str, pages))}." if pages else ""
        yield self.finding(
            f"About {sh.own_words_pct:.1f}% of the body is in your own words; the guideline is at least "
            f"{minimum:g}% ({' + '.join(parts)} of {sh.body_words} words). Estimate: each sentence with a "
            f"citation but no quotation ({sh.paraphrase_sentences} sentences) counts as paraphrase, unless it "
            f"speaks of your own work (we, our, I).{where}",
            page=pages[0] if pages else None,
            fix="Write more of the report yourself (analysis, comparison, discussion of your results) and "
            "condense retold related work; cut long quotations.",
            own_words_pct=sh.own_words_pct,
            quoted_pct=sh.quoted_pct,
            paraphrase_pct=sh.paraphrase_pct,
            limit_pct=minimum,
        )

    @staticmethod
    def _paraphrase_pages(ctx: CheckContext) -> list[int]:
        counts: dict[int, int] = {}
        for s in A.paraphrase_sentences(ctx):
            page = ctx.document.locate(s.start, s.end)[0]
            if page:
                counts[page] = counts.get(page, 0) + len(s.text.split())
        ranked = sorted(counts, key=lambda p: (-counts[p], p))
        return ranked[:2]
