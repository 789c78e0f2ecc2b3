"""What the format rules measure once per document: columns, text block, ink, mode.

Everything is read from the document model; the venue's numbers come from the
pack's ``[venue]`` table, so no venue needs Python of its own.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ...findings import BBox
from ...model import Block, BlockKind, Box, Furniture, Line
from ..base import CheckContext

DESCENT = 0.22  # of the font size: a Times descender below the baseline
SIZE_TOLERANCE = 0.35  # PDF sizes of one LaTeX size differ by rounding only (9.96 vs 10.0)


def prose_lines(ctx: CheckContext) -> list[Line]:
    """Body-size lines of body blocks with a few words: the lines that show the column grid."""
    doc = ctx.document
    return [
        ln for b in doc.blocks if b.kind.is_body for ln in b.lines
        if abs(ln.size - doc.body_size) <= SIZE_TOLERANCE and len(ln.words) >= 4
    ]


def _mode(values: list[float], step: float = 0.5) -> float | None:
    if not values:
        return None
    counts = Counter(round(v / step) * step for v in values)
    return counts.most_common(1)[0][0]


@dataclass
class Grid:
    """The measured column grid of the body text."""

    columns: int = 0  # 0 when there is too little prose to tell
    edges: list[tuple[float, float]] = field(default_factory=list)  # per column: left, right

    @property
    def left(self) -> float | None:
        return self.edges[0][0] if self.edges else None

    @property
    def column_width(self) -> float | None:
        return self.edges[0][1] - self.edges[0][0] if self.edges else None

    @property
    def gap(self) -> float | None:
        return self.edges[1][0] - self.edges[0][1] if len(self.edges) > 1 else None


def grid(ctx: CheckContext) -> Grid:
    lines = prose_lines(ctx)
    if len(lines) < 8:
        return Grid()
    by_col: dict[int, list[Line]] = {}
    for ln in lines:
        by_col.setdefault(ln.column, []).append(ln)
    two = len(by_col.get(0, [])) + len(by_col.get(1, []))
    if by_col.get(1) and by_col.get(0) and two >= 0.5 * len(lines):
        cols = [by_col[0], by_col[1]]
    else:
        cols = [lines]
    edges = []
    for col in cols:
        # Justified text: most lines start and end on the column's edges.
        edges.append((_mode([ln.x0 for ln in col]), _mode([ln.x1 for ln in col])))
    return Grid(len(cols), edges)


PAPER_TOLERANCE = 2.0  # pt: PDF exporters round the paper size, nothing more
GRID_TOLERANCE = 3.0  # pt: measured column edges of justified text vary by about a point


def wrong_paper(ctx: CheckContext, tolerance: float = PAPER_TOLERANCE) -> list:
    """Pages whose size is not the venue's paper (empty when the pack names none)."""
    expected = ctx.venue.get("paper")
    if not expected:
        return []
    want = (float(expected[0]), float(expected[1]))
    # A page turned to landscape (a wide table) is still the venue's paper.
    return [p for p in ctx.document.pages
            if all(abs(a - want[0]) > tolerance or abs(b - want[1]) > tolerance
                   for a, b in ((p.width, p.height), (p.height, p.width)))]


# A "one column" at most this many times the venue's column width is as narrow as one of its
# columns (LNCS's true single column is 1.46 times CVPR's, 346 pt against 236.25 pt).
NARROW_ONE_COLUMN = 1.25


def columns_unclear(ctx: CheckContext) -> bool:
    """The body reads as one column, but its lines are as narrow as one of the venue's
    columns: too little two-column text to tell, never to be called one column."""
    want, width = ctx.venue.get("columns"), ctx.venue.get("column_width")
    g = ctx.cached(grid)
    return bool(want and width and int(want) > 1 and g.columns == 1
                and g.column_width < NARROW_ONE_COLUMN * float(width))


