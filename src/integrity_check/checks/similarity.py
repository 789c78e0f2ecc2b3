"""Similarity rules (SIM): passages that match a corpus document or another submission.

The analysis searches the corpus index (``--corpus PATH``, ``--index
redis://...`` or the default ``corpus/index.sqlite``) with the body text,
quotations excluded, and sorts every matched passage into *cited matches*
(a citation in the same sentence or right after it) and *unattributed*
ones. Unattributed words also lower the own-words share (QUO003), which is
why these rules run before the quotation rules (``order``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Severity
from ..similarity import template
from ..similarity.errors import CorpusIndexError
from ..text import analysis as text_analysis
from .base import CheckContext, Rule
from .examples import Bad, Good
from .index import record_index_failure


def index_location(options: dict[str, Any]) -> str | None:
    """The index a check uses: see similarity.index_location."""
    from ..similarity import index_location as locate

    return locate(options.get("index"), options.get("corpus"))


def open_corpus(location: str, expected_token: str | None = None):
    """The index at location, opened once per process (see similarity.open_shared); a
    missing or unusable index raises CorpusIndexError, a usage error before a run."""
    from ..similarity import open_shared

    return open_shared(location, expected_token)


# Texts of the rules' runnable examples (a corpus document, a passage two submissions share).
_SIM_SOURCE = (
    "Glare from oncoming headlights is the single largest source of error for camera-based lane detectors "
    "at night, because the bright streaks it leaves on wet asphalt share the colour, width and orientation "
    "of painted markings, and a detector that looks at one frame at a time cannot tell a reflection that "
    "moves with the camera from paint that stays on the road. Temporal models remove much of this error."
)
_SIM_SHARED = (
    "Our fusion module stores the feature maps of the previous four frames in a ring buffer, warps each "
    "of them to the current frame with the odometry of the car, and combines them with learned weights "
    "per pixel before the lane head, so that glare in one frame is outvoted by the others."
)


@dataclass
class MatchedPassage:
    source: str
    passage: Any  # similarity.Passage
    attributed: bool
    page: int | None
    bbox: Any
    fingerprints_only: bool
    quoted: bool = False  # mostly inside quotation marks that name no source


@dataclass
class SimilarityAnalysis:
    location: str | None
    passages: list[MatchedPassage] = field(default_factory=list)
    similarity_pct: float | None = None


def similarity_analysis(ctx: CheckContext) -> SimilarityAnalysis:
    """Search the corpus once per document; record matches, metrics and batch data."""
    doc = ctx.document
    text = doc.body_text
    # Quoted text that is attributed, or set off but not someone else's words, is
    # never matched; an uncited quotation is, since its source is not named.
    quotes = text_analysis.quoted_passages(ctx)
    exclude = [(q.start, q.end) for q in quotes if q.cited or q.not_quotation]
    uncited = [(q.start, q.end) for q in quotes if not (q.cited or q.not_quotation)]
    templates = ctx.options.get(template.OPTION)
    if templates:  # template text joins the one exclusion mask (see similarity/template.py)
        spans = template.template_spans(text, templates)
        ctx.metrics["template_words"] = template.words_in(text, spans)
        exclude = template.merge_spans([*exclude, *spans])
    # Collusion between submissions is decided after all files are checked (SIM003.check_batch).
    ctx.sections["_similarity"] = {"text": text, "exclude": exclude, "corpus": [], "pages": _page_runs(doc)}
    location = index_location(ctx.options)
    result = SimilarityAnalysis(location)
    if location is None or not text.strip():
        return result
    try:
        matches = open_corpus(location, ctx.options.get("index_token")).search(text, exclude=exclude)
    except CorpusIndexError as exc:  # never a silent "no match", never the file's fault
        record_index_failure(ctx, exc)
        return result
    # search() set each match's share (each word once, for its best source)
    result.similarity_pct = round(100.0 * sum(m.share for m in matches), 2)
    report = []
    for match in matches:
        items = []
        for p in match.passages:
            page, bbox = doc.locate(p.start, p.end)
            attributed = text_analysis.is_attributed(ctx, p.start, p.end)
            result.passages.append(MatchedPassage(match.source, p, attributed, page, bbox, match.fingerprints_only,
                                                  quoted=_mostly_inside(uncited, p.start, p.end)))
            items.append({**p.to_dict(), "page": page, "attributed": attributed})
            ctx.sections["_similarity"]["corpus"].append((p.start, p.end, match.source))
        report.append({**match.to_dict(), "passages": items})
    text_analysis.register_unattributed(
        ctx, [(m.passage.start, m.passage.end) for m in result.passages if not m.attributed]
    )
    ctx.metrics["similarity_pct"] = result.similarity_pct
    ctx.sections["matches"] = report
    return result


def _excerpt(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


class UnattributedMatch(Rule):
    """What it checks
    No passage matches a corpus document while being neither quoted nor cited.
    The finding names the source, the page, and shows both texts. A matched
    passage that already carries a citation in the same sentence (or right
    after it) is a *cited match*: it is reported as a note, not as plagiarism,
    but it still counts toward the similarity index. A cited quotation is never
    matched; text in quotation marks without a citation is, and the finding
    says the source to cite (QUO002 reports the missing citation too).
    What counts as a match: at least ``min_words`` words of your text lined up
    with the source, at least three quarters of them inside runs of four or
    more identical (stemmed) words (``kind`` verbatim). Changing one word in
    five does not hide a copy; two sentences on the same topic that share a few
    stock phrases are not a match.
    Reworded copying is found too (``kind`` paraphrase): two or more
    consecutive sentences whose content words (stemmed, stop words left out)
    are mostly found, partly in the same order, in neighbouring sentences of
    the source, far more than in the rest of the source. Its severity is the
    pack's ``paraphrase_severity`` (default error). The message says which
    kind was found and the score (share of the sentences' content words found).

    Why the course cares
    Passages copied from other sources without attribution are plagiarism; the
    course policy counts uncited paraphrase as plagiarism too.

    How to fix
    Either put the passage in quotation marks and cite the source right after
    it, or rewrite it in your own words and cite the source.
      In LaTeX: ``...'' \\cite{key}, or your own sentence ending in \\cite{key}.
      In Word: add the quotation marks and References > Insert Citation, or
      rewrite the passage and insert the citation.
    """

    code = "SIM001"
    name = "unattributed-match"
    family = "similarity"
    severity = Severity.ERROR
    summary = "No passage matches a corpus document without quotation marks or citation."
    fix = "Quote the passage and cite its source, or rewrite it in your own words and cite it."
    params = {"min_words": 15, "paraphrase_severity": "error"}
    order = 10
    examples = (
        Bad("Sentences of a source pasted in with no quotation marks and no citation.",
            text="Our project studies lane detection at night. Glare from oncoming headlights is the single "
                 "largest source of error for camera-based lane detectors at night, because the bright "
                 "streaks it leaves on wet asphalt share the colour, width and orientation of painted "
                 "markings, and a detector that looks at one frame at a time cannot tell a reflection "
                 "that moves with the camera from paint that stays on the road. We test a temporal "
                 "model on our own night split.",
            source=_SIM_SOURCE),
        Good("The same sentences in quotation marks with the source cited: “...” [1].",
             text="Our project studies lane detection at night. A survey explains why: “Glare from oncoming "
                  "headlights is the single largest source of error for camera-based lane detectors at "
                  "night, because the bright streaks it leaves on wet asphalt share the colour, width and "
                  "orientation of painted markings, and a detector that looks at one frame at a time "
                  "cannot tell a reflection that moves with the camera from paint that stays on the "
                  "road” [1]. We test a temporal model on our own night split.\n\n"
                  "References\n[1] R. Okafor. Lane detection at night: a survey. In Venue, 2022.",
             source=_SIM_SOURCE),
    )

    def check(self, ctx: CheckContext):
        analysis = ctx.cached(similarity_analysis)
        minimum = int(self.config["min_words"])
        para_severity = Severity.parse(self.config["paraphrase_severity"])
        for m in analysis.passages:
            if m.passage.words < minimum:
                continue
            shown = "" if m.fingerprints_only else f" Source text: “{_excerpt(m.passage.source_text or '')}”."
            data = {
                "source": m.source, "words": m.passage.words, "start": m.passage.start, "end": m.passage.end,
                "source_start": m.passage.source_start, "source_end": m.passage.source_end,
                "text": m.passage.text, "source_text": m.passage.source_text,
                "kind": m.passage.kind, "score": round(m.passage.score, 4),
            }
            reworded = m.passage.kind == "paraphrase"
            if m.attributed:
                yield self.finding(
                    f"Cited match: {m.passage.words} words match {m.source}, with a citation: "
                    f"“{_excerpt(m.passage.text)}”.",
                    page=m.page, bbox=m.bbox, severity=Severity.INFO,
                    fix="Nothing to do if the citation names this source; close paraphrase still "
                    "counts toward the similarity index.",
                    **data,
                )
            elif m.quoted:
                yield self.finding(
                    f"{m.passage.words} words match {m.source}, in quotation marks but without a citation: "
                    f"“{_excerpt(m.passage.text)}”.{shown}",
                    page=m.page, bbox=m.bbox,
                    fix=f"Cite {m.source} right after the closing quotation mark.",
                    **data,
                )
            elif reworded:
                yield self.finding(
                    f"{m.passage.words} words paraphrase {m.source} (reworded, {m.passage.score:.0%} of the "
                    f"content words found) without a citation: “{_excerpt(m.passage.text)}”.{shown}",
                    page=m.page, bbox=m.bbox, severity=para_severity,
                    fix=f"Cite {m.source} for this passage, or write it from your own understanding.",
                    **data,
                )
            else:
                yield self.finding(
                    f"{m.passage.words} words match {m.source} without quotation marks or a citation "
                    f"(verbatim copy): “{_excerpt(m.passage.text)}”.{shown}",
                    page=m.page, bbox=m.bbox,
                    fix=f"Put the passage in quotation marks and cite {m.source} right after it, or rewrite "
                    "it in your own words and cite the source.",
                    **data,
                )


class SimilarityIndex(Rule):
    """What it checks
    The share of body words that match corpus documents stays below the pack's
    ``threshold_pct``. Like Turnitin's similarity index: every body word
    covered by a matched passage counts once, for its best source; the
    per-source shares in the ``matches`` list add up to it. Quotations are left
    out of matching; cited matches count.

    Why the course cares
    A high index, even with cited matches only, means the report leans on
    retold sources rather than the student's own writing.

    How to fix
    Rewrite retold passages in your own words; keep quotations short and cited.
      In LaTeX: rewrite the matched passages in the .tex source; keep the
      \\cite for each idea.
      In Word: rewrite the matched passages (the findings list them with their
      sources); keep the citations.
    """

    code = "SIM002"
    name = "similarity-index"
    family = "similarity"
    severity = Severity.WARNING
    summary = "Similarity index stays below the pack's threshold."
    fix = "Rewrite retold passages in your own words; keep quotations short and cited."
    params = {"threshold_pct": 20.0}
    ranges = {"threshold_pct": (0, 100)}
    order = 10
    examples = (
        Bad("A report whose background retells a source closely, cited, matching most of its body words.",
            text="Our project studies lane detection at night. Glare from oncoming headlights is the single "
                 "largest source of error for camera-based lane detectors at night, because the bright "
                 "streaks it leaves on wet asphalt share the colour, width and orientation of painted "
                 "markings, and a detector that looks at one frame at a time cannot tell a reflection "
                 "that moves with the camera from paint that stays on the road [1].\n\n"
                 "References\n[1] R. Okafor. Lane detection at night: a survey. In Venue, 2022.",
            source=_SIM_SOURCE),
        Good("The same background summarised briefly in your own words (index under the threshold).",
             text="Our project studies lane detection at night. Reflections of headlights look like lane "
                  "paint to a detector that sees a single frame, which is the main cause of its night-time "
                  "errors [1]. We therefore let our model compare each frame with the ones before it.\n\n"
                  "References\n[1] R. Okafor. Lane detection at night: a survey. In Venue, 2022.",
             source=_SIM_SOURCE),
    )

    def check(self, ctx: CheckContext):
        analysis = ctx.cached(similarity_analysis)
        limit = float(self.config["threshold_pct"])
        if analysis.similarity_pct is None or analysis.similarity_pct <= limit:
            return
        sources = {}
        for m in analysis.passages:
            sources[m.source] = sources.get(m.source, 0) + m.passage.words
        top = ", ".join(f"{name} ({words} words)" for name, words in sorted(sources.items(), key=lambda kv: -kv[1])[:3])
        yield self.finding(
            f"Similarity index is {analysis.similarity_pct:.1f}% of the body; the threshold is {limit:g}%. "
            f"Largest sources: {top}.",
            similarity_pct=analysis.similarity_pct, threshold_pct=limit,
        )


class Collusion(Rule):
    """What it checks
    No passage is shared with another submission checked in the same run. Two
    reports that share a passage of at least the pack's ``min_words`` are each
    told about the other; every pair above the minimum is reported, however
    many submissions share the passage. A passage that both copied from the
    same corpus document is attributed to that source (SIM001), not to each
    other. Text from the course's template (``--template``) is never shared
    text. Files of one submitter (an LMS export layout, a folder per student
    or ``--submitter-pattern``) are never each other's partners: text they
    share is a note (own work reused). Each finding gives the shared words and
    the share of both reports; the batch summary ranks the pairs and groups
    three or more linked submissions into clusters.

    Why the course cares
    Reports are individual work; shared passages between submissions must be
    declared to the course staff.

    How to fix
    Write the passage in your own words; shared work must be declared to the
    course staff. For graders: check the whole batch at once (a folder, or the
    pre-commit folder hook) so that every pair is compared.
      In LaTeX: rewrite the shared paragraph in your .tex source.
      In Word: rewrite the shared paragraph.
    """

    code = "SIM003"
    name = "collusion"
    family = "similarity"
    severity = Severity.ERROR
    summary = "No passage is shared with another submission of the same run."
    fix = "Write the passage in your own words; shared work must be declared to the course staff."
    params = {"min_words": 25}
    order = 10
    examples = (
        Bad("Two submissions of one run with the same method paragraph.",
            text="We built our detector for the course project. " + _SIM_SHARED + " It ran at twenty "
                 "frames per second on the laptop.",
            other="Our report covers the night-time lane task. " + _SIM_SHARED + " The results are in "
                  "the table below."),
        Good("Each student describes the method in their own words.",
             text="We built our detector for the course project. " + _SIM_SHARED + " It ran at twenty "
                  "frames per second on the laptop.",
             other="Our report covers the night-time lane task. We kept the last few frames in memory and "
                   "let the network weigh them against the current one, pixel by pixel, so that a "
                   "reflection seen in one frame only counts for little. The results are in the table "
                   "below."),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(similarity_analysis)  # leaves the batch data SIM003 compares later
        return ()

    def check_batch(self, results, run) -> None:
        items = [(r, r.batch_data.get("_similarity")) for r in results]
        items = [(r, d) for r, d in items if d and d["text"].strip()]
        if len(items) < 2:
            return
        # One finding per file and partner, listing every shared passage.
        shared: dict[tuple[str, str], list[dict]] = {}
        results_by_path = {r.path: r for r, _ in items}
        for (a, da), (b, db), passage in _shared_passages(items, int(self.config["min_words"])):
            if _from_same_source(da, db, passage) or _mostly_inside(db["exclude"], passage.source_start, passage.source_end):
                continue  # copied from a corpus source by both, or quoted on the other side
            sides = ((passage.start, passage.end, passage.text), (passage.source_start, passage.source_end,
                                                                   passage.source_text or ""))
            for (mine, theirs), (start, end, text), (other_start, other_end, other_text) in (
                ((a, b), sides[0], sides[1]), ((b, a), sides[1], sides[0]),
            ):
                shared.setdefault((mine.path, theirs.path), []).append({
                    "page": _page_of(mine, start), "words": passage.words, "start": start, "end": end,
                    "text": text, "other_start": other_start, "other_end": other_end, "other_text": other_text,
                })
        body_words = {r.path: max(_word_count(d["text"]), 1) for r, d in items}
        for (mine_path, other_path), passages in sorted(shared.items()):
            mine, other = results_by_path[mine_path], results_by_path[other_path]
            passages.sort(key=lambda p: p["start"])
            words = sum(p["words"] for p in passages)
            share, other_share = words / body_words[mine_path], words / body_words[other_path]
            pages = sorted({p["page"] for p in passages if p["page"]})
            where = f" on page(s) {', '.join(map(str, pages))}" if pages else ""
            longest = max(passages, key=lambda p: p["words"])
            data = dict(other=other_path, words=words, share=round(share, 4), other_share=round(other_share, 4),
                        passages=passages)
            if mine.submitter is not None and mine.submitter == other.submitter:
                # one student's own files (an earlier report reused): never collusion, a note
                mine.findings.append(self.finding(
                    f"{words} words in {len(passages)} passage(s){where} are also in {other_path}, another "
                    f"file by the same submitter ({mine.submitter}); own work reused, not collusion.",
                    page=passages[0]["page"], severity=Severity.INFO, same_submitter=True,
                    fix="Nothing to do if reusing your own earlier work is allowed in this course.", **data,
                ))
                continue
            mine.findings.append(self.finding(
                f"{words} words ({100 * share:.0f}% of this report, {100 * other_share:.0f}% of the other) in "
                f"{len(passages)} passage(s){where} are shared with {other_path}; "
                f"the longest: “{_excerpt(longest['text'])}”.",
                **data, page=passages[0]["page"],
            ))
            mine.sections.setdefault("collusion", []).append({
                "other": other_path, "other_submitter": other.submitter, "words": words,
                "share": data["share"], "other_share": data["other_share"], "passages": passages,
            })


def _word_count(text: str) -> int:
    from ..similarity.normalize import tokenize

    return len(tokenize(text).words)


def _mostly_inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    covered = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    return covered > 0.5 * max(end - start, 1)


def _shared_passages(items, min_words: int):
    """Every pair of submissions and their shared passages, via a temporary index of the batch."""
    import tempfile

    from ..similarity import open_index

    with tempfile.TemporaryDirectory(prefix="integrity-check-batch-") as tmp:
        index = open_index(str(Path(tmp) / "batch.sqlite"), create=True)
        try:
            index.add([(str(i), d["text"], {}) for i, (_, d) in enumerate(items)])
            seen: set[tuple[int, int]] = set()
            for i, (a, da) in enumerate(items):
                # every candidate is aligned (not the corpus search's top max_candidates): with many
                # near-identical submissions each has more partners than that, and all are reported
                found = index.search(da["text"], exclude=da["exclude"], min_words=min_words,
                                     max_candidates=len(items), skip={str(i)})
                for match in found:
                    j = int(match.source)
                    pair = (min(i, j), max(i, j))
                    if j == i or pair in seen:
                        continue  # each pair once (from whichever side found it first); self-matches dropped
                    seen.add(pair)
                    for passage in match.passages:
                        yield (a, da), items[j], passage
        finally:
            index.close()


def _from_same_source(da: dict, db: dict, passage) -> bool:
    """Both copies overlap passages matched to the same corpus document for most of their length."""
    def sources(d, start, end):
        return {src for s, e, src in d["corpus"] if min(end, e) - max(start, s) > 0.5 * (end - start)}

    return bool(sources(da, passage.start, passage.end) & sources(db, passage.source_start, passage.source_end))


def _page_runs(doc) -> list[tuple[int, int, int]]:
    """(start, end, page) runs of the body text, so pages survive the trip to the batch phase."""
    runs: list[list[int]] = []
    for w in doc.body_words:
        if not w.page:
            continue
        if runs and runs[-1][2] == w.page:
            runs[-1][1] = w.end
        else:
            runs.append([w.start, w.end, w.page])
    return [tuple(r) for r in runs]


def _page_of(result, offset: int) -> int | None:
    for start, end, page in result.batch_data["_similarity"]["pages"]:
        if start <= offset <= end:
            return page
    return None
