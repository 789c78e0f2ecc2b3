"""FMT001 paper size and FMT002 page limit, and the content-page count they share."""
from __future__ import annotations

import re

from ...findings import Severity
from ...model import BlockKind, Document
from ..base import CheckContext, Rule
from ..examples import Bad, Good
from .measure import PAPER_TOLERANCE, wrong_paper

KNOWN_PAPERS = {
    "US Letter": (612.0, 792.0),
    "A4": (595.28, 841.89),
    "US Legal": (612.0, 1008.0),
    "A5": (419.53, 595.28),
    "B5": (498.9, 708.66),
}
_NUMBER_PREFIX = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.)\s*")


def paper_name(size: tuple[float, float], tolerance: float = 2.0) -> str:
    w, h = size
    for name, (pw, ph) in KNOWN_PAPERS.items():
        if abs(w - pw) <= tolerance and abs(h - ph) <= tolerance:
            return name
        if abs(w - ph) <= tolerance and abs(h - pw) <= tolerance:
            return f"{name} landscape"
    return f"{w / 72:.2f} x {h / 72:.2f} in"


def counted_content(ctx: CheckContext):
    """The last block that counts toward the page limit, or None.

    Counted: everything except page furniture, the reference list and the
    venue's uncounted sections (``venue.uncounted_sections``, e.g. ACL's
    Limitations), each running from its heading to the next heading. A float
    that LaTeX placed after the References heading on the heading's page (a
    captioned table at the top of the next column) is content; one pushed to a
    later page among the remaining entries is left out, as a reader judges it.
    """
    doc: Document = ctx.document
    uncounted = {s.lower() for s in ctx.venue.get("uncounted_sections", ["References"])}
    heading = doc.references_heading
    last = None
    skipping = False
    for block in doc.blocks:
        if block.kind in (BlockKind.HEADING, BlockKind.REFERENCES_HEADING):
            title = _NUMBER_PREFIX.sub("", block.text).strip().rstrip(".").lower()
            skipping = block.kind == BlockKind.REFERENCES_HEADING or title in uncounted
        float_by_references = (
            block.kind == BlockKind.CAPTION and heading is not None and block.page == heading.page
            and doc.blocks.index(block) > doc.blocks.index(heading)
        )
        if (block.kind == BlockKind.REFERENCE or skipping) and not float_by_references:
            continue
        if last is None or (block.lines[-1].page, block.lines[-1].top) >= (last.lines[-1].page, last.lines[-1].top):
            last = block
    return last


def section_after_references(ctx: CheckContext):
    """The first heading after the reference list when the last counted block follows it
    (an appendix after the references counts toward the limit), else None."""
    last = ctx.cached(counted_content)
    after, heading = False, None
    for block in ctx.document.blocks:
        if block is last:
            return heading if after else None
        if block.kind == BlockKind.REFERENCES_HEADING:
            after, heading = True, None
        elif block.kind == BlockKind.HEADING and after and heading is None:
            heading = block
    return None


def content_pages(ctx: CheckContext) -> int:
    last = ctx.cached(counted_content)
    return last.lines[-1].page if last is not None and last.lines else 0