def grid_differences(ctx: CheckContext, tolerance: float = GRID_TOLERANCE) -> tuple[bool, list[str]]:
    """(wrong column count, [width and gap differences]) of the body text from the venue's grid."""
    want = ctx.venue.get("columns")
    g = ctx.cached(grid)
    if not want or not g.columns:
        return False, []
    if g.columns != int(want):
        return True, []
    problems = []
    width, gap = ctx.venue.get("column_width"), ctx.venue.get("column_gap")
    if width and abs(g.column_width - float(width)) > tolerance:
        problems.append(f"columns are {g.column_width:.1f} pt wide instead of {float(width):g} pt")
    if gap and g.gap is not None and abs(g.gap - float(gap)) > tolerance:
        problems.append(f"the gap between them is {g.gap:.1f} pt instead of {float(gap):g} pt")
    return False, problems


def other_template(ctx: CheckContext) -> str | None:
    """Why the report is set in another template than the venue's (what FMT001 and FMT003
    report), or None: then every page's margins differ for one cause."""
    from .pages import paper_name  # pages builds on this module

    reasons = []
    pages = wrong_paper(ctx)
    if pages:
        reasons.append(f"{paper_name((pages[0].width, pages[0].height))} paper")
    count, problems = grid_differences(ctx)
    if count and not columns_unclear(ctx):
        columns = ctx.cached(grid).columns
        reasons.append("one column" if columns == 1 else f"{columns} columns")
    elif problems:
        reasons.append(f"a column grid of {ctx.cached(grid).column_width:.1f} pt")
    return " and ".join(reasons) or None


class TextBlock(Box):
    """The venue's text block on the page."""


def text_block(ctx: CheckContext) -> TextBlock | None:
    """The venue's text block on this paper, or None when the pack gives none.

    ``text_left`` may list several left edges (CVPR kits up to 2024: 50.1, from
    2025: 58.5); the one nearest the measured left edge is used. Without
    ``text_left`` / ``text_top`` (or with "centre") the block is centred on the page.
    """
    venue = ctx.venue
    size = venue.get("text_block")
    if not size:
        return None
    width, height = float(size[0]), float(size[1])
    page = ctx.document.pages[0]
    lefts = venue.get("text_left")
    if lefts is None or isinstance(lefts, str) or lefts == []:  # "centre"
        left = (page.width - width) / 2
    else:
        lefts = [float(v) for v in (lefts if isinstance(lefts, list) else [lefts])]
        measured = ctx.cached(grid).left
        left = min(lefts, key=lambda v: abs(v - measured)) if measured is not None else lefts[-1]
    top = venue.get("text_top")
    top = (page.height - height) / 2 if top is None or isinstance(top, str) else float(top)
    return TextBlock(left, top, left + width, top + height)


def page_blocks(block: TextBlock, page, first) -> list[TextBlock]:
    """The text block(s) a page is measured against: the venue's block, or on a page turned
    the other way than the first (a landscape table page), that block turned with the page,
    either way (pdflscape turns it one way, a scanner or viewer the other)."""
    if (page.width > page.height) == (first.width > first.height):
        return [block]
    w, h = first.width, first.height  # the sheet as the block is given for it
    return [TextBlock(h - block.bottom, block.x0, h - block.top, block.x1),
            TextBlock(block.top, w - block.x1, block.bottom, w - block.x0)]


# --------------------------------------------------------------------------- ink
@dataclass
class Ink:
    kind: str  # "text", "image", "rect", "line", "curve"
    page: int
    bbox: BBox
    text: str = ""
    depth: float = 0.0  # descenders below the baseline: TeX lets them hang below the text block


