"""FMT008 front matter, FMT009 section structure, FMT011 captions."""
from __future__ import annotations

import re

from ...findings import Severity
from ...model import BlockKind
from ..base import CheckContext, Rule
from ..examples import Bad, Good
from .measure import author_lines, format_metrics

_INLINE_ABSTRACT = re.compile(r"^abstract[.:\u2014-]", re.I)


class FrontMatter(Rule):
    """What it checks
    Page 1 opens with the title, the author block, the "Abstract" heading and
    the abstract (these two only when ``require_abstract``). The template
    sets the title in 14 pt bold, the authors in 12 pt, and the "Abstract"
    heading in 12 pt bold above a one-paragraph abstract in italics. A missing
    piece is an error; a piece in another size (beyond ``size_tolerance_pt``)
    is a warning.

    Why the course cares
    The front matter tells the reader what the report is and who wrote it; its
    template form shows the template was used.

    How to fix
    Fill in the template's front matter.
      In LaTeX: fill ``\\title{}``, ``\\author{}`` and the ``abstract``
      environment of the template and keep ``\\maketitle``.
      In Word: use the template's Title, Author and Abstract styles.
    """

    code = "FMT008"
    name = "front-matter"
    family = "format"
    severity = Severity.ERROR
    summary = "Title, authors, Abstract heading and abstract on page 1, in the template's sizes."
    params = {"require_abstract": True, "size_tolerance_pt": 0.6}
    examples = (
        Bad("Page 1 has the title and authors but no Abstract heading or abstract.",
            pdf={"abstract": False}),
        Good("Title, authors, \"Abstract\" heading and the abstract, then \"1. Introduction\".", pdf={}),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(format_metrics)
        doc = ctx.document
        first = doc.pages[0].number
        on_first = [b for b in doc.blocks if b.page == first]
        title = [b for b in on_first if b.kind == BlockKind.TITLE]
        authors = ctx.cached(author_lines)
        heading = [b for b in on_first if b.kind == BlockKind.ABSTRACT_HEADING]
        abstract = [b for b in on_first if b.kind == BlockKind.ABSTRACT]
        inline = bool(abstract) and _INLINE_ABSTRACT.match(abstract[0].lines[0].text)
        missing = []
        if not title:
            missing.append(("title", "\\title{...} and \\maketitle", "the Title style"))
        if title and not authors:
            missing.append(("author block", "\\author{...} (in review mode the template prints "
                            "\u201cAnonymous submission\u201d for you)", "the Author style"))
        if self.config["require_abstract"]:
            if not abstract:
                missing.append(("abstract", "\\begin{abstract} ... \\end{abstract} after \\maketitle",
                                "an \u201cAbstract\u201d heading and one paragraph"))
            elif not heading and not inline:
                missing.append(("\u201cAbstract\u201d heading", "the abstract environment (it prints the heading)",
                                "a centred bold \u201cAbstract\u201d heading"))
        for what, latex, word in missing:
            yield self.finding(
                f"Page 1 has no {what}.",
                page=first,
                bbox=(title[0].bbox if title else None),
                fix=f"Add the {what}: in LaTeX use {latex}; in Word use {word}.",
                missing=what,
            )
        tol = float(self.config["size_tolerance_pt"])
        for key, blocks, what in (("title_size", title, "title"), ("heading_size", heading, "\u201cAbstract\u201d heading")):
            want = ctx.venue.get(key)
            if want and blocks and abs(blocks[0].lines[0].size - float(want)) > tol:
                size = blocks[0].lines[0].size
                yield self.finding(
                    f"The {what} is set in {size:g} pt; the template uses {float(want):g} pt.",
                    page=first, bbox=blocks[0].bbox, severity=Severity.WARNING,
                    fix=f"Do not resize the {what}: in LaTeX remove \\fontsize, \\Huge or \\small around it and let the "
                    "template's \\maketitle / abstract environment set it; in Word reapply the template's style.",
                    size=size, expected=float(want),
                )


_UNNUMBERED_OK = re.compile(
    r"^(acknowledge?ments?|limitations|ethics statement|ethical considerations|broader impacts?|"
    r"impact statement|appendix|supplementary material|references|bibliography)", re.I)


class SectionStructure(Rule):
    """What it checks
    The report has numbered section headings (at least ``min_sections``) and a
    References heading. CVPR-style papers number their sections
    ("1. Introduction", "2. Related Work", ...) and close with a "References"
    section listing every cited work.

    Why the course cares
    Numbered sections let graders follow and refer to the report's parts; the
    References section holds its sources.

    How to fix
    Use real, numbered section headings and the template's bibliography.
      In LaTeX: use ``\\section{}`` (not ``\\section*{}`` or bold text) and
      ``\\bibliography{}`` with the template's style.
      In Word: use the Heading 1 style with numbering and add a "References"
      heading.
    """

    code = "FMT009"
    name = "section-structure"
    family = "format"
    severity = Severity.ERROR
    summary = "Numbered section headings and a References heading."
    params = {"min_sections": 2}
    examples = (
        Bad("The reference list under a heading \"Sources\": no References heading.",
            pdf={"references_title": "Sources"}),
        Good("\"1. Introduction\", \"2. Related Work\", ..., then \"References\".", pdf={}),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(format_metrics)
        doc = ctx.document
        headings = doc.blocks_of(BlockKind.HEADING)
        numbered = [h for h in headings if h.label and "." not in h.label]
        need = int(self.config["min_sections"])
        if len(numbered) < need:
            unnumbered = [h for h in headings if not h.label and not _UNNUMBERED_OK.match(h.text)]
            where = unnumbered[0] if unnumbered else None
            yield self.finding(
                f"Found {len(numbered)} numbered section heading(s); the template numbers its sections "
                "(\u201c1. Introduction\u201d, \u201c2. ...\u201d).",
                page=where.page if where else doc.pages[0].number,
                bbox=where.bbox if where else None,
                fix="Number the sections: in LaTeX use \\section{Introduction} rather than \\section*{} or "
                "\\textbf{}; in Word apply the numbered Heading 1 style.",
                numbered=len(numbered),
            )
        if doc.references_heading is None:
            last = doc.pages[-1]
            yield self.finding(
                "No \u201cReferences\u201d heading: the report has no reference list (or it is not headed).",
                page=last.number,
                fix="End the report with the reference list: in LaTeX add \\bibliographystyle{ieeenat_fullname} "
                "and \\bibliography{refs} (run BibTeX so no citation prints as ??); in Word add a "
                "\u201cReferences\u201d heading and the numbered list.",
            )


_FIGURE = re.compile(r"^(figure|fig\.)", re.I)
_TABLE = re.compile(r"^(table|tab\.)", re.I)


class Captions(Rule):
    """What it checks
    Captions have the template's size (within ``size_tolerance_pt``); table
    captions go above tables, figure captions below figures. CVPR captions are
    9 pt ("Figure 1. ..." under the figure, "Table 1. ..." above the table).
    A caption belongs to the float it touches in its own column (within
    ``near_pt``: LaTeX's caption skip plus the white border of an image, up to
    about 24 pt in real reports); material touching it on both sides is given
    to the caption that has no float of its own on the other side, so the
    figure below a caption, which has its own caption, is not that caption's.
    When the only float it touches is on the wrong side but other float
    material stands a little farther on the right side (within ``reach_pt``),
    the caption is paired with the nearer one only when that is clearly nearer
    (by ``pair_margin_pt``) and no other caption has it; otherwise the rule
    cannot tell which float is the caption's and says so as info.

    Why the course cares
    Readers expect the venue's conventions: a table's caption before the
    table, a figure's after it, in the template's size.

    How to fix
    Keep the template's caption settings and place each caption on the right
    side of its float.
      In LaTeX: keep the template's caption settings (no
      ``\\captionsetup{font=...}``) and put ``\\caption`` after
      ``\\includegraphics`` but before ``\\begin{tabular}``.
      In Word: use References > Insert Caption with Position "Below selected
      item" for figures and "Above selected item" for tables.
    """

    code = "FMT011"
    name = "captions"
    family = "format"
    severity = Severity.WARNING
    summary = "Caption size; table captions above tables, figure captions below figures."
    # Caption-to-float gaps measured on the 15 realworld reports and the 8 shared PDFs
    # (bench/caption_gaps.py, 120 captions with a float): the caption's own float stands
    # 3.1-24.1 pt away (median 10.7; 18.0-20.6 for images with a white border, 24.1 for one
    # ICML figure), the float on its other side, where there is one, 6.1-408 pt (median 36.5;
    # 16 of 58 between 16 and 25). No distance separates the two, so near_pt is where a
    # float surely belongs (24: LaTeX's skip plus a border, as most own floats measure),
    # reach_pt where it still may (40: the largest own-float gap measured, 24.1, plus more
    # than a line), and between them the caption goes with the nearer float only when that
    # is nearer by pair_margin_pt (12: a body line's pitch) and no other caption has it;
    # otherwise the finding is info with both distances.
    params = {"size_tolerance_pt": 0.6, "near_pt": 24.0, "reach_pt": 40.0, "pair_margin_pt": 12.0}
    examples = (
        Bad("\"Table 1. ...\" printed under its table.", pdf={"float_stack": [("table", "below")]}),
        Good("\"Table 1. ...\" above its table, \"Figure 1. ...\" below its figure.",
             pdf={"float_stack": [("table", "above"), ("figure", "below")]}),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(format_metrics)
        doc = ctx.document
        captions = doc.blocks_of(BlockKind.CAPTION)
        if not captions:
            return
        want = ctx.venue.get("caption_size")
        tol = float(self.config["size_tolerance_pt"])
        if want:
            wrong = [c for c in captions if abs(c.lines[0].size - float(want)) > tol]
            if wrong:
                c = wrong[0]
                yield self.finding(
                    f"{len(wrong)} caption(s) are set in {c.lines[0].size:g} pt; the template uses {float(want):g} pt "
                    f"(first: \u201c{c.text[:40]}\u201d).",
                    page=c.page, bbox=c.bbox,
                    fix="Keep the template's caption size: in LaTeX remove \\captionsetup{font=...} or size commands "
                    "inside \\caption; in Word apply the Caption style.",
                    size=c.lines[0].size, expected=float(want),
                )
        near = float(self.config["near_pt"])
        reach, margin = float(self.config["reach_pt"]), float(self.config["pair_margin_pt"])
        for c in captions:
            if _FIGURE.match(c.text):
                expected = ctx.venue.get("figure_caption", "any")
                kind = "figure"
            elif _TABLE.match(c.text):
                expected = ctx.venue.get("table_caption", "any")
                kind = "table"
            else:
                continue
            if expected not in ("above", "below"):
                continue
            above, below = _neighbours(doc, c, near)
            # Caption "below" the object: the object is above it, nothing directly below.
            wrong_place = (expected == "above" and above and not below) or (expected == "below" and below and not above)
            if wrong_place:
                where = "below" if expected == "above" else "above"
                doubt = _pairing_doubt(doc, c, expected, near, reach, margin)  # the float stands where the caption should
                move = "before the tabular" if expected == "above" else "after \\includegraphics"
                yield self.finding(
                    f"\u201c{c.text[:30]}\u201d sits {where} its {kind}; {kind} captions go {expected} the {kind}."
                    + (f" Reported as info: {doubt}." if doubt else ""),
                    page=c.page, bbox=c.bbox,
                    fix=f"Put the caption {expected} the {kind}: in LaTeX move \\caption{{...}} "
                    f"{move}; in Word use "
                    f"References > Insert Caption with Position \u201c{expected.capitalize()} selected item\u201d.",
                    severity=Severity.INFO if doubt else None,
                    kind=kind, expected=expected,
                )


def _neighbours(doc, caption, near: float) -> tuple[bool, bool]:
    """Is the caption's own float directly above / below it (same column)?

    A caption touches the float it belongs to. When float material touches it on
    both sides, the material on one side may be another caption's float: two
    captions with nothing but float material between them share it, and it goes to
    the caption that has no float of its own on its other side (Figure 3's caption
    under its chart, with Figure 4's chart and caption below, is below its figure).
    """
    above, below = _touching(doc, caption, near)
    if not (above and below):
        return above, below
    captions = [c for c in doc.blocks_of(BlockKind.CAPTION) if c.page == caption.page and c is not caption]
    shared_below = any(_shares_float(doc, caption, c, near) for c in captions)
    shared_above = any(_shares_float(doc, c, caption, near) for c in captions)
    if shared_below and not shared_above:
        return True, False
    if shared_above and not shared_below:
        return False, True
    return True, True


def _pairing_doubt(doc, caption, side: str, near: float, reach: float, margin: float) -> str:
    """Why the float touching *caption* on *side* ("above"/"below", the wrong side) may not be
    its own ("" when it surely is): float material stands on the other side beyond ``near``
    but within ``reach``, and the touching float is not nearer by ``margin`` or another
    caption across it may have it."""
    gap_above, gap_below = float_gaps(doc, caption)
    wrong, right = (gap_above, gap_below) if side == "above" else (gap_below, gap_above)
    if right is None or not near < right <= reach or wrong is None:
        return ""
    others = [o for o in doc.blocks_of(BlockKind.CAPTION) if o.page == caption.page and o is not caption]
    claimed = any(_shares_float(doc, o, caption, reach) if side == "above" else _shares_float(doc, caption, o, reach)
                  for o in others)
    if right - wrong >= margin and not claimed:
        return ""
    other = "below" if side == "above" else "above"
    return (f"float material stands {wrong:.0f} pt {side} it and {right:.0f} pt {other} it"
            + (", and the one " + side + " has a caption of its own" if claimed else "")
            + ", so either may be its float")


def _overlaps(a, b) -> bool:
    return not (a[2] <= b[0] or a[0] >= b[2])


def float_gaps(doc, caption) -> tuple[float | None, float | None]:
    """The gap in points from the caption up to the nearest figure or table material above it
    and down to the nearest below it, in its column (None where there is none)."""
    x0, top, x1, bottom = caption.bbox
    page = doc.pages[caption.page - 1]
    boxes = [g.bbox for g in page.graphics]
    boxes += [b.bbox for b in doc.blocks if b.kind == BlockKind.FIGURE_TEXT and b.page == caption.page]
    above = below = None
    for box in boxes:
        if not _overlaps(box, caption.bbox):
            continue
        if top - box[3] >= 0 and (above is None or top - box[3] < above):
            above = top - box[3]
        if box[1] - bottom >= 0 and (below is None or box[1] - bottom < below):
            below = box[1] - bottom
    return above, below


def _touching(doc, caption, near: float) -> tuple[bool, bool]:
    """Figure or table material within *near* points above / below the caption, in its column."""
    above, below = float_gaps(doc, caption)
    return above is not None and above <= near, below is not None and below <= near


def _shares_float(doc, upper, lower, near: float) -> bool:
    """Do two captions, *upper* above *lower* in one column, hold float material between
    them (touching both) and no text of the body?"""
    if not _overlaps(upper.bbox, lower.bbox) or lower.bbox[1] <= upper.bbox[3]:
        return False
    if not (_touching(doc, upper, near)[1] and _touching(doc, lower, near)[0]):
        return False
    band = (max(upper.bbox[0], lower.bbox[0]), upper.bbox[3], min(upper.bbox[2], lower.bbox[2]), lower.bbox[1])
    text = (BlockKind.PARAGRAPH, BlockKind.ABSTRACT, BlockKind.HEADING, BlockKind.REFERENCES_HEADING)
    return not any(
        ln.top >= band[1] and ln.bottom <= band[3] and _overlaps(ln.bbox, band)
        for b in doc.blocks if b.kind in text for ln in b.lines
        if ln.page == upper.page
    )
