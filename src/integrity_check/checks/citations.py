"""CIT001 unresolved citation, CIT002 uncited entry, CIT003 no reference list, CIT004 order.

Citations are found in the body text and in captions, tables, figures and
footnotes (:mod:`integrity_check.text.citations`), entries in the reference
list the document model split (:mod:`integrity_check.text.references`).  A numeric citation resolves to the
entry with its number; an author-year citation to an entry whose first author
and year match.  The shared resolution (:func:`resolution`) also feeds the
``citations``/``references`` metrics and JSON sections.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..findings import Severity
from ..text import analysis as A
from ..text.citations import ET_AL, Citation, source_links
from ..text.references import Reference, match_rank, numbering
from .base import CheckContext, Rule, short_list
from .examples import Bad, Good
from .quotations import publish as publish_quotations, snippet


@dataclass
class Resolution:
    citations: list[Citation]
    references: list[Reference]
    unresolved: list[tuple[Citation, str]] = field(default_factory=list)  # (citation, key)
    cited: set[int] = field(default_factory=set)  # indexes of cited entries
    has_list: bool = False


def _resolve_key(key: str, refs: list[Reference], by_number: dict[int, int]) -> int | None:
    if key == "?":
        return None
    if key.isdigit():
        return by_number.get(int(key))
    surname, _, year = key.partition(":")
    best, best_rank = None, 0
    for r in refs:
        rank = match_rank(r, surname, year)
        if rank > best_rank:
            best, best_rank = r.index, rank
    return best


def resolution(ctx: CheckContext) -> Resolution:
    def build() -> Resolution:
        cites = A.citations(ctx) + A.float_citations(ctx)
        refs = A.references(ctx)
        res = Resolution(cites, refs, has_list=A.has_reference_section(ctx) or bool(refs))
        by_number = {r.number: r.index for r in refs if r.number is not None}
        for c in cites:
            for key in c.keys:
                hit = _resolve_key(key, refs, by_number)
                if hit is None:
                    res.unresolved.append((c, key))
                else:
                    res.cited.add(hit)
        return res

    return ctx.memo("citations.resolution", build)


def publish(ctx: CheckContext) -> None:
    """Metrics and the ``citations``/``references`` sections; rules call it as ``ctx.cached(publish)``."""
    res = resolution(ctx)
    bad = {id(c) for c, _ in res.unresolved}
    ctx.metrics.update(
        citations=len(res.citations),
        unresolved_citations=len({id(c) for c, k in res.unresolved if k == "?"}),
        references=len(res.references),
        cited_references=len(res.cited),
    )
    ctx.sections["citations"] = [
        {"text": c.text, "kind": c.kind, "keys": c.keys, "page": locate(ctx, c)[0], "where": c.where,
         "start": c.start if c.where == "body" else None, "end": c.end if c.where == "body" else None,
         "resolved": id(c) not in bad}
        for c in res.citations
    ]
    ctx.sections["references"] = [
        {"label": r.label, "first_author": r.first_author, "year": r.year, "page": r.page,
         "cited": r.index in res.cited, "text": r.text}
        for r in res.references
    ]


def locate(ctx: CheckContext, c: Citation):
    """(page, box) of a citation: body citations by their offsets, the others by their block's page."""
    if c.where != "body":
        return c.page, None
    return ctx.document.locate(c.start, c.end)


def _pages(ctx: CheckContext, cites: list[Citation]) -> list[int]:
    return sorted({p for c in cites if (p := locate(ctx, c)[0])})