def ink(ctx: CheckContext) -> list[Ink]:
    """Everything printed that is not page furniture: content lines and graphics.

    A graphic is furniture when it lies outside the text area next to a furniture
    line (the rule under a running head, the frame of a review corner box), or
    when it covers nearly the whole page (a page background).
    """
    out: list[Ink] = []
    for page in ctx.document.pages:
        for ln in page.lines:
            # The baseline of the line's main-size words: sub- and superscripts, fraction
            # denominators hang lower, as TeX allows at the foot of a column.
            size = ln.size
            baseline = max(w.bottom - DESCENT * w.size for w in ln.words if w.size >= size - 0.5)
            out.append(Ink("text", page.number, ln.bbox, ln.text, max(ln.bottom - baseline, 0.0)))
        area = page.width * page.height
        for g in page.graphics:
            if (g.x1 - g.x0) * (g.bottom - g.top) > 0.8 * area:
                continue
            if any(_near(g.bbox, f.bbox, 6.0) for f in page.furniture):
                continue
            out.append(Ink(g.kind, page.number, g.bbox))
    return out


def _near(a: BBox, b: BBox, pad: float) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def longest_body_block(doc) -> Block | None:
    """The body block with the most text: where a whole-document finding points."""
    return max((b for b in doc.blocks if b.kind.is_body), key=lambda b: len(b.text), default=None)


# --------------------------------------------------------------------------- mode
_ANONYMOUS = re.compile(
    r"\banonymous\b.{0,40}\b(submission|authors?)\b|\bpaper\s+id\s*#?\s*(\*{3,}|\d+)\s*$|#\s*\*{3,}", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|\{[\w.,\s]+\}@[\w-]+(\.[\w-]+)+")


@dataclass
class Mode:
    mode: str  # "review" or "final"
    evidence: list[str]
    page_numbers: list[int]  # pages that print a page number


def submission_mode(ctx: CheckContext) -> Mode:
    doc = ctx.document
    evidence: list[str] = []
    numbers = sum(1 for p in doc.pages for f in p.furniture if f.furniture == Furniture.LINE_NUMBER)
    if numbers >= 20:
        evidence.append(f"line numbers in the margins ({numbers})")
    header = next((f for p in doc.pages for f in p.furniture if f.furniture == Furniture.REVIEW_HEADER), None)
    if header is not None:
        evidence.append(f"review header \u201c{header.text[:60]}\u201d")
    first = doc.pages[0]
    for ln in [*first.lines, *first.furniture]:
        m = _ANONYMOUS.search(ln.text)
        if m:
            evidence.append(f"\u201c{ln.text.strip()[:50]}\u201d on page 1")
            break
    page_numbers = sorted({p.number for p in doc.pages for f in p.furniture if f.furniture == Furniture.PAGE_NUMBER})
    return Mode("review" if evidence else "final", evidence, page_numbers)


def author_lines(ctx: CheckContext) -> list[Line]:
    """Page-1 lines between the title and the abstract or first heading."""
    doc = ctx.document
    if not doc.pages:
        return []
    title = [b for b in doc.blocks if b.kind == BlockKind.TITLE]
    if not title:
        return []
    out: list[Line] = []
    started = False
    for b in doc.blocks:
        if b.kind == BlockKind.TITLE:
            started = True
            continue
        if not started:
            continue
        if b.page != doc.pages[0].number or b.kind in (
            BlockKind.ABSTRACT_HEADING, BlockKind.ABSTRACT, BlockKind.HEADING, BlockKind.REFERENCES_HEADING
        ) or b.kind.is_body:
            break
        if b.kind in (BlockKind.AUTHORS, BlockKind.FIGURE_TEXT, BlockKind.FOOTNOTE):
            out.extend(ln for ln in b.lines if ln.page == doc.pages[0].number)
    return out


def emails(lines: list[Line]) -> list[str]:
    return [m.group(0) for ln in lines for m in _EMAIL.finditer(ln.text)]


def format_metrics(ctx: CheckContext) -> None:
    """The format metrics of the report: columns, body font size and family, mode."""
    doc = ctx.document
    g = ctx.cached(grid)
    ctx.metrics.setdefault("columns", g.columns)
    ctx.metrics.setdefault("body_font_size", round(doc.body_size, 2))
    ctx.metrics.setdefault("body_font", doc.body_font)
    ctx.metrics.setdefault("mode", ctx.cached(submission_mode).mode)