class PaperSize(Rule):
    """What it checks
    Every page has the venue's paper size, within ``tolerance_pt``. CVPR and
    ICCV use US Letter (8.5 x 11 in, 612 x 792 pt); ACL uses A4.

    Why the course cares
    A report exported on another paper size changes every margin and the page
    count, so it is not judged on the same terms as the others.

    How to fix
    Export on the venue's paper size.
      In LaTeX: keep the template's ``letterpaper`` option and do not load
      ``geometry`` with another size.
      In Word: Layout > Size > Letter.
    """

    code = "FMT001"
    name = "paper-size"
    family = "format"
    severity = Severity.ERROR
    summary = "Pages have the venue's paper size."
    params = {"tolerance_pt": PAPER_TOLERANCE}
    examples = (
        Bad("A CVPR report exported on A4 (595 x 842 pt).", pdf={"paper": (595.28, 841.89)}),
        Good("The same report on US Letter (612 x 792 pt), the template's paper.", pdf={}),
    )

    def check(self, ctx: CheckContext):
        expected = ctx.venue.get("paper")
        if not expected:
            return
        want = (float(expected[0]), float(expected[1]))
        wrong = wrong_paper(ctx, float(self.config["tolerance_pt"]))
        if not wrong:
            return
        want_name = ctx.venue.get("paper_name") or paper_name(want)
        sizes = sorted({(round(p.width, 1), round(p.height, 1)) for p in wrong})
        got = ", ".join(f"{paper_name(s)} ({s[0]:g} x {s[1]:g} pt)" for s in sizes)
        pages = [p.number for p in wrong]
        where = "every page" if len(pages) == len(ctx.document.pages) else "page(s) " + ", ".join(map(str, pages))
        yield self.finding(
            f"Paper size is {got} on {where}; {ctx.venue.get('name', 'the venue')} requires {want_name} "
            f"({want[0]:g} x {want[1]:g} pt).",
            page=pages[0],
            fix=f"Set the paper size to {want_name}: in LaTeX keep the template's paper option "
            "(no geometry package with another size); in Word use Layout > Size.",
            pages=pages,
        )


class PageLimit(Rule):
    """What it checks
    Content fits the page limit (``max_pages``); references do not count.
    Content pages run up to the last line of content before the References
    heading (and outside the venue's uncounted sections); pages that hold only
    references are free. Four lines spilling onto page 5 make five content
    pages.

    Why the course cares
    The page limit is part of the assignment; every report gets the same space.

    How to fix
    Shorten text, shrink figures, or move material to an appendix the venue
    allows, without touching the template's margins or font sizes.
      In LaTeX: tighten the text and figures (``width=0.8\\linewidth``); do not
      change ``\\baselinestretch``, margins or ``\\vspace`` the template sets.
      In Word: tighten the text and figures; do not change the template's
      margins, spacing or font sizes.
    """

    code = "FMT002"
    name = "page-limit"
    family = "format"
    severity = Severity.ERROR
    summary = "Content fits the page limit (references excluded)."
    params = {"max_pages": 8}
    ranges = {"max_pages": (1, None)}
    examples = (
        Bad("The course's 4-page limit: the text runs 3 lines onto page 5 before References.",
            pdf={"pages_of_content": 4, "extra_content_lines_on_next_page": 3}),
        Good("The text ends on page 3, References on page 4 (the reference list is free).", pdf={}),
    )

    def check(self, ctx: CheckContext):
        limit = int(self.config["max_pages"])
        pages = ctx.cached(content_pages)
        if pages <= limit:
            return
        doc = ctx.document
        over = [
            ln for b in doc.blocks if b.kind not in (BlockKind.REFERENCE, BlockKind.REFERENCES_HEADING)
            for ln in b.lines if ln.page > limit
        ]
        last = ctx.cached(counted_content)
        line = last.lines[-1]
        spill = [ln for ln in over if ln.page <= pages]
        amount = f"{len(spill)} line(s)" if len(spill) < 60 else f"{pages - limit} page(s)"
        appendix = ctx.cached(section_after_references)
        counted = (
            f" The {_section_name(appendix)} after the references counts: it starts on page {appendix.page}."
            if appendix is not None else ""
        )
        yield self.finding(
            f"Content runs to page {pages}; the limit is {limit} pages (references excluded): "
            f"{amount} past page {limit}.{counted}",
            page=line.page,
            bbox=line.bbox,
            fix=f"Cut about {amount} so the text before References ends on page {limit}: shorten prose, "
            "shrink or merge figures and tables; do not change margins or font sizes.",
            content_pages=pages,
            limit=limit,
        )


def _section_name(heading) -> str:
    title = heading.text[len(heading.label):].lstrip(". ") if heading.label else heading.text
    title = title.strip().rstrip(".")
    return "appendix" if title.lower() in ("appendix", "appendices") else f"section \u201c{title[:40]}\u201d"