class UnresolvedCitation(Rule):
    """What it checks
    Every in-text citation points to an entry of the reference list. Citations
    are read in the body, captions, tables, figures and footnotes. Numeric
    citations ([3], [1, 4], [2-5]; "(3)" when the list is numbered "(3)") need
    entries with those numbers; author-year citations ((Smith, 2020), Smith et
    al. (2020), (De la Peña Sarracén & Rosso, 2023)) need an entry with that
    first author and year. "[?]" and "??" are citations LaTeX could not
    resolve: the key is misspelt, missing from the .bib file, or BibTeX/LaTeX
    was not re-run. Without any reference list only "[?]"/"??" are reported
    here; CIT003 reports the missing list.
    Not citations: cross-references (Equation [5], Eq. (3), Fig. [2]), tensor
    shapes and intervals ([2, 4, 240, 240], [0, 1], a number repeated or far
    beyond the list; "k in [2, 8]", a variable's range, unless every number is
    an entry's; [0.5, 2], [-1, 1], [0, 1)), a model or product name with a year
    ("LIU-Net (2021)").
    When a form could be either (a single name with a year in a report whose
    list is numbered, "(ICCV, 2019)", a bracket found only inside a table or
    figure, "(7)" in a list numbered "(1)", which may be an equation number or
    a list item, a bracket of numbers in a report that cites by author and
    year from an unnumbered list), an unmatched one is reported as info with
    that reason.

    Why the course cares
    A citation the reader cannot follow to its source attributes nothing.

    How to fix
    Fix the citation key or add the missing entry, then rebuild.
      In LaTeX: check the \\cite keys against the .bib file and run pdflatex,
      bibtex, pdflatex, pdflatex.
      In Word: insert citations with References > Insert Citation and update
      the bibliography (Update Citations and Bibliography).
    """

    code = "CIT001"
    name = "unresolved-citation"
    family = "citation"
    severity = Severity.ERROR
    summary = "Each citation matches a reference entry; no [?] or ??."
    fix = "Fix the citation key or add the entry to the reference list, then rebuild (LaTeX: pdflatex, bibtex, pdflatex x2)."
    examples = (
        Bad("LaTeX printed [?]: the citation key is undefined.",
            text="Glare is the main cause of errors at night, as shown in [?]. We study it on our own "
                 "night split.\n\n"
                 "References\n[1] J. Lee. Driving at night. In Venue, 2021."),
        Bad("Citation [3] when the list has only two entries.",
            text="Glare is the main cause of errors at night [1, 3]. Rain makes it worse [2].\n\n"
                 "References\n[1] J. Lee. Driving at night. In Venue, 2021.\n"
                 "[2] K. Moss. Wet roads. In Venue, 2020."),
        Good("Every citation has its entry in the References.",
             text="Glare is the main cause of errors at night [1]. Rain makes it worse [2].\n\n"
                  "References\n[1] J. Lee. Driving at night. In Venue, 2021.\n"
                  "[2] K. Moss. Wet roads. In Venue, 2020."),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(publish)
        res = resolution(ctx)
        unresolved = [c for c, k in res.unresolved if k == "?"]
        # "[?]"/"??": one finding per page.
        by_page: dict[int | None, list[Citation]] = {}
        for c in unresolved:
            by_page.setdefault(locate(ctx, c)[0], []).append(c)
        for page, cites in sorted(by_page.items(), key=lambda kv: kv[0] or 0):
            forms = sorted({c.text.replace(" ", "") for c in cites})
            _, bbox = locate(ctx, cites[0])
            where = f"on page {page}" if page else "in the text"
            yield self.finding(
                f"{len(cites)} unresolved citation(s) {where} ({', '.join(forms)}): LaTeX printed question "
                "marks because the citation or reference key is undefined.",
                page=page,
                bbox=bbox,
                fix="Check each \\cite/\\ref key against your .bib file and labels, then rebuild "
                "(pdflatex, bibtex, pdflatex, pdflatex) until no '?' remains.",
                count=len(cites),
            )
        if not res.has_list:
            return
        missing: dict[str, list[Citation]] = {}
        for c, key in res.unresolved:
            if key != "?":
                missing.setdefault(key, []).append(c)
        numbered = bool(numbering(res.references))
        unmatched = {id(c) for c, _ in res.unresolved}
        by_name = not numbered and any(c.kind == "author-year" and id(c) not in unmatched for c in res.citations)
        for key, cites in missing.items():
            pages = _pages(ctx, cites)
            page, bbox = locate(ctx, cites[0])
            shown = f"[{key}]" if key.isdigit() else cites[0].text
            what = f"entry [{key}]" if key.isdigit() else f"entry by {key.split(':')[0].title()} ({key.split(':')[1]})"
            doubt = _doubt(cites, numbered, by_name)
            yield self.finding(
                f"Citation {shown} (page(s) {', '.join(map(str, pages)) or '-'}) has no matching {what} "
                "in the reference list." + (f" Reported as info: {doubt}." if doubt else ""),
                page=page,
                bbox=bbox,
                fix=f"Add the cited source to the References as {what}, or correct the citation.",
                severity=Severity.INFO if doubt else None,
                key=key,
            )


def _doubt(cites: list[Citation], numbered: bool, by_name: bool = False) -> str:
    """Why an unmatched form may not be a citation at all ("" when it surely is).

    ``by_name``: the report cites by author and year (one such citation matches) and its list
    is not numbered, so nothing it cites is found by number.
    """
    if all(c.where == "table" for c in cites):
        return "it stands only inside a table or figure, where it may be a label or a value"
    if all(c.kind == "numeric" and c.text.startswith("(") for c in cites):
        return "a number in parentheses may be an equation number or a list item rather than a citation"
    if by_name and all(c.kind == "numeric" for c in cites):
        return ("the report cites by author and year and its reference list is not numbered, so a bracket "
                "of numbers may be a value, an interval or a list rather than a citation")
    if all(c.kind != "author-year" for c in cites):
        return ""
    if all(c.weak for c in cites):
        return "it may be a name with a year (an organisation, venue or product) rather than a citation"
    if numbered and all(c.text[:1] not in "([" and " and " not in c.text and "&" not in c.text
                        and not re.search(ET_AL, c.text) for c in cites):
        return ("the reference list is numbered, so this name with a year may name a method or product "
                "rather than cite a source")
    return ""


NONE_CITED_MIN = 3  # entries: when none of at least this many is cited, one finding says so, not one per entry


class UncitedReference(Rule):
    """What it checks
    Every entry of the reference list is cited in the text. Citations count
    wherever they stand: body text, captions, tables and figures, footnotes.
    Numbered entries are cited by number (ranges such as [2-5] count for each
    number); author-year entries by first author and year (particles and
    compound surnames such as "De la Peña Sarracén", corporate authors, "Jr.",
    a web source's access date for its year, the typo "at al."). Unnumbered
    entries without a year (usually a fragment of the previous entry) are
    skipped. When not one of three or more entries is cited, one finding says
    so (the report may cite in a form the checker cannot read, such as
    superscript numbers), not one per entry.

    Why the course cares
    An entry nobody cites pads the bibliography and hides what the report
    really builds on.

    How to fix
    Cite the entry where you use the work, or delete it.
      In LaTeX: add \\cite{key} where the work is used, or drop the entry (and
      any \\nocite) so BibTeX leaves it out.
      In Word: insert the citation with References > Insert Citation, or delete
      the entry from the list.
    """

    code = "CIT002"
    name = "uncited-reference"
    family = "citation"
    severity = Severity.WARNING
    summary = "Each reference entry is cited in the text."
    fix = "Cite the entry where the report uses that work, or remove it from the list."
    examples = (
        Bad("The References list three entries, but the text cites only [1] and [2].",
            text="Glare is the main cause of errors at night [1]. Rain makes it worse [2].\n\n"
                 "References\n[1] J. Lee. Driving at night. In Venue, 2021.\n"
                 "[2] K. Moss. Wet roads. In Venue, 2020.\n[3] L. Nash. Road paint. In Venue, 2017."),
        Good("Every entry is cited where the report uses it.",
             text="Glare is the main cause of errors at night [1]. Rain makes it worse [2], and so does "
                  "worn paint [3].\n\n"
                  "References\n[1] J. Lee. Driving at night. In Venue, 2021.\n"
                  "[2] K. Moss. Wet roads. In Venue, 2020.\n[3] L. Nash. Road paint. In Venue, 2017."),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(publish)
        res = resolution(ctx)
        doc = ctx.document
        blocks = doc.references
        citable = [r for r in res.references if r.number is not None or r.year]
        if len(citable) >= NONE_CITED_MIN and not res.cited:
            # Not one entry cited: one cause (no citation the checker can read), one finding.
            first = citable[0]
            block = blocks[first.index] if first.index < len(blocks) and doc.kind == "pdf" else None
            yield self.finding(
                f"None of the {len(citable)} reference entries is cited: the text has no citation that points to "
                "one. If the report cites them in a form the checker cannot read (superscript numbers, footnotes), "
                "this finding is the reason, not the entries.",
                page=first.page,
                bbox=block.bbox if block is not None and block.lines else None,
                fix="Cite each entry where you use that work ([4], (Smith, 2020) or Smith et al. (2020)), or remove "
                "the entries you do not use.",
                uncited=len(citable),
            )
            return
        for r in res.references:
            if r.index in res.cited or (r.number is None and not r.year):
                continue  # cited, or a fragment that cannot be cited by number or year
            block = blocks[r.index] if r.index < len(blocks) and doc.kind == "pdf" else None
            name = r.label or (f"{r.first_author.title()} ({r.year})" if r.first_author else "an entry")
            yield self.finding(
                f"Reference {name} on page {r.page or '-'} is never cited: “{snippet(r.text)}”.",
                page=r.page,
                bbox=block.bbox if block is not None and block.lines else None,
                fix=f"Cite {name} in the text where you use that work, or remove the entry.",
                label=r.label,
            )


class MissingReferenceList(Rule):
    """What it checks
    A report that relies on sources ends with a reference list, found by its
    heading ("References", "Bibliography"). A report relies on sources when it
    cites ([3], (Smith, 2020), Smith et al. (2020), [?]), quotes, or links to
    sources: hyperlinks and printed URLs (links to code hosting such as GitHub
    do not count, as they are often the report's own code). With links only,
    the finding is an error when one goes to a paper (arXiv, DOI, ACM, IEEE,
    CVF...) and a warning otherwise, since a link may point at a tool rather
    than a source.

    Why the course cares
    Without the list no citation can be checked and the sources of the
    quotations are unknown.

    How to fix
    Add a "References" section after the conclusion listing every cited source.
      In LaTeX: \\bibliographystyle{...} and \\bibliography{...} with the venue's
      style, then run bibtex.
      In Word: References > Bibliography > Insert Bibliography, under a
      "References" heading.
    """

    code = "CIT003"
    name = "missing-reference-list"
    family = "citation"
    severity = Severity.ERROR
    summary = "A reference list exists when the text cites or quotes."
    fix = "Add a References section at the end listing every cited source."
    examples = (
        Bad("A report citing [1] and [2] that ends with its conclusion, no reference list.",
            text="Glare is the main cause of errors at night [1]. Rain makes it worse [2]. We conclude "
                 "that a short memory of earlier frames helps."),
        Good("The same report followed by a References section listing [1] and [2].",
             text="Glare is the main cause of errors at night [1]. Rain makes it worse [2]. We conclude "
                  "that a short memory of earlier frames helps.\n\n"
                  "References\n[1] J. Lee. Driving at night. In Venue, 2021.\n"
                  "[2] K. Moss. Wet roads. In Venue, 2020."),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(publish)
        ctx.cached(publish_quotations)
        res = resolution(ctx)
        if res.references:
            return
        quotes = [q for q in A.quotations(ctx) if q.words >= 4]
        links = source_links(ctx.document) if ctx.document.kind == "pdf" else []
        if not res.citations and not quotes and not links:
            return
        heading = ctx.document.references_heading
        what = []
        if res.citations:
            forms = list(dict.fromkeys(c.text.replace(" ", "") for c in res.citations))[:4]
            what.append(f"{len(res.citations)} citation(s) such as {', '.join(forms)}")
        if quotes:
            what.append(f"{len(quotes)} quotation(s)")
        if links:
            shown = ", ".join(snippet(link.url, 60) for link in links[:2])
            what.append(f"{len(links)} link(s) to sources such as {shown}")
        # Links alone may point at tools rather than sources: sure only for a paper.
        doubt = not res.citations and not quotes and not any(link.paper for link in links)
        severity = min(self.active_severity, Severity.WARNING) if doubt else None
        if heading is not None:
            yield self.finding(
                f"The References heading on page {heading.page} has no entries, but the text has {' and '.join(what)}.",
                page=heading.page,
                bbox=heading.bbox,
                fix="List every cited source under References (LaTeX: check that \\bibliography{...} points to "
                "your .bib file and that bibtex ran).",
                severity=severity,
            )
            return
        if res.citations:
            page, bbox = locate(ctx, res.citations[0])
        elif quotes:
            page, bbox = quotes[0].page, None
        else:
            page, bbox = links[0].page, links[0].bbox
        yield self.finding(
            f"No reference list found, but the text has {' and '.join(what)}."
            + (" Reported as a warning: links may point at tools rather than sources." if doubt else ""),
            page=page,
            bbox=bbox,
            fix="Add a References section after the conclusion listing every source you cite, quote or link to "
            "(LaTeX: \\bibliographystyle{...} and \\bibliography{...}, then run bibtex).",
            severity=severity,
        )


class CitationOrder(Rule):
    """What it checks
    Numeric references follow the order the style requires, set by ``order``:
    ``"alphabetical"`` (CVPR/ICCV: the list sorted by first author's surname;
    any key a BibTeX style may sort by is accepted: the surname, the name with
    its particles, either with punctuation removed as BibTeX does, so "D.Maio"
    after "Debiasi" is in order), ``"citation"`` (IEEE: numbered in order of
    first citation) or ``"none"``. Also checked: a citation of several numbers
    lists them in ascending order ([1, 2, 4], not [2, 1, 4]), and entries are
    numbered 1, 2, 3... without gaps.

    Why the course cares
    Readers find a source by its number; a list in the wrong order or with
    gaps means it was not made with the venue's style.

    How to fix
    Let BibTeX number the list with the venue's style and sort multiple
    citations.
      In LaTeX: \\bibliographystyle{ieeenat_fullname} (CVPR) and
      \\usepackage{cite} to sort numbers within one citation.
      In Word: References > Style set to the venue's style (IEEE for order of
      citation), then Update Citations and Bibliography.
    """

    code = "CIT004"
    name = "citation-order"
    family = "citation"
    severity = Severity.INFO
    summary = "Numeric references are ordered as the style requires."
    fix = "Use the venue's bibliography style so that BibTeX orders and numbers the list."
    params = {"order": "alphabetical"}
    ranges = {"order": ("alphabetical", "citation", "none", "any")}  # "none"/"any": only the numbering is checked
    examples = (
        Bad("[1] Zhang ..., [2] Adams ... in a CVPR report (the list must be alphabetical).",
            text="Glare hides the paint [1]. Rain makes it worse [2].\n\n"
                 "References\n[1] W. Zhang. Driving at night. In Venue, 2021.\n"
                 "[2] P. Adams. Wet roads. In Venue, 2020."),
        Bad("One citation lists its numbers out of order: [2, 1].",
            text="Glare and rain hide the paint [2, 1].\n\n"
                 "References\n[1] P. Adams. Wet roads. In Venue, 2020.\n"
                 "[2] W. Zhang. Driving at night. In Venue, 2021."),
        Bad("In an IEEE pack (order = \"citation\"): [2] is cited before [1].",
            text="Rain makes the paint hard to see [2], and glare hides it [1].\n\n"
                 "References\n[1] P. Adams. Wet roads. In Venue, 2020.\n"
                 "[2] W. Zhang. Driving at night. In Venue, 2021.",
            params={"order": "citation"}),
        Good("[1] Adams ..., [2] Zhang ..., and the citation written [1, 2].",
             text="Glare and rain hide the paint [1, 2].\n\n"
                  "References\n[1] P. Adams. Wet roads. In Venue, 2020.\n"
                  "[2] W. Zhang. Driving at night. In Venue, 2021."),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(publish)
        res = resolution(ctx)
        doc = ctx.document
        for c in res.citations:
            if c.kind == "numeric" and len(c.keys) > 1 and [int(k) for k in c.keys] != sorted(int(k) for k in c.keys):
                page, bbox = locate(ctx, c)
                ordered = ", ".join(str(k) for k in sorted({int(k) for k in c.keys}))
                yield self.finding(
                    f"Citation {c.text} on page {page or '-'} lists its numbers out of order; write [{ordered}].",
                    page=page, bbox=bbox,
                    fix="Sort the numbers (LaTeX: \\usepackage{cite} sorts them for you).",
                )
        numbered = [r for r in res.references if r.number is not None]
        if len(numbered) < 2:
            return
        numbers = [r.number for r in numbered]
        if numbers != list(range(1, len(numbers) + 1)):
            yield self.finding(
                f"Reference entries are numbered {short_list(numbers)}, not 1 to {len(numbers)} in sequence.",
                page=numbered[0].page,
                fix="Let BibTeX number the list; do not number entries by hand.",
            )
        order = str(self.config["order"]).lower()
        if order == "alphabetical":
            bad = [(a, b) for a, b in zip(numbered, numbered[1:]) if not _alpha_ok(a, b)]
            if bad:
                a, b = bad[0]
                yield self.finding(
                    f"The reference list is not alphabetical by first author: {a.label} ({a.first_author.title()}) "
                    f"comes before {b.label} ({b.first_author.title()})"
                    + (f", and {len(bad) - 1} more place(s)." if len(bad) > 1 else "."),
                    page=b.page,
                    fix="Use the venue's style (CVPR: \\bibliographystyle{ieeenat_fullname}), which sorts the list.",
                )
        elif order == "citation":
            first: dict[int, int] = {}
            for c in res.citations:
                if c.kind == "numeric" and c.where == "body":
                    for k in c.keys:
                        first.setdefault(int(k), c.start)
            seq = [n for n in sorted(first, key=first.get) if n in set(numbers)]
            expected = sorted(seq)
            if seq != expected:
                k = next(i for i, (x, y) in enumerate(zip(seq, expected)) if x != y)
                yield self.finding(
                    f"References are not numbered in order of first citation: [{seq[k]}] is cited before [{expected[k]}].",
                    page=doc.locate(first[seq[k]], first[seq[k]] + 1)[0],
                    fix="Use a citation-order style (e.g. IEEEtran / unsrt) so that BibTeX numbers by first use.",
                )


def _alpha_keys(r: Reference) -> set[str]:
    """The keys a bibliography style may sort this entry by: the surname, the
    name with its particles ("van der berg"), and both as BibTeX's purify$
    leaves them (letters and digits only: "D.Maio" sorts as "dmaio")."""
    keys = {r.first_author}
    if r.author_head:
        keys.add(r.author_head.split()[0])
        keys.add(r.author_head)
    keys |= {re.sub(r"[^a-z0-9]", "", k) for k in keys}
    return {k for k in keys if k}


def _alpha_ok(a: Reference, b: Reference) -> bool:
    ka, kb = _alpha_keys(a), _alpha_keys(b)
    if not ka or not kb:
        return True
    return any(x <= y for x in ka for y in kb)
