"""FMT003 column layout and FMT004 margins."""
from __future__ import annotations

from ...findings import Severity, union
from ..base import CheckContext, Rule, short_list
from ..examples import Bad, Good
from .measure import (GRID_TOLERANCE, columns_unclear, format_metrics, grid, grid_differences, ink, other_template,
                      page_blocks, text_block)

_SIDES = ("left", "right", "top", "bottom")


class ColumnLayout(Rule):
    """What it checks
    Body text is set in the venue's columns: their number, width and gap
    (within ``tolerance_pt``). CVPR and ICCV set two columns of 236.25 pt
    (3.28 in) with a 22.5 pt (0.31 in) gap in a 495 x 639 pt text block.
    One-column text, or columns of another width (IEEEtran: 252 pt, ACL:
    218 pt) mean the report was not made with the venue's template.

    Why the course cares
    Reports must use the venue's template, so that all are judged on the same
    page layout.

    How to fix
    Typeset the report with the venue's official template without changing its
    page layout.
      In LaTeX: use the official kit
      (``\\documentclass[10pt,twocolumn,letterpaper]{article}`` with the venue's
      ``.sty``) and do not load ``geometry``, ``fullpage`` or change
      ``\\columnsep``.
      In Word: Layout > Columns > More Columns, two columns of the venue's
      width and spacing.
    """

    code = "FMT003"
    name = "column-layout"
    family = "format"
    severity = Severity.ERROR
    summary = "Body text is set in the venue's columns (count, width, gap)."
    fix = "Typeset the report with the venue's official template without changing its page layout."
    params = {"tolerance_pt": GRID_TOLERANCE}
    examples = (
        Bad("A one-column report.", pdf={"columns": 1}),
        Bad("IEEEtran's 252 pt columns with an 18 pt gap in a CVPR hand-in.",
            pdf={"column_width": 252.0, "gap": 18.0, "left": 54.0}),
        Good("Two 236.25 pt columns with a 22.5 pt gap, from the CVPR kit.", pdf={}),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(format_metrics)
        venue = ctx.venue
        want = venue.get("columns")
        g = ctx.cached(grid)
        if not want or not g.columns:
            return
        want = int(want)
        tol = float(self.config["tolerance_pt"])
        name = venue.get("name", "the venue")
        width = venue.get("column_width")
        gap = venue.get("column_gap")
        spec = f"{want} column(s)" + (f" of {float(width):g} pt" if width else "") + (
            f" with a {float(gap):g} pt gap" if gap and want > 1 else "")
        page, bbox = _first_body_box(ctx)
        if columns_unclear(ctx):
            # Lines as narrow as a column but no gutter to be seen: too little two-column
            # text to tell (a page mostly set across the block). Never call it one column.
            yield self.finding(
                f"Could not tell the column layout: the body text shows no gutter, but its lines are only "
                f"{g.column_width:.1f} pt wide, as in one of several columns; {name} requires {spec}.",
                page=page, bbox=bbox, severity=min(self.active_severity, Severity.WARNING),
                fix=f"Check that the body is set in {spec}: in LaTeX use the venue's kit unchanged; in Word use "
                "Layout > Columns for the whole body, not only part of it.",
                columns=g.columns, expected_columns=want,
            )
            return
        if g.columns != want:
            layout = "one column" if g.columns == 1 else f"{g.columns} columns"
            yield self.finding(
                f"The body text is set in {layout} ({g.column_width:.1f} pt wide); {name} requires {spec}.",
                page=page, bbox=bbox,
                fix=f"Set the body in {spec}: in LaTeX use the venue's kit (for CVPR "
                "\\documentclass[10pt,twocolumn,letterpaper]{article} with cvpr.sty) and remove "
                "\\onecolumn or geometry/fullpage; in Word use Layout > Columns.",
                columns=g.columns, expected_columns=want,
            )
            return
        problems = grid_differences(ctx, tol)[1]
        if problems:
            yield self.finding(
                f"The column grid is not {name}'s: {' and '.join(problems)} (another template?).",
                page=page, bbox=bbox,
                fix=f"Use {name}'s template unchanged ({spec}): in LaTeX do not change \\textwidth, "
                "\\columnsep or load geometry; in Word set Layout > Columns > More Columns to the "
                "venue's width and spacing.",
                column_width=round(g.column_width, 2), gap=None if g.gap is None else round(g.gap, 2),
            )


def _first_body_box(ctx: CheckContext):
    from ...model import BlockKind

    for b in ctx.document.blocks:
        if b.kind == BlockKind.PARAGRAPH:
            return b.page, b.bbox
    return (ctx.document.pages[0].number if ctx.document.pages else None), None


class Margins(Rule):
    """What it checks
    No ink outside the text block: text, images and drawings stay inside the
    margins. The venue's text block (CVPR: 495 x 639 pt from 1 in at the top;
    left edge at 50.1 pt in kits up to 2024 or 58.5 pt from 2025) must hold
    everything; a figure, table, equation or URL that sticks out by more than
    ``tolerance_in`` (default 0.05 in) is reported with its page, side,
    distance and box (beyond ``max_findings``, the rest are summed up in one
    finding). Review-mode furniture (line numbers, the confidential header,
    corner boxes, page numbers) is never a violation.

    Why the course cares
    Content in the margins gains space other reports do not have and may be cut
    off in print.

    How to fix
    Scale or break whatever sticks out so that it fits the text block.
      In LaTeX: scale figures to ``width=\\linewidth`` (``\\textwidth`` for
      ``figure*``), wrap wide tables in ``\\resizebox{\\linewidth}{!}{...}``,
      break long equations and URLs.
      In Word: drag the picture inside the margin guides or set its width in
      Format Picture > Size.
    """

    code = "FMT004"
    name = "margins"
    family = "format"
    severity = Severity.ERROR
    summary = "No text, image or drawing outside the text block."
    params = {"tolerance_in": 0.05, "max_findings": 12}
    ranges = {"tolerance_in": (0, 8.5), "max_findings": (1, None)}
    examples = (
        Bad("A figure 20 pt wider than its column, running into the right margin.",
            pdf={"figure_offset_into_margin": 20.0, "margin_side": "right"}),
        Good("The same figure scaled to the column width.", pdf={}),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(format_metrics)
        block = ctx.cached(text_block)
        if block is None:
            return
        tol = float(self.config["tolerance_in"]) * 72
        # page -> side -> [(distance, item)]
        found: dict[int, dict[str, list]] = {}
        first = ctx.document.pages[0]
        blocks = {p.number: page_blocks(block, p, first) for p in ctx.document.pages}
        for item in ctx.cached(ink):
            x0, top, x1, bottom = item.bbox
            over = min(({"left": b.x0 - x0, "right": x1 - b.x1,
                         "top": b.top - top, "bottom": bottom - item.depth - b.bottom} for b in blocks[item.page]),
                       key=lambda o: max(o.values()))
            side = max(over, key=over.get)
            if over[side] > tol:
                found.setdefault(item.page, {}).setdefault(side, []).append((over[side], item))
        groups = [(page, side, found[page][side]) for page in sorted(found) for side in _SIDES if side in found[page]]
        template = ctx.cached(other_template)
        if template and groups:
            yield self._other_template(ctx, template, groups)
            return
        limit = int(self.config["max_findings"])
        if len(groups) > limit:
            rest = groups[limit - 1:]
            groups = groups[: limit - 1]
            pages = sorted({p for p, _, _ in rest})
            yield self.finding(
                f"{sum(len(i) for _, _, i in rest)} more item(s) stick out of the text block on page(s) "
                f"{', '.join(map(str, pages))}: the whole page layout differs from the template.",
                page=rest[0][0], bbox=union(i.bbox for _, i in rest[0][2]),
                fix="Start again from the venue's template: LaTeX: use its .sty and documentclass options without "
                "geometry or fullpage; Word: use the venue's .docx template and do not change Layout > Margins.",
                side=rest[0][1], pages=pages,
                boxes=[[round(v, 2) for v in i.bbox] for _, i in rest[0][2]],
            )
        for page, side, items in groups:
            far = max(d for d, _ in items)
            kinds = sorted({"text" if i.kind == "text" else "graphics" for _, i in items})
            what = " and ".join(kinds)
            sample = next((i.text for _, i in items if i.text), "")
            detail = f" (\u201c{sample[:40]}\u201d)" if sample and len(items) == 1 else ""
            yield self.finding(
                f"{len(items)} item(s) of {what}{detail} stick out of the text block into the {side} "
                f"margin by up to {far:.1f} pt ({far / 72:.2f} in).",
                page=page,
                bbox=union(i.bbox for _, i in items),
                fix=_FIX[side],
                side=side,
                distance_pt=round(far, 2),
                boxes=[[round(v, 2) for v in i.bbox] for _, i in items],
                text_block=[round(v, 2) for v in block.bbox],
            )


    def _other_template(self, ctx: CheckContext, template: str, groups):
        """One cause, one finding: a report set in another template overflows the venue's
        text block on page after page; one finding for the document says so."""
        pages = sorted({page for page, _, _ in groups})
        sides = [side for side in _SIDES if any(s == side for _, s, _ in groups)]
        far = max(d for _, _, items in groups for d, _ in items)
        first = [i for page, _, items in groups if page == pages[0] for _, i in items]
        name = ctx.venue.get("name", "the venue")
        return self.finding(
            f"Text or graphics stick out of {name}'s text block on {len(pages)} page(s) "
            f"({short_list(pages)}), into the {', '.join(sides)} margin(s) by up to {far:.1f} pt "
            f"({far / 72:.2f} in): the report is set in another template ({template}), so its "
            "margins differ on every page.",
            page=pages[0], bbox=union(i.bbox for i in first),
            fix="Start again from the venue's template: LaTeX: use its .sty and documentclass options without "
            "geometry or fullpage; Word: use the venue's .docx template and do not change Layout > Margins.",
            side=sides[0], pages=pages, distance_pt=round(far, 2), template=template,
        )


_FIX = {
    "left": "Move it inside the left margin: in LaTeX size figures with width=\\linewidth (\\textwidth for figure*), "
    "wrap wide tables in \\resizebox{\\linewidth}{!}{...}, remove negative \\hspace; in Word drag it inside the margin guides.",
    "right": "Pull it back inside the right margin: in LaTeX size figures with width=\\linewidth (\\textwidth for figure*), "
    "wrap wide tables in \\resizebox{\\linewidth}{!}{...}, break long equations or URLs (\\url with xurl); "
    "in Word set the picture's width in Format Picture > Size.",
    "top": "Keep it below the top margin: in LaTeX remove negative \\vspace before floats or the title and do not "
    "change \\topmargin; in Word keep pictures inside the margin guides (Layout > Margins unchanged).",
    "bottom": "Keep it above the bottom margin: in LaTeX remove negative \\vspace, do not enlarge \\textheight, and "
    "let long tables or figures float to the next column; in Word keep pictures inside the margin guides.",
}
