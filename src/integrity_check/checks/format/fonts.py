"""FMT005 body font size, FMT006 body font family, FMT007 embedded fonts and no Type 3."""
from __future__ import annotations

import re

from ...findings import Severity, union
from ...model import BlockKind, base_font_name, weighted_mode
from ..base import CheckContext, Rule, short_list
from ..examples import Bad, Good
from .measure import format_metrics, longest_body_block


def _latex_size(size: float) -> str:
    return f"{size * 72.27 / 72:.0f} pt"


class BodyFontSize(Rule):
    """What it checks
    The body text is set in the venue's size (CVPR: 10 pt, 9.96 in PDF units),
    within ``tolerance_pt``. The dominant size of the abstract and section
    paragraphs is compared with the venue's. The reference list has its own
    size (CVPR: 9 pt) and is judged against that, within
    ``other_tolerance_pt`` (captions by FMT011); captions and footnotes are
    never taken for body text.

    Why the course cares
    An 11 pt or 9 pt body changes how much fits on a page, so the page limit no
    longer means the same for every report.

    How to fix
    Keep the template's font sizes.
      In LaTeX: keep ``\\documentclass[10pt,...]`` and do not wrap the text in
      ``\\small`` or load packages that rescale fonts.
      In Word: set the Normal style to 10 pt.
    """

    code = "FMT005"
    name = "body-font-size"
    family = "format"
    severity = Severity.ERROR
    summary = "Body text is set in the venue's size; captions and references in theirs."
    params = {"tolerance_pt": 0.35, "other_tolerance_pt": 0.6}
    examples = (
        Bad("The body in 11 pt.", pdf={"body_size": 10.95}),
        Bad("The body wrapped in \\small (9 pt).", pdf={"body_size": 8.97}),
        Good("The body in the template's 10 pt, references in 9 pt.", pdf={}),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(format_metrics)
        doc = ctx.document
        want = ctx.venue.get("body_size")
        if not want or not doc.body_size:
            return
        want = float(want)
        tol = float(self.config["tolerance_pt"])
        name = ctx.venue.get("name", "the venue")
        block = longest_body_block(doc)
        if abs(doc.body_size - want) > tol and block is not None:
            yield self.finding(
                f"Body text is set in {_latex_size(doc.body_size)} ({doc.body_size:g} pt in the PDF); "
                f"{name} requires {_latex_size(want)}.",
                page=block.page, bbox=block.bbox,
                fix=f"Set the body to {_latex_size(want)}: in LaTeX use \\documentclass[{_latex_size(want).replace(' ', '')},...] "
                "as in the template and remove \\small, \\large or \\fontsize around the text; "
                f"in Word set the Normal style to {_latex_size(want)}.",
                size=doc.body_size, expected=want,
            )
        other = float(self.config["other_tolerance_pt"])
        yield from self._own_size(ctx, BlockKind.REFERENCE, "reference_size", "reference list", other,
                                  "in LaTeX keep the template's bibliography style (no \\footnotesize or \\tiny "
                                  "around \\bibliography); in Word set the reference style's size")


    def _own_size(self, ctx, kind, key, what, tol, how):
        want = ctx.venue.get(key)
        blocks = ctx.document.blocks_of(kind)
        if not want or len(blocks) < 3:
            return
        size = weighted_mode(((ln.size, len(ln.text)) for b in blocks for ln in b.lines), 0.0)
        if abs(size - float(want)) > tol:
            yield self.finding(
                f"The {what} is set in {_latex_size(size)} ({size:g} pt); the template uses {_latex_size(float(want))}.",
                page=blocks[0].page, bbox=blocks[0].bbox, severity=Severity.WARNING,
                fix=f"Set the {what} in {_latex_size(float(want))}: {how}.",
                size=size, expected=float(want),
            )


class BodyFontFamily(Rule):
    """What it checks
    The body text is set in the venue's typeface (CVPR: Times or a clone).
    Accepted clones for Times: Times New Roman, Nimbus Roman (what
    ``\\usepackage{times}`` or ``mathptmx`` embed), TeX Gyre Termes, STIX,
    Tinos, Liberation Serif; font subset prefixes such as ``ABCDEF+`` are
    ignored.

    Why the course cares
    A report in Computer Modern (LaTeX's default), Calibri or Arial was not
    made with the template, and its text takes a different amount of space.

    How to fix
    Use the template's typeface.
      In LaTeX: keep the template's ``\\usepackage{times}`` (or ``newtxtext``).
      In Word: set the Normal style to Times New Roman.
    """

    code = "FMT006"
    name = "body-font-family"
    family = "format"
    severity = Severity.ERROR
    summary = "Body text uses the venue's typeface (Times or a clone for CVPR)."
    params: dict = {}
    examples = (
        Bad("The body in Arial (Helvetica) instead of Times.", pdf={"body_font": "Helvetica"}),
        Good("The body in Times (Nimbus Roman, TeX Gyre Termes...).", pdf={}),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(format_metrics)
        doc = ctx.document
        patterns = ctx.venue.get("body_fonts")
        if not patterns or not doc.body_font:
            return
        if any(re.search(p, doc.body_font, re.I) for p in patterns):
            return
        want = ctx.venue.get("body_font_name", "the venue's typeface")
        name = ctx.venue.get("name", "the venue")
        block = longest_body_block(doc)
        yield self.finding(
            f"Body text is set in {doc.body_font}; {name} requires {want}.",
            page=block.page if block else None, bbox=block.bbox if block else None,
            fix=f"Use {want} for the body: in LaTeX keep the template's font packages (for Times: "
            "\\usepackage{times} or \\usepackage{newtxtext}) and do not load lmodern or fontspec with another font; "
            "in Word set the Normal style's font to Times New Roman.",
            font=doc.body_font,
        )


class EmbeddedFonts(Rule):
    """What it checks
    Every font is embedded, and none is a Type 3 (bitmap) font (unless
    ``allow_type3``). Type 3 fonts come from old dvips runs or figures saved by
    matplotlib with default settings.

    Why the course cares
    A font that is not embedded is replaced by whatever the printer or viewer
    has, which can change line breaks and symbols; Type 3 fonts are rejected by
    IEEE PDF eXpress and print blurry.

    How to fix
    Embed every font and re-export figures with outline or TrueType fonts.
      In LaTeX: compile with pdflatex, and for figures set
      ``matplotlib.rcParams['pdf.fonttype'] = 42`` or re-export them; embed the
      rest with ``gs -dEmbedAllFonts=true``.
      In Word: File > Options > Save > Embed fonts in the file, and export with
      "PDF/A compliant".
    """

    code = "FMT007"
    name = "embedded-fonts"
    family = "format"
    severity = Severity.ERROR
    summary = "All fonts are embedded; no Type 3 fonts."
    params = {"allow_type3": False}
    examples = (
        Bad("A matplotlib figure saved as PDF with default settings: its labels in a Type 3 font.",
            pdf={"type3_font": True}),
        Good("The figure saved with pdf.fonttype = 42 (TrueType, embedded).", pdf={}),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(format_metrics)
        doc = ctx.document
        for font in doc.fonts:
            pages = font.pages or [None]
            if font.type == "Type3":
                if self.config["allow_type3"]:
                    continue
                used, page, bbox = _font_usage(doc, font)
                yield self.finding(
                    f"Type 3 (bitmap) font {font.base_name} used on page(s) {short_list(used) or '?'}.",
                    page=page or pages[0], bbox=bbox,
                    fix="Replace the Type 3 font: for matplotlib figures set rcParams['pdf.fonttype'] = 42 and save "
                    "again; in LaTeX load \\usepackage[T1]{fontenc} with lmodern or times instead of bitmap fonts; "
                    "in Word export with File > Save As > PDF (Options: PDF/A).",
                    font=font.name, font_type=font.type, pages=used,
                )
            elif not font.embedded:
                used, page, bbox = _font_usage(doc, font)
                yield self.finding(
                    f"Font {font.base_name} ({font.type}) is not embedded (page(s) {short_list(used) or '?'}).",
                    page=page or pages[0], bbox=bbox,
                    fix="Embed every font: with LaTeX use pdflatex and re-export figures with their fonts embedded "
                    "(or run gs -dPDFSETTINGS=/prepress -dEmbedAllFonts=true); in Word tick File > Options > "
                    "Save > Embed fonts in the file and export as PDF/A.",
                    font=font.name, font_type=font.type, pages=used,
                )


def _font_usage(doc, font) -> tuple[list[int], int | None, object]:
    """Pages whose text uses the font, and the first such page with the box of those words.

    A Type 3 font often has no name in the font dictionary; its words are the ones set
    in a font that no other (named) font of the document accounts for.
    """
    name = font.base_name
    known = {f.base_name for f in doc.fonts if f.type != "Type3"}

    def uses(w) -> bool:
        base = base_font_name(w.font)
        if base == name or w.font == font.name:
            return True
        return font.type == "Type3" and font.name.startswith("(unnamed") and base not in known

    pages, first, box = [], None, None
    for page in doc.pages:
        words = [w for w in page.words if uses(w)]
        if words:
            pages.append(page.number)
            if first is None:
                first, box = page.number, union(w.bbox for w in words)
    return pages or list(font.pages), first, box
